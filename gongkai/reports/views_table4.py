"""Staff pages of table 四 computed from the case register: the table, and the cases in a cell.

The same rules as table 三's pages (views_records): only users who may read the agency see them,
for anyone else the agency does not exist (404); a year outside ``report_years()`` or a column
table 四 does not have is a 404 that says what is wrong.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import InvalidPage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from gongkai.agencies.models import Agency
from gongkai.reports.compute import report_years
from gongkai.reports.compute.table4 import case_cell_page, table4_counts
from gongkai.reports.compute.table4_predicates import split_column
from gongkai.reports.engine.editions import SECTION_NUMBERS, SECTION_TITLES, CellKey
from gongkai.reports.engine.model import Report
from gongkai.reports.engine.writers.layout import table4_grid
from gongkai.reports.views_records import (
    Cell,
    NotFound,
    edition_of_year,
    page_links,
    readable_agency,
)


def _not_found(request: HttpRequest, agency: Agency, year: int, exc: NotFound) -> HttpResponse:
    context = {"agency": agency, "year": year, "message": exc.message, "years": report_years()}
    return render(request, "reports/table4_not_found.html", context, status=404)


@login_required
@require_GET
def table4(request: HttpRequest, agency_code: str, year: int) -> HttpResponse:
    agency = readable_agency(request, agency_code)
    try:
        edition = edition_of_year(year)
    except NotFound as exc:
        return _not_found(request, agency, year, exc)
    # A report that holds table 四 only, for the official layout (engine.writers.layout).
    report = Report(edition=edition, omitted=frozenset(SECTION_NUMBERS) - {"四"})
    for key, value in table4_counts(agency, year).items():
        report.set(key, value)
    base = reverse("reports:table4_cell", args=[agency.code, year])
    keys = {column.label: column.key for column in edition.table4_columns}
    rows = [
        [
            Cell(
                c.text,
                c.header,
                c.role,
                c.rowspan,
                c.colspan,
                f"{base}?{urlencode({'column': keys[c.key.column]})}" if c.key else "",
            )
            for c in grid_row
        ]
        for grid_row in table4_grid(report).rows()
    ]
    years = report_years()
    context = {
        "agency": agency,
        "year": year,
        "edition": edition,
        "previous_year": year - 1 if year - 1 in years else None,
        "next_year": year + 1 if year + 1 in years else None,
        "section_title": f"四、{SECTION_TITLES['四']}",  # the official heading: data
        "rows": rows,
    }
    return render(request, "reports/table4.html", context)


@login_required
@require_GET
def table4_cell(request: HttpRequest, agency_code: str, year: int) -> HttpResponse:
    agency = readable_agency(request, agency_code)
    try:
        context = _cell_context(request, agency, year)
    except NotFound as exc:
        return _not_found(request, agency, year, exc)
    return render(request, "reports/table4_cell.html", context)


def _cell_context(request: HttpRequest, agency: Agency, year: int) -> dict:
    edition = edition_of_year(year)
    column_key = request.GET.get("column", "")
    number = request.GET.get("page")
    try:
        split_column(column_key)
        column = next(c for c in edition.table4_columns if c.key == column_key)
        page = case_cell_page(agency, year, column_key, number)
    except (KeyError, StopIteration):
        raise NotFound(
            _("%(edition)s 表四没有这个单元格（column=%(column)s）")
            % {"edition": edition.name, "column": column_key}
        ) from None
    except InvalidPage:
        raise NotFound(_("page=%(page)s 不是这个单元格的列表页码") % {"page": number}) from None
    return {
        "agency": agency,
        "year": year,
        "edition": edition,
        "cell_name": edition.cell_name(CellKey("四", "", "", column.label)),
        "column_label": column.label,
        "cases": list(page.object_list),
        "page": page,
        # The pages' links keep the column (the helper also carries an empty row: table 四 has
        # one row, and this page reads no row).
        "page_links": page_links(request, page, "", column_key),
    }
