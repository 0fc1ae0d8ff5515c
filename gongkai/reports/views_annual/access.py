"""Who reaches which annual-report page, and the report a URL names.

The agency is found as on the table pages (``views_records.readable_agency``: another agency's
staff get a 404, so that the pages do not tell which codes are in use); a year outside
``report_years()`` is a 404 that says why. Writes are refused with a reason (403) before the
service is asked, by the same predicates the services use.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.reports.annual.files import HEAVY
from gongkai.reports.annual.permissions import can_compile_reports
from gongkai.reports.compute import report_year_problem, report_years
from gongkai.reports.models import AnnualReport, ReportVersion
from gongkai.reports.views_records import NotFound, readable_agency

__all__ = [
    "HEAVY",
    "NotFound",
    "annual_report",
    "check_year",
    "light_versions",
    "not_found",
    "readable_agency",
    "report_or_404",
    "require_compiler",
]


def check_year(year: int) -> None:
    if problem := report_year_problem(year):
        raise NotFound(problem)


def not_found(request: HttpRequest, agency: Agency, year: int, exc: NotFound) -> HttpResponse:
    context = {"agency": agency, "year": year, "message": exc.message, "years": report_years()}
    return render(request, "reports/annual_not_found.html", context, status=404)


def annual_report(agency: Agency, year: int) -> AnnualReport | None:
    return AnnualReport.objects.select_related("agency").filter(agency=agency, year=year).first()


def report_or_404(agency: Agency, year: int) -> AnnualReport:
    report = annual_report(agency, year)
    if report is None:
        raise Http404(_("%(year)d 年度报告尚未开始编制") % {"year": year})
    return report


def require_compiler(request: HttpRequest, agency: Agency | int, refusal: str) -> None:
    """The clerks (and admins) of the agency compile, edit and import; others are told why."""
    if not can_compile_reports(request.user, agency):
        raise PermissionDenied(refusal)


def light_versions(report: AnnualReport) -> list[ReportVersion]:
    """The report's versions, newest first, without their files."""
    return list(report.versions.defer(*HEAVY).select_related("published_by").order_by("-number"))
