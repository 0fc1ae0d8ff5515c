"""Staff pages of table 三 computed from the records: the table, and the applications in a cell.

Only users who may read the agency (``readable_agency_ids``) see these pages; for anyone else the
agency does not exist (404), so that the pages do not tell which agency codes are in use.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import readable_agency_ids
from gongkai.applications.outcomes import OUTCOMES
from gongkai.core.errors import DomainError
from gongkai.reports.compute import report_compute
from gongkai.reports.drilldown import applications_in_cell
from gongkai.reports.engine.editions import EDITION_2019, CellKey, Edition, edition_for_year
from gongkai.reports.engine.writers.layout import table3_grid

FIRST_YEAR = EDITION_2019.first_year


@dataclass(frozen=True)
class Cell:
    """One cell of the page's table: a header, or a number with the link to its applications."""

    text: str
    header: bool
    css: str
    rowspan: int = 1
    colspan: int = 1
    url: str = ""


def _readable_agency(request: HttpRequest, agency_code: str) -> Agency:
    agency = Agency.objects.filter(code=agency_code).first()
    if agency is None or agency.pk not in readable_agency_ids(request.user):
        raise Http404("没有这个机关，或无权查看")
    return agency


def _edition(year: int) -> Edition:
    try:
        return edition_for_year(year)
    except ValueError as exc:
        raise Http404(str(exc)) from None


def _cell_keys(edition: Edition) -> dict[CellKey, tuple[str, str]]:
    """Each table-三 cell's (row key, column key), for the links."""
    return {
        edition.t3(row, column): (row.key, column.key)
        for row in edition.table3_rows
        for column in edition.table3_columns
    }


@login_required
@require_GET
def table3(request: HttpRequest, agency_code: str, year: int) -> HttpResponse:
    agency = _readable_agency(request, agency_code)
    edition = _edition(year)
    context: dict = {
        "agency": agency,
        "year": year,
        "edition": edition,
        # 上年结转 of this year is 结转 of the last: the two tables are read side by side.
        "previous_year": year - 1 if year - 1 >= FIRST_YEAR else None,
        "next_year": year + 1,
    }
    try:
        report = report_compute(agency, year)
    except DomainError as exc:
        context["error"] = exc.message
        return render(request, "reports/table3.html", context, status=409)
    base = reverse("reports:table3_cell", args=[agency.code, year])
    keys = _cell_keys(edition)
    rows = []
    for grid_row in table3_grid(report).rows():
        cells = []
        for c in grid_row:
            url = ""
            if c.key is not None:
                row_key, column_key = keys[c.key]
                url = f"{base}?{urlencode({'row': row_key, 'column': column_key})}"
            cells.append(Cell(c.text, c.header, c.role, c.rowspan, c.colspan, url))
        rows.append(cells)
    context["rows"] = rows
    return render(request, "reports/table3.html", context)


@login_required
@require_GET
def table3_cell(request: HttpRequest, agency_code: str, year: int) -> HttpResponse:
    agency = _readable_agency(request, agency_code)
    edition = _edition(year)
    row_key, column_key = request.GET.get("row", ""), request.GET.get("column", "")
    try:
        row = edition.row_by_key(row_key)
        column = next(c for c in edition.table3_columns if c.key == column_key)
        applications = list(applications_in_cell(agency, year, row_key, column_key))
    except (KeyError, StopIteration):
        raise Http404(
            f"{edition.name} 表三没有这个单元格（row={row_key}，column={column_key}）"
        ) from None
    for app in applications:
        # The application's own outcome, also where the edition folds it into a wider row.
        app.outcome_label = OUTCOMES[app.outcome].label if app.outcome in OUTCOMES else ""
    context = {
        "agency": agency,
        "year": year,
        "edition": edition,
        "cell_name": edition.cell_name(edition.t3(row, column)),
        "row_label": row.label,
        "column_label": column.label,
        "applications": applications,
    }
    return render(request, "reports/table3_cell.html", context)
