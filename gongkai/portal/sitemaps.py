"""The sitemap: the home, each agency's pages, and every public item (in pages of LIMIT,
ordered by key so that the pages hold still while items are published)."""

from __future__ import annotations

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from gongkai.agencies.models import Agency
from gongkai.portal import selectors
from gongkai.publishing.models import Item

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


SITEMAPS = {"home": HomeSitemap, "agencies": AgencySitemap, "items": ItemSitemap}
