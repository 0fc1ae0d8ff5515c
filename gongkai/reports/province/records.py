"""The tables of many agencies at once, from their records: one grouped query per table, never a
query per agency.

Table 三: ``GROUP BY agency_id, report_column, outcome`` over the applications that can count in
the year, with one conditional count per date rule — the rules and the count of
``compute/predicates.py`` and ``compute/table3.py`` (``relevant``, ``date_predicates``,
COUNT(received_on) FILTER …), so an agency's cells here are its ``table3_counts``. Outcomes are
folded into the edition's result rows in Python (``OUTCOMES[…].row_key_in``), as table3.py does,
and kept per agency as counts by (row key, column key): the 总计 row and column are sums, made
when a cell is read (``table3_cells``, ``table3_cell``).

Table 二: the computed cells by ``GROUP BY agency_id, kind`` over the published items with the
column rules of ``table2_predicates``; the input cells, the latest entry of each (one query, as
``publishing.table2_inputs`` reads one agency's). Table 四: ``GROUP BY agency_id, stream`` over the
case register with ``table4_predicates``' rules. Of tables 二 and 四 only the counts that are not
0 are kept (most agencies have few items and fewer cases); the rest are 0 (figures.py).

An agency whose records hold a value the table has no place for (an applicant column or an outcome
the edition does not know) is named in ``problems`` and left out, as ``table3_counts`` refuses it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

from gongkai.applications.models import Application
from gongkai.applications.outcomes import OUTCOMES
from gongkai.publishing.models import Item, Table2Input
from gongkai.publishing.table2_inputs import LATEST_FIRST
from gongkai.remedies.models import Case
from gongkai.reports.compute import table4_predicates
from gongkai.reports.compute.predicates import APPLICANT_COLUMNS, date_predicates, relevant
from gongkai.reports.compute.table2_predicates import (
    KIND,
    computed_cells,
    counted,
    input_cells,
    rule_predicates,
)
from gongkai.reports.engine.editions import (
    CARRIED_FORWARD,
    CARRIED_IN,
    NEW,
    RESULTS_TOTAL,
    CellKey,
    Edition,
)

Atoms = Counter  # (row key, column key) → count, for the applicant columns and the counted rows
TOTAL_COLUMN = "total"
# The order of the grouped query's counts: the three stock rows, then every result (closed in Y).
COUNTED = (NEW.key, CARRIED_IN.key, CARRIED_FORWARD.key, RESULTS_TOTAL.key)


@dataclass
class Records:
    """The records' tables of many agencies (agency pk → …)."""

    table3: dict[int, Atoms] = field(default_factory=dict)
    table2: dict[int, dict[CellKey, int | str]] = field(default_factory=dict)
    table4: dict[int, dict[CellKey, int]] = field(default_factory=dict)
    problems: dict[int, str] = field(default_factory=dict)


def table3_query(agency_ids: QuerySet, year: int) -> QuerySet:
    """(agency_id, report_column, outcome, new, carried_in, carried_forward, closed) per group."""
    rules = date_predicates(year)
    aliases = {f"n{i}": Count("received_on", filter=rules[key]) for i, key in enumerate(COUNTED)}
    return (
        Application.objects.filter(agency_id__in=agency_ids)
        .filter(relevant(year))
        .values("agency_id", "report_column", "outcome")
        .order_by()
        .annotate(**aliases)
        .values_list("agency_id", "report_column", "outcome", *aliases)
    )


def _fetch(query: QuerySet) -> list[tuple]:
    """The rows of a values_list query as the database gives them: the query is the ORM's (built
    from the predicates), the rows skip its per-row machinery (tens of thousands of groups)."""
    sql, params = query.query.sql_with_params()
    with connections[query.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def table3_atoms(agency_ids: QuerySet, edition: Edition, year: int, out: Records) -> None:
    columns = frozenset(APPLICANT_COLUMNS)
    result_rows: dict[str, str] = {}
    for agency_id, column, outcome, new, carried_in, carried_forward, closed in _fetch(
        table3_query(agency_ids, year)
    ):
        atoms = out.table3.get(agency_id)
        if atoms is None:
            atoms = out.table3[agency_id] = Counter()
        if column not in columns:
            out.problems[agency_id] = _("申请人类型“%(column)s”不是表三的列，无法统计") % {
                "column": column
            }
            continue
        if new:
            atoms[NEW.key, column] += new
        if carried_in:
            atoms[CARRIED_IN.key, column] += carried_in
        if carried_forward:
            atoms[CARRIED_FORWARD.key, column] += carried_forward
        if closed:
            row = result_rows.get(outcome)
            if row is None:
                if outcome not in OUTCOMES:
                    out.problems[agency_id] = _(
                        "答复结果“%(outcome)s”不是表三的办理结果，无法统计"
                    ) % {"outcome": outcome}
                    continue
                row = result_rows[outcome] = OUTCOMES[outcome].row_key_in(edition)
            atoms[row, column] += closed


def table3_cells(atoms: Atoms, edition: Edition) -> dict[CellKey, int]:
    """Every cell of table 三 from one agency's atoms (or the sum of several agencies')."""
    by_row: Counter = Counter(atoms)
    results = [r.key for r in edition.result_rows]
    for column in APPLICANT_COLUMNS:
        by_row[RESULTS_TOTAL.key, column] = sum(by_row[r, column] for r in results)
    cells: dict[CellKey, int] = {}
    for row in edition.table3_rows:
        for column in edition.table3_columns:
            if column.key == TOTAL_COLUMN:
                n = sum(by_row[row.key, c] for c in APPLICANT_COLUMNS)
            else:
                n = by_row[row.key, column.key]
            cells[edition.t3(row, column)] = n
    return cells


def table3_cell(atoms: Atoms, edition: Edition, key: CellKey) -> int:
    """One cell of table 三 from one agency's atoms."""
    row, column = edition.row(key), edition.column(key)
    rows = [r.key for r in edition.result_rows] if row.key == RESULTS_TOTAL.key else [row.key]
    columns = APPLICANT_COLUMNS if column.key == TOTAL_COLUMN else (column.key,)
    return sum(atoms[r, c] for r in rows for c in columns)


def table2_values(agency_ids: QuerySet, edition: Edition, year: int, out: Records) -> None:
    """The computed cells (counts; 0 where nothing counts) and the inputs entered (their text)."""
    rules = rule_predicates(edition, year)
    groups = (
        Item.objects.filter(agency_id__in=agency_ids)
        .filter(counted())
        .values("agency_id", KIND)
        .order_by()
        .annotate(**{f"n_{rule}": Count("pk", filter=q) for rule, q in rules.items()})
    )
    by_kind: dict[int, dict[str, dict]] = defaultdict(dict)
    for group in groups:
        by_kind[group["agency_id"]][group[KIND]] = group
    cells = computed_cells(edition)
    for agency_id, kinds in by_kind.items():
        counts = {key: kinds.get(c.kind, {}).get(f"n_{c.rule}") for key, c in cells.items()}
        out.table2[agency_id] = {key: n for key, n in counts.items() if n}
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
        Table2Input.objects.filter(agency_id__in=agency_ids, year=year, pk=Subquery(latest))
        .order_by()
        .values_list("agency_id", "block", "row", "column", "value")
    )
    inputs = frozenset(input_cells(edition))
    for agency_id, block, row, column, value in entries:
        key = CellKey("二", block, row, column)
        if key in inputs:
            out.table2.setdefault(agency_id, {})[key] = value


def table4_values(agency_ids: QuerySet, edition: Edition, year: int, out: Records) -> None:
    rules = table4_predicates.kind_predicates(year)
    groups = (
        Case.objects.filter(agency_id__in=agency_ids)
        .filter(table4_predicates.relevant(year))
        .values("agency_id", "stream")
        .order_by()
        .annotate(**{f"n_{kind}": Count("pk", filter=q) for kind, q in rules.items()})
    )
    by_stream: dict[int, dict[str, dict]] = defaultdict(dict)
    for group in groups:
        by_stream[group["agency_id"]][group["stream"]] = group
    columns = [(c, table4_predicates.split_column(c.key)) for c in edition.table4_columns]
    for agency_id, streams in by_stream.items():
        counts = {
            CellKey("四", "", "", column.label): streams[stream][f"n_{kind}"]
            for column, (stream, kind) in columns
            if stream in streams
        }
        out.table4[agency_id] = {key: n for key, n in counts.items() if n}


def records_of(agency_ids: QuerySet, edition: Edition, year: int) -> Records:
    """Tables 二、三、四 of the agencies ``agency_ids`` (a subquery of pks): one query per
    table, two for table 二 (its counts and its inputs)."""
    out = Records()
    table3_atoms(agency_ids, edition, year, out)
    table2_values(agency_ids, edition, year, out)
    table4_values(agency_ids, edition, year, out)
    return out
