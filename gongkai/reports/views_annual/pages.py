"""The two pages of the annual report: an agency's years, and one year's report."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import can_work_in_agency
from gongkai.core.views import staff_view
from gongkai.reports.annual.permissions import can_compile_reports
from gongkai.reports.compute import report_years
from gongkai.reports.forms_annual import ImportForm, OpenForm
from gongkai.reports.models import AnnualReport, ReportVersion
from gongkai.reports.views_annual.access import (
    HEAVY,
    NotFound,
    annual_report,
    check_year,
    not_found,
    readable_agency,
)
from gongkai.reports.views_annual.detail import render_detail


@dataclass(frozen=True)
class YearRow:
    year: int
    report: AnnualReport | None
    versions: list[ReportVersion]
    open_form: OpenForm | None


def listed_years(reports: dict[int, AnnualReport]) -> list[int]:
    """From the first year of the national format to last year, and any later year already
    opened; the latest first."""
    years = set(range(report_years()[0], timezone.localdate().year)) | set(reports)
    return sorted(years, reverse=True)


def render_list(
    request: HttpRequest,
    agency: Agency,
    *,
    open_form: OpenForm | None = None,
    import_form: ImportForm | None = None,
    status: int = 200,
) -> HttpResponse:
    may_compile = can_compile_reports(request.user, agency)
    versions = ReportVersion.objects.defer(*HEAVY).order_by("number")
    reports = {
        r.year: r
        for r in AnnualReport.objects.filter(agency=agency).prefetch_related(
            Prefetch("versions", queryset=versions)
        )
    }
    posted_year = open_form.data.get("year") if open_form is not None else None
    rows = []
    for year in listed_years(reports):
        report = reports.get(year)
        form = None
        if may_compile and report is None:
            form = open_form if posted_year == str(year) else OpenForm(initial={"year": year})
        rows.append(YearRow(year, report, list(report.versions.all()) if report else [], form))
    context = {
        "agency": agency,
        "rows": rows,
        "may_compile": may_compile,
        "read_only": not can_work_in_agency(request.user, agency),
        "open_form": open_form,
        "import_form": (import_form or ImportForm()) if may_compile else None,
    }
    return render(request, "reports/annual_list.html", context, status=status)


@staff_view
@require_GET
def report_list(request: HttpRequest, agency_code: str) -> HttpResponse:
    return render_list(request, readable_agency(request, agency_code))


@staff_view
@require_GET
def report_detail(request: HttpRequest, agency_code: str, year: int) -> HttpResponse:
    agency = readable_agency(request, agency_code)
    try:
        check_year(year)
    except NotFound as exc:
        return not_found(request, agency, year, exc)
    return render_detail(request, agency, year, annual_report(agency, year))
