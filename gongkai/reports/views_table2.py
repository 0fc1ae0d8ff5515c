"""Staff pages of table 二: the table (computed cells and inputs), the items behind a computed
cell, and the entry of an input.

The same rules as table 三's pages (views_records): only users who may read the agency see them
and for anyone else the agency does not exist (404); a year outside ``report_years()`` or a cell
the edition does not have is a 404 that says what is wrong. Entering an input is for the clerks
and admins of the agency (``can_enter_table2_inputs``); a reader who may not is told why (403).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gongkai.agencies.models import Agency
from gongkai.core.errors import DomainError
from gongkai.core.forms import attach_domain_error
from gongkai.core.views import staff_view
from gongkai.publishing.forms_table2 import Table2InputForm, cell_choice
from gongkai.publishing.models import Item, Kind, Table2Input, Validity
from gongkai.publishing.table2_inputs import (
    can_enter_table2_inputs,
    table2_input_history,
    table2_input_set,
)
from gongkai.reports.compute import report_years
from gongkai.reports.compute.table2 import table2_compute
from gongkai.reports.compute.table2_predicates import cell_for, computed_cells, input_cells
from gongkai.reports.drilldown import ITEM_ORDER, item_cell_page
from gongkai.reports.engine.editions import SECTION_NUMBERS, SECTION_TITLES, CellKey, Edition
from gongkai.reports.engine.model import Report
from gongkai.reports.engine.writers.layout import table2_grid
from gongkai.reports.views_records import (
    NotFound,
    carried_total,
    edition_of_year,
    keyset_links,
    page_cursor,
    readable_agency,
    sign_total,
    signed_cell,
)


@dataclass(frozen=True)
class Cell:
    """One cell of the page's table: a header, a count with the link to its items, or an input
    with its value (``missing`` when none was entered) and the link to enter it."""

    text: str
    header: bool
    css: str
    rowspan: int = 1
    colspan: int = 1
    url: str = ""
    missing: bool = False


@dataclass(frozen=True)
class InputRow:
    """One input cell in the list under the table: its value, who entered it, and the history."""

    name: str
    entry: Table2Input | None
    earlier: list[Table2Input] = field(default_factory=list)
    enter_url: str = ""


def _not_found(request: HttpRequest, agency: Agency, year: int, exc: NotFound) -> HttpResponse:
    context = {"agency": agency, "year": year, "message": exc.message, "years": report_years()}
    return render(request, "reports/table2_not_found.html", context, status=404)


@login_required
@require_GET
def table2(request: HttpRequest, agency_code: str, year: int) -> HttpResponse:
    agency = readable_agency(request, agency_code)
    try:
        edition = edition_of_year(year)
    except NotFound as exc:
        return _not_found(request, agency, year, exc)
    form = None
    if can_enter_table2_inputs(request.user, agency):
        chosen = request.GET.get("cell", "")
        form = Table2InputForm(edition=edition, initial={"cell": chosen} if chosen else None)
    return _page(request, agency, year, edition, form)


@staff_view
@require_POST
def table2_input(request: HttpRequest, agency_code: str, year: int) -> HttpResponse:
    agency = readable_agency(request, agency_code)
    try:
        edition = edition_of_year(year)
    except NotFound as exc:
        return _not_found(request, agency, year, exc)
    if not can_enter_table2_inputs(request.user, agency):
        raise PermissionDenied(
            _("只有%(agency)s的承办人或机关管理员可以填报表二") % {"agency": agency.name}
        )
    form = Table2InputForm(request.POST, edition=edition)
    if form.is_valid():
        try:
            entry = table2_input_set(
                agency=agency, year=year, entered_by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            attach_domain_error(form, error)
        else:
            name = edition.cell_name(form.cleaned_data["cell"])
            messages.success(
                request, _("已填报“%(cell)s”：%(value)s") % {"cell": name, "value": entry.value}
            )
            return redirect(reverse("reports:table2", args=[agency.code, year]) + "#inputs")
    return _page(request, agency, year, edition, form)


def _page(
    request: HttpRequest,
    agency: Agency,
    year: int,
    edition: Edition,
    form: Table2InputForm | None,
) -> HttpResponse:
    table = table2_compute(agency, year)
    history = table2_input_history(agency, year)
    page_url = reverse("reports:table2", args=[agency.code, year])
    # A report that holds table 二 only, for the official layout (engine.writers.layout).
    report = Report(edition=edition, omitted=frozenset(SECTION_NUMBERS) - {"二"})
    for key, value in table.cells.items():
        report.set(key, value)
    cell_url = reverse("reports:table2_cell", args=[agency.code, year])
    computed = computed_cells(edition)

    def value_cell(key: CellKey, text: str, css: str, rowspan: int, colspan: int) -> Cell:
        if key in computed:
            query = urlencode({"row": computed[key].kind, "column": computed[key].rule})
            return Cell(text, False, "value computed", rowspan, colspan, f"{cell_url}?{query}")
        anchor = f"#input-{input_cells(edition).index(key)}"
        missing = key not in table.inputs
        text = _("未填报") if missing else text
        return Cell(
            text, False, f"value input{' missing' * missing}", rowspan, colspan, anchor, missing
        )

    rows = [
        [
            value_cell(c.key, c.text, c.role, c.rowspan, c.colspan)
            if c.key is not None
            else Cell(c.text, True, c.role, c.rowspan, c.colspan)
            for c in grid_row
        ]
        for grid_row in table2_grid(report).rows()
    ]
    may_enter = form is not None
    inputs = [
        InputRow(
            name=edition.cell_name(key),
            entry=table.inputs.get(key),
            earlier=history.get(key, [])[1:],
            enter_url=f"{page_url}?{urlencode({'cell': cell_choice(key)})}#enter"
            if may_enter
            else "",
        )
        for key in input_cells(edition)
    ]
    years = report_years()
    context = {
        "agency": agency,
        "year": year,
        "edition": edition,
        "previous_year": year - 1 if year - 1 in years else None,
        "next_year": year + 1 if year + 1 in years else None,
        "section_title": f"二、{SECTION_TITLES['二']}",  # the official heading: data
        "rows": rows,
        "inputs": inputs,
        "missing": [edition.cell_name(key) for key in table.missing],
        "form": form,
    }
    return render(request, "reports/table2.html", context)


@login_required
@require_GET
def table2_cell(request: HttpRequest, agency_code: str, year: int) -> HttpResponse:
    agency = readable_agency(request, agency_code)
    try:
        context = _cell_context(request, agency, year)
    except NotFound as exc:
        return _not_found(request, agency, year, exc)
    return render(request, "reports/table2_cell.html", context)


@dataclass(frozen=True)
class Listed:
    """One item as the cell's list shows it: the fields the count read."""

    title: str
    index_number: str
    kind: str
    written_on: date
    written_is_formed: bool
    published_on: date | None
    withdrawn_on: date | None
    validity: str
    validity_changed_on: date | None


def _listed(item: Item) -> Listed:
    version = item.current_version
    return Listed(
        title=version.title,
        index_number=item.index_number or "",
        kind=Kind(version.kind).label,
        # The predicates' fallback, shown: the date counted, and that it is the formed date.
        written_on=version.written_on or version.formed_on,
        written_is_formed=version.written_on is None,
        published_on=item.published_on,
        withdrawn_on=item.withdrawn_on,
        validity=Validity(version.validity).label if version.validity else "",
        validity_changed_on=version.validity_changed_on,
    )


def _cell_context(request: HttpRequest, agency: Agency, year: int) -> dict:
    edition = edition_of_year(year)
    kind, rule = request.GET.get("row", ""), request.GET.get("column", "")
    try:
        cell = cell_for(edition, kind, rule)
    except KeyError:
        raise NotFound(
            _("%(edition)s 表二没有这个统计单元格（row=%(row)s，column=%(column)s）")
            % {"edition": edition.name, "row": kind, "column": rule}
        ) from None
    signed_as = signed_cell(agency.pk, year, "二", kind, rule)
    cursor, total = page_cursor(request, ITEM_ORDER), carried_total(request, signed_as)
    page = item_cell_page(agency, year, kind, rule, cursor, total=total)
    keep = {"row": kind, "column": rule, "n": sign_total(signed_as, page.count)}
    return {
        "agency": agency,
        "year": year,
        "edition": edition,
        "cell_name": edition.cell_name(cell.key),
        "row_label": cell.key.row,
        "column_label": cell.key.column,
        "items": [_listed(item) for item in page.object_list],
        "page": page,
        "page_links": keyset_links(request, page, keep),
    }
