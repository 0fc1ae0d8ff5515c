"""The sitemap: the home, each agency's pages, every public item (in pages of LIMIT, ordered by
key so that the pages hold still while items are published) and every published annual report."""

from __future__ import annotations

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, QuerySet
from django.urls import reverse

from gongkai.agencies.models import Agency
from gongkai.portal import selectors
from gongkai.publishing.models import Item
from gongkai.reports.models import AnnualReport

AGENCY_PAGES = ("portal:agency", "portal:guide", "portal:catalogue", "portal:reports")


class HomeSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self) -> list[str]:
        return ["portal:home"]

    def location(self, name: str) -> str:
        return reverse(name)


class AgencySitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self) -> list[tuple[str, str]]:
        codes = Agency.objects.order_by("code").values_list("code", flat=True)
        return [(name, code) for code in codes for name in AGENCY_PAGES]

    def location(self, page: tuple[str, str]) -> str:
        name, code = page
        return reverse(name, args=[code])


class ItemSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6
    limit = 10_000

    def items(self) -> QuerySet[Item]:
        return (
            selectors.public_items()
            .select_related("agency", "current_version")
            .only("pk", "agency__code", "current_version__published_at")
            .order_by("pk")
        )

    def location(self, item: Item) -> str:
        return reverse("portal:item", kwargs={"agency_code": item.agency.code, "pk": item.pk})

    def lastmod(self, item: Item) -> datetime:
        return item.current_version.published_at


class ReportSitemap(Sitemap):
    """Each agency-year with a published annual report: its page (the latest version)."""

    changefreq = "yearly"
    priority = 0.7

    def items(self) -> QuerySet[AnnualReport]:
        return (
            AnnualReport.objects.filter(versions__isnull=False)
            .values("agency__code", "year")
            .annotate(last=Max("versions__published_at"))
            .order_by("agency__code", "year")
        )

    def location(self, report: dict) -> str:
        return reverse("portal:report", args=[report["agency__code"], report["year"]])

    def lastmod(self, report: dict) -> datetime:
        return report["last"]


SITEMAPS = {
    "home": HomeSitemap,
    "agencies": AgencySitemap,
    "items": ItemSitemap,
    "reports": ReportSitemap,
}
