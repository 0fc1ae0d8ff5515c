"""Staff pages of table 三 computed from the records: the table, and the applications in a cell.

Only users who may read the agency (``can_read_agency``) see these pages; for anyone else the
agency does not exist (404), so that the pages do not tell which agency codes are in use. Past
that, a year outside ``report_years()``, a cell the edition does not have or a position in the
list that this page could not have written (``after=``/``before=``, drilldown.py) is a 404 that
says what is wrong (the site's 404 page shows no reason).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page
from django.core.signing import Signer
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import can_read_agency
from gongkai.applications.outcomes import OUTCOMES
from gongkai.core.errors import DomainError
from gongkai.reports.compute import report_year_problem, report_years
from gongkai.reports.compute.report import report_compute
from gongkai.reports.drilldown import (
    APPLICATION_ORDER,
    BadCursor,
    Cursor,
    KeyOrder,
    KeysetPage,
    cell_page,
    cursor_from,
)
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


def readable_agency(request: HttpRequest, agency_code: str) -> Agency:
    """The agency of a page (404 when there is none, or the user may not read it): the table,
    drill-down and annual-report pages of an agency all find it here."""
    agency = Agency.objects.filter(code=agency_code).first()
    if agency is None or not can_read_agency(request.user, agency):
        raise Http404("没有这个机关，或无权查看")
    return agency


def edition_of_year(year: int) -> Edition:
    """The edition of a report year; NotFound (answered 404) for a year with no report."""
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
    agency = readable_agency(request, agency_code)
    try:
        edition = edition_of_year(year)
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
    agency = readable_agency(request, agency_code)
    try:
        context = _cell_context(request, agency, year)
    except NotFound as exc:
        return _not_found(request, agency, year, exc)
    return render(request, "reports/table3_cell.html", context)


def _cell_context(request: HttpRequest, agency: Agency, year: int) -> dict:
    edition = edition_of_year(year)
    row_key, column_key = request.GET.get("row", ""), request.GET.get("column", "")
    try:
        row = edition.row_by_key(row_key)
        column = next(c for c in edition.table3_columns if c.key == column_key)
    except (KeyError, StopIteration):
        raise NotFound(
            f"{edition.name} 表三没有这个单元格（row={row_key}，column={column_key}）"
        ) from None
    cell = signed_cell(agency.pk, year, "三", row_key, column_key)
    cursor, total = page_cursor(request, APPLICATION_ORDER), carried_total(request, cell)
    page = cell_page(agency, year, row_key, column_key, cursor, total=total)
    keep = {"row": row_key, "column": column_key, "n": sign_total(cell, page.count)}
    return {
        "agency": agency,
        "year": year,
        "edition": edition,
        "cell_name": edition.cell_name(edition.t3(row, column)),
        "row_label": row.label,
        "column_label": column.label,
        "applications": [_listed(app) for app in page.object_list],
        "page": page,
        "page_links": keyset_links(request, page, keep),
    }


@dataclass(frozen=True)
class Listed:
    """One application as the cell's list shows it (drilldown.LISTED_FIELDS)."""

    pk: int
    number: str
    applicant_name: str
    received_on: date
    closed_on: date | None
    outcome_label: str


def _listed(app: object) -> Listed:
    # The application's own outcome, also where the edition folds it into a wider row.
    outcome = OUTCOMES.get(app.outcome)
    return Listed(
        app.pk,
        app.number,
        app.applicant_name,
        app.received_on,
        app.closed_on,
        outcome.label if outcome else "",
    )


def page_cursor(request: HttpRequest, order: KeyOrder) -> Cursor:
    """The page's position from its query string; a position it could not have written is a
    404 naming it."""
    try:
        return cursor_from(request.GET, order)
    except BadCursor:
        names = ("after", "before", "last")
        given = "&".join(f"{k}={request.GET[k]}" for k in names if k in request.GET)
        raise NotFound(
            _("“%(given)s”不是这个单元格列表中的位置，请从表中的数字重新打开列表")
            % {"given": given}
        ) from None


# A cell's total is counted when its list is opened (from the table: no ``n``) and carried in
# the list's links, signed with the cell it counts, so that paging on does not count again —
# for a cell of 100,000 applications the count is most of a page's database time
# (BENCHMARKS.md, "Drill-down pages"). It is the total when the list was opened.
_TOTALS = Signer(salt="gongkai.reports.cell-total")


def signed_cell(agency_pk: int, year: int, table: str, row: str, column: str) -> str:
    """What a carried total is signed with: the cell it counts."""
    return f"{agency_pk}/{year}/{table}/{row}/{column}"


def sign_total(cell: str, total: int) -> str:
    return f"{total}.{_TOTALS.signature(f'{cell}|{total}')}"


def carried_total(request: HttpRequest, cell: str) -> int | None:
    """The total carried in the link, or None (count it); a total not signed for this cell is
    a 404."""
    text = request.GET.get("n")
    if text is None:
        return None
    total, _dot, signature = text.partition(".")
    if not (total.isdigit() and len(total) <= 12) or not constant_time_compare(
        signature, _TOTALS.signature(f"{cell}|{total}")
    ):
        raise NotFound(
            _("n=%(given)s 不是这个单元格的件数，请从表中的数字重新打开列表") % {"given": text}
        )
    return int(total)


@dataclass(frozen=True)
class PageLink:
    """One entry of the list's page links: a page (number or 首页, 上一页…), or "…" (no url)."""

    label: str
    url: str = ""
    current: bool = False


# The labels of a keyset page's links (drilldown.KeysetPage.links), in the order shown.
KEYSET_LABELS = {
    "first": gettext_lazy("首页"),
    "previous": gettext_lazy("上一页"),
    "next": gettext_lazy("下一页"),
    "last": gettext_lazy("末页"),
}


def keyset_links(request: HttpRequest, page: KeysetPage, keep: dict[str, str]) -> list[PageLink]:
    """首页, 上一页, 下一页, 末页 — those there are — each keeping the cell's parameters and
    carrying the key at the page's edge. No links for a list of one page."""
    links = page.links()
    return [
        PageLink(str(label), f"{request.path}?{urlencode({**keep, **links[name]})}")
        for name, label in KEYSET_LABELS.items()
        if name in links
    ]


def page_links(request: HttpRequest, page: Page, row_key: str, column_key: str) -> list[PageLink]:
    """For a list in numbered pages (Django's Paginator; table 四's cases): 上一页, the first and
    last pages and two either side of this one, 下一页; each link keeps the row and column. No
    links for a list of one page."""
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
