"""What the provincial pages share: the office and year a URL names, and where a cell links to.

A cell of the year's edition is named in URLs by its position in ``edition.cell_keys()`` (``?cell=
N``; the year fixes the edition), and on an agency's report page by the anchor ``#cell-N``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.reports.compute import report_year_problem, report_years
from gongkai.reports.compute.table2_predicates import computed_cells, input_cells
from gongkai.reports.engine.editions import CellKey, Edition, edition_for_year
from gongkai.reports.province.figures import positions
from gongkai.reports.province.offices import ChooseOffice, office_for
from gongkai.reports.province.statuses import AgencyYear

OFFICE_PARAM = "office"


class NotFound(Exception):
    """A 404 whose reason the page shows."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def not_found(request: HttpRequest, year: int, exc: NotFound) -> HttpResponse:
    context = {"year": year, "message": exc.message, "years": report_years()}
    return render(request, "province/not_found.html", context, status=404)


def edition_of(year: int) -> Edition:
    if problem := report_year_problem(year):
        raise NotFound(problem)
    return edition_for_year(year)


def office_of(request: HttpRequest) -> Agency:
    """The office the request looks from (``?office=CODE``, or the user's only one).
    PermissionDenied without the provincial role; ChooseOffice to pick; Http404 for a code that
    names no office of the user."""
    code = request.GET.get(OFFICE_PARAM, "").strip()
    office = office_for(request.user, code or None)
    if office is None:
        raise Http404(_("没有这个省级公开办，或无权查看"))
    return office


def choose(request: HttpRequest, year: int, exc: ChooseOffice, url_name: str) -> HttpResponse:
    links = [
        (office, f"{reverse(url_name, args=[year])}?{urlencode({OFFICE_PARAM: office.code})}")
        for office in exc.offices
    ]
    return render(request, "province/choose.html", {"year": year, "links": links})


def with_office(url: str, office: Agency, **params: str | int) -> str:
    query = urlencode({OFFICE_PARAM: office.code, **params})
    return f"{url}?{query}"


def year_links(name: str, office: Agency, year: int) -> dict[str, str]:
    years = report_years()
    out = {}
    for label, other in (("previous", year - 1), ("next", year + 1)):
        if other in years:
            out[label] = with_office(reverse(name, args=[other]), office)
    return out


def cell_index(edition: Edition) -> Mapping[CellKey, int]:
    return positions(edition)


def cell_at(edition: Edition, value: str) -> tuple[int, CellKey]:
    keys = edition.cell_keys()
    if not value.isascii() or not value.isdigit() or int(value) >= len(keys):
        raise NotFound(
            _("%(edition)s 没有第 %(n)s 个单元格（cell 应为 0 至 %(last)d）")
            % {"edition": edition.name, "n": value or "?", "last": len(keys) - 1}
        )
    return int(value), keys[int(value)]


def report_page_url(agency: AgencyYear | Agency, year: int, n: int | None = None) -> str:
    url = reverse("province:agency", args=[year, agency.code])
    return f"{url}#cell-{n}" if n is not None else url


def records_cell_url(agency: AgencyYear, year: int, edition: Edition, key: CellKey) -> str:
    """The agency's own page of the cell computed from its records (the applications, items or
    cases counted, or the input entered)."""
    code = agency.code
    if key.section == "三":
        query = {"row": edition.row(key).key, "column": edition.column(key).key}
        return f"{reverse('reports:table3_cell', args=[code, year])}?{urlencode(query)}"
    if key.section == "四":
        query = {"column": edition.column(key).key}
        return f"{reverse('reports:table4_cell', args=[code, year])}?{urlencode(query)}"
    computed = computed_cells(edition)
    if key in computed:
        query = {"row": computed[key].kind, "column": computed[key].rule}
        return f"{reverse('reports:table2_cell', args=[code, year])}?{urlencode(query)}"
    anchor = input_cells(edition).index(key)
    return f"{reverse('reports:table2', args=[code, year])}#input-{anchor}"


@dataclass(frozen=True)
class GridCell:
    """One cell of a table on a page: a header, or a value with its link."""

    text: str
    header: bool
    css: str
    rowspan: int = 1
    colspan: int = 1
    url: str = ""
    anchor: str = ""


def page_rows(grid, url_of=None, anchor_of=None) -> list[list[GridCell]]:
    """An engine layout grid (engine.writers.layout) as rows of page cells; value cells get
    ``url_of(key)`` and ``anchor_of(key)`` when given."""
    rows = []
    for grid_row in grid.rows():
        cells = []
        for c in grid_row:
            url = url_of(c.key) if url_of and c.key is not None else ""
            anchor = anchor_of(c.key) if anchor_of and c.key is not None else ""
            cells.append(GridCell(c.text, c.header, c.role, c.rowspan, c.colspan, url, anchor))
        rows.append(cells)
    return rows
