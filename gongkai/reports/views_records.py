"""Staff pages of table 三 computed from the records: the table, and the applications in a cell.

Only users who may read the agency (``can_read_agency``) see these pages; for anyone else the
agency does not exist (404), so that the pages do not tell which agency codes are in use. Past
that, a year outside ``report_years()``, a cell the edition does not have or a page of the list
that does not exist is a 404 that says what is wrong (the site's 404 page shows no reason).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import InvalidPage, Page
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import can_read_agency
from gongkai.applications.outcomes import OUTCOMES
from gongkai.core.errors import DomainError
from gongkai.reports.compute import report_year_problem, report_years
from gongkai.reports.compute.report import report_compute
from gongkai.reports.drilldown import cell_page
from gongkai.reports.engine.editions import CellKey, Edition, edition_for_year
from gongkai.reports.engine.writers.layout import table3_grid


class NotFound(Exception):
    """A 404 whose reason the page should show (Http404's message never reaches the user)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


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
    if agency is None or not can_read_agency(request.user, agency):
        raise Http404("没有这个机关，或无权查看")
    return agency


def _edition(year: int) -> Edition:
    problem = report_year_problem(year)
    if problem is not None:
        raise NotFound(problem)
    return edition_for_year(year)


def _not_found(request: HttpRequest, agency: Agency, year: int, exc: NotFound) -> HttpResponse:
    context = {"agency": agency, "year": year, "message": exc.message, "years": report_years()}
    return render(request, "reports/table3_not_found.html", context, status=404)


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
    try:
        edition = _edition(year)
    except NotFound as exc:
        return _not_found(request, agency, year, exc)
    years = report_years()
    context: dict = {
        "agency": agency,
        "year": year,
        "edition": edition,
        # 上年结转 of this year is 结转 of the last: the two tables are read side by side.
        "previous_year": year - 1 if year - 1 in years else None,
        "next_year": year + 1 if year + 1 in years else None,
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
    try:
        context = _cell_context(request, agency, year)
    except NotFound as exc:
        return _not_found(request, agency, year, exc)
    return render(request, "reports/table3_cell.html", context)


def _cell_context(request: HttpRequest, agency: Agency, year: int) -> dict:
    edition = _edition(year)
    row_key, column_key = request.GET.get("row", ""), request.GET.get("column", "")
    number = request.GET.get("page")
    try:
        row = edition.row_by_key(row_key)
        column = next(c for c in edition.table3_columns if c.key == column_key)
        page = cell_page(agency, year, row_key, column_key, number)
    except (KeyError, StopIteration):
        raise NotFound(
            f"{edition.name} 表三没有这个单元格（row={row_key}，column={column_key}）"
        ) from None
    except InvalidPage:
        raise NotFound(f"page={number} 不是这个单元格申请列表的页码") from None
    applications = list(page.object_list)
    for app in applications:
        # The application's own outcome, also where the edition folds it into a wider row.
        app.outcome_label = OUTCOMES[app.outcome].label if app.outcome in OUTCOMES else ""
    return {
        "agency": agency,
        "year": year,
        "edition": edition,
        "cell_name": edition.cell_name(edition.t3(row, column)),
        "row_label": row.label,
        "column_label": column.label,
        "applications": applications,
        "page": page,
        "page_links": _page_links(request, page, row_key, column_key),
    }


@dataclass(frozen=True)
class PageLink:
    """One entry of the list's page links: a page number, or "…" between them (no url)."""

    label: str
    url: str = ""
    current: bool = False


def _page_links(request: HttpRequest, page: Page, row_key: str, column_key: str) -> list[PageLink]:
    """上一页, the first and last pages and two either side of this one, 下一页; each link keeps
    the row and column. No links for a list of one page."""
    paginator = page.paginator
    if paginator.num_pages <= 1:
        return []

    def url(n: int) -> str:
        return f"{request.path}?{urlencode({'row': row_key, 'column': column_key, 'page': n})}"

    links = []
    if page.has_previous():
        links.append(PageLink("上一页", url(page.previous_page_number())))
    for n in paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1):
        if n == paginator.ELLIPSIS:
            links.append(PageLink(str(n)))
        else:
            links.append(PageLink(str(n), url(int(n)), current=n == page.number))
    if page.has_next():
        links.append(PageLink("下一页", url(page.next_page_number())))
    return links
