"""Table 二's input cells: what the office enters for the cells the records cannot give.

Which cells those are is not decided here: it is every cell of the year's table 二 that
``gongkai.reports.compute.table2_predicates`` does not count, so a cell is either computed or
entered, never both. A value is checked as the checker will read it (``engine.values``), by its
column's kind: counts, signed changes (本年增/减), 元 and 万元 amounts, or "/" for not applicable.

Every entry is kept, with who entered it, when and from what source (DESIGN.md: nothing is lost):
the latest entry of a cell is its value, the earlier ones its history. Clerks and admins of the
agency enter (the roles that handle its work, ``HANDLING_ROLES``); whoever reads the agency reads
them (the views ask ``can_read_agency``).
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from gongkai.agencies.models import HANDLING_ROLES, Agency
from gongkai.agencies.permissions import has_role
from gongkai.core.errors import DomainError
from gongkai.publishing.models import Table2Input
from gongkai.reports.compute.table2_predicates import computed_cells, input_cells
from gongkai.reports.compute.years import report_year_problem
from gongkai.reports.engine.editions import CellKey, Edition, edition_for_year
from gongkai.reports.engine.values import DASHES, clean, parse_value

User = AbstractBaseUser | AnonymousUser

# Newest first: the first entry of a cell in this order is its value (both selectors use it).
LATEST_FIRST = ("-entered_at", "-pk")
VALUE_MAX = Table2Input._meta.get_field("value").max_length
SOURCE_MAX = Table2Input._meta.get_field("source").max_length


def can_enter_table2_inputs(user: User, agency: Agency | int) -> bool:
    """Clerks and admins of the agency enter its table-二 inputs (the provincial office and
    platform admins read them, holding no role there)."""
    return has_role(user, agency, *HANDLING_ROLES)


def table2_input_set(
    *,
    agency: Agency,
    year: int,
    cell: CellKey,
    value: str,
    source: str,
    entered_by: AbstractBaseUser,
) -> Table2Input:
    """Enter a value for one input cell of the agency's table 二 of the year, as a new entry.

    DomainError naming the cell (and the form field) when the user may not enter, the cell is
    not an input cell of the year's edition, the value is not one of its column's kind, or the
    source is missing.
    """
    if not can_enter_table2_inputs(entered_by, agency):
        raise DomainError(
            _("您不是%(agency)s的承办人或机关管理员，不能填报表二") % {"agency": agency.name}
        )
    problem = report_year_problem(year)
    if problem is not None:
        raise DomainError(problem, field="year")
    edition = edition_for_year(year)
    name = _input_cell_name(edition, cell)
    text = _checked_value(edition, cell, name, value)
    source = (source or "").strip()
    if not source:
        raise DomainError(_("请填写“%(cell)s”的数据来源") % {"cell": name}, field="source")
    if len(source) > SOURCE_MAX:
        raise DomainError(
            _("“%(cell)s”的数据来源最多 %(limit)d 个字") % {"cell": name, "limit": SOURCE_MAX},
            field="source",
        )
    return Table2Input.objects.create(
        agency=agency,
        year=year,
        block=cell.block,
        row=cell.row,
        column=cell.column,
        value=text,
        source=source,
        entered_by=entered_by,
    )


def _input_cell_name(edition: Edition, cell: CellKey) -> str:
    """How messages name the cell; DomainError when it is not an input cell of the edition."""
    if cell.section != "二" or not edition.has_cell(cell):
        raise DomainError(
            _("%(edition)s 表二没有这个单元格：%(cell)s")
            % {"edition": edition.name, "cell": " / ".join(cell[1:])},
            field="cell",
        )
    name = edition.cell_name(cell)
    if cell in computed_cells(edition):
        raise DomainError(
            _("“%(cell)s”按公开的规章和规范性文件统计得出，不能填报") % {"cell": name},
            field="cell",
        )
    return name


def _checked_value(edition: Edition, cell: CellKey, name: str, value: str) -> str:
    """The value as it will stand in the report: cleaned, and read as its column's kind."""
    text = clean(value)
    if not text or text in DASHES:
        # A dash reads as blank in a published report; an entry says what it means.
        raise DomainError(
            _("请填写“%(cell)s”的数值；不适用的填“/”") % {"cell": name}, field="value"
        )
    if len(text) > VALUE_MAX:
        raise DomainError(
            _("“%(cell)s”的数值最多 %(limit)d 个字符") % {"cell": name, "limit": VALUE_MAX},
            field="value",
        )
    try:
        parse_value(text, edition.column(cell).kind)
    except ValueError as exc:
        raise DomainError(
            _("“%(cell)s”的数值有误：%(problem)s") % {"cell": name, "problem": exc},
            field="value",
        ) from None
    return text


def _key(entry: Table2Input) -> CellKey:
    return CellKey("二", entry.block, entry.row, entry.column)


def _agency_id(agency: Agency | int) -> int:
    return agency if isinstance(agency, int) else agency.pk


def table2_inputs(agency: Agency | int, year: int) -> dict[CellKey, Table2Input]:
    """The latest entry of each input cell of the year's edition, in reading order (one query;
    the history is not read). Cells never entered are absent."""
    edition = edition_for_year(year)
    agency_id = _agency_id(agency)
    latest = (
        Table2Input.objects.filter(
            agency_id=OuterRef("agency_id"),
            year=OuterRef("year"),
            block=OuterRef("block"),
            row=OuterRef("row"),
            column=OuterRef("column"),
        )
        .order_by(*LATEST_FIRST)
        .values("pk")[:1]
    )
    entries = (
        Table2Input.objects.filter(agency_id=agency_id, year=year, pk=Subquery(latest))
        .select_related("entered_by")
        .order_by()
    )
    by_cell = {_key(entry): entry for entry in entries}
    return {key: by_cell[key] for key in input_cells(edition) if key in by_cell}


def table2_input_history(agency: Agency | int, year: int) -> dict[CellKey, list[Table2Input]]:
    """Every entry of each input cell of the year's edition, newest (the value) first; one query."""
    edition = edition_for_year(year)
    entries = (
        Table2Input.objects.filter(agency_id=_agency_id(agency), year=year)
        .select_related("entered_by")
        .order_by(*LATEST_FIRST)
    )
    by_cell: dict[CellKey, list[Table2Input]] = defaultdict(list)
    for entry in entries:
        by_cell[_key(entry)].append(entry)
    return {key: by_cell[key] for key in input_cells(edition) if key in by_cell}
