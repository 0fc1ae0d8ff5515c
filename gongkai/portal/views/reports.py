"""An agency's published annual reports: the list by year, a year's report (its latest version),
an earlier version, and the frozen files of each version.

Only published versions exist here (a report still in review has none; a correction in review
leaves the published versions up). A page shows the report exactly as it was frozen: the
article of the stored HTML, never the report computed again from the records, and beside each
file its SHA-256, so that a reader can check a download.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from gongkai.agencies.models import Agency
from gongkai.portal.site import Crumb, crumbs_for, page
from gongkai.portal.views.common import agency_or_404
from gongkai.reports.annual.files import HEAVY, Download, downloads, stored_version
from gongkai.reports.annual.files import version_download as frozen_file
from gongkai.reports.models import AnnualReport, ReportVersion


@dataclass(frozen=True)
class Listed:
    """One version in a list: its number, day, correction and page."""

    number: int
    published_on: date
    correction_reason: str
    url: str
    latest: bool


@dataclass(frozen=True)
class YearReports:
    year: int
    latest: Listed
    earlier: list[Listed]


def _published(agency: Agency, year: int | None = None) -> list[AnnualReport]:
    """The agency's reports (of the year) that have a published version, the latest year first,
    each with its versions (newest first, without their files)."""
    versions = ReportVersion.objects.defer(*HEAVY).order_by("-number")
    found = AnnualReport.objects.filter(agency=agency, versions__isnull=False)
    if year is not None:
        found = found.filter(year=year)
    return list(
        found.distinct().order_by("-year").prefetch_related(Prefetch("versions", queryset=versions))
    )


def _listed(agency: Agency, year: int, versions: list[ReportVersion]) -> list[Listed]:
    latest = versions[0].number
    return [
        Listed(
            number=v.number,
            published_on=v.published_on,
            correction_reason=v.correction_reason,
            url=reverse("portal:report", args=[agency.code, year])
            if v.number == latest
            else reverse("portal:report_version", args=[agency.code, year, v.number]),
            latest=v.number == latest,
        )
        for v in versions
    ]


def _crumbs(agency: Agency, *trail: Crumb) -> list[Crumb]:
    listing = Crumb(_("政府信息公开工作年度报告"), reverse("portal:reports", args=[agency.code]))
    return crumbs_for(agency, listing, *trail)


@require_safe
def reports(request: HttpRequest, agency_code: str) -> HttpResponse:
    agency = agency_or_404(agency_code)
    years = []
    for report in _published(agency):
        listed = _listed(agency, report.year, list(report.versions.all()))
        years.append(YearReports(report.year, listed[0], listed[1:]))
    crumbs = crumbs_for(agency, Crumb(_("政府信息公开工作年度报告")))
    return page(request, "portal/reports.html", {"years": years}, agency=agency, crumbs=crumbs)


def frozen_article(version: ReportVersion) -> SafeString | None:
    """The <article> of the stored HTML, byte for byte as it was frozen (written by the report
    writer, which escapes every text); None when the stored page has none."""
    text = version.file("html").decode("utf-8", errors="replace")
    start, end = text.find("<article"), text.rfind("</article>")
    if start < 0 or end < start:
        return None
    return mark_safe(text[start : end + len("</article>")])  # noqa: S308 - the writer escaped it


def _year_page(request: HttpRequest, agency: Agency, year: int, number: int | None) -> HttpResponse:
    report = next(iter(_published(agency, year)), None)
    if report is None:
        raise Http404(year)
    versions = list(report.versions.all())
    if number is None:
        number = versions[0].number
    elif number == versions[0].number:
        return redirect("portal:report", agency_code=agency.code, year=year)
    shown = next((v for v in versions if v.number == number), None)
    if shown is None:
        raise Http404(number)
    files: list[Download] = downloads(shown, "portal:report_file", agency.code, year)
    context = {
        "year": year,
        "report": report,
        "version": shown,
        "current": shown.number == versions[0].number,
        "versions": _listed(agency, year, versions),
        "files": files,
        "article": frozen_article(shown),
        "html_url": reverse("portal:report_file", args=[agency.code, year, shown.number, "html"]),
    }
    title = _("%(year)d年度报告") % {"year": year}
    if not context["current"]:
        title = _("%(year)d年度报告（第%(number)d版）") % {"year": year, "number": number}
    crumbs = _crumbs(agency, Crumb(title))
    return page(request, "portal/report.html", context, agency=agency, crumbs=crumbs)


@require_safe
def report(request: HttpRequest, agency_code: str, year: int) -> HttpResponse:
    return _year_page(request, agency_or_404(agency_code), year, None)


@require_safe
def report_version(request: HttpRequest, agency_code: str, year: int, number: int) -> HttpResponse:
    return _year_page(request, agency_or_404(agency_code), year, number)


@require_safe
def report_file(
    request: HttpRequest, agency_code: str, year: int, number: int, fmt: str
) -> HttpResponse:
    agency = agency_or_404(agency_code)
    version = stored_version(agency.pk, year, number, fmt)
    if version is None:
        raise Http404(fmt)
    return frozen_file(version, fmt)
