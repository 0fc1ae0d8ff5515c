"""Table 三 of an agency's annual report, computed from its applications in one grouped query.

The query reads only the applications that can count in the year (predicates.relevant), grouped
by applicant column and outcome, with one conditional count per date rule. Outcomes are folded
into the edition's result rows here, in Python, over at most a few hundred groups; the totals
(总计 column, （七）总计 row) are sums of what the query counted.

Because every application is either closed in the year or open at its end, once it is counted in
一 or 二, R1 (一 + 二 = 三（七） + 四) holds by construction, and 二 of one year is 四 of the year
before (R5): both are "open on (Y-1)-12-31".
"""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, Q, QuerySet

from gongkai.agencies.models import Agency
from gongkai.applications.models import Application
from gongkai.applications.outcomes import OUTCOMES
from gongkai.core.errors import DomainError
from gongkai.reports.compute.predicates import (
    APPLICANT_COLUMNS,
    CLOSED,
    STOCK_ROWS,
    TOTAL_COLUMN,
    date_predicates,
    relevant,
)
from gongkai.reports.engine.editions import (
    RESULTS_TOTAL,
    CellKey,
    Edition,
    edition_for_year,
)

COUNTED = (*STOCK_ROWS, CLOSED)  # the order of the query's counts
# The report assembled from tables 二 and 三, and the sections it leaves out, are compute/report.py.


def table3_counts(agency: Agency | int, year: int) -> dict[CellKey, int]:
    """Every cell of the year's table 三 (in the edition for the year) with its count."""
    edition = edition_for_year(year)
    by_row: Counter[tuple[str, str]] = Counter()
    for column, outcome_key, *counts in table3_query(agency, year):
        *stock, closed = counts
        if column not in APPLICANT_COLUMNS:
            raise DomainError(f"申请人类型“{column}”不是表三的列，无法统计", field="report_column")
        for row_key, n in zip(STOCK_ROWS, stock, strict=True):
            by_row[row_key, column] += n
        if closed:
            by_row[_result_row(edition, outcome_key), column] += closed
    return _cells(edition, by_row)


def table3_query(agency: Agency | int, year: int) -> QuerySet:
    """The one grouped query: (report_column, outcome, new, carried_in, carried_forward, closed)
    per group of the applications that can count in the year. A closed application always has a
    receipt date not after its closing date and an outcome (a constraint of the table)."""
    agency_id = agency if isinstance(agency, int) else agency.pk
    rules = date_predicates(year)
    return (
        Application.objects.filter(agency_id=agency_id)
        .filter(relevant(year))
        .values("report_column", "outcome")
        .order_by()
        .annotate(**{f"n{i}": _count(rules[key]) for i, key in enumerate(COUNTED)})
        .values_list("report_column", "outcome", *_aliases())
    )


def _count(predicate: Q) -> Count:
    """COUNT(received_on) FILTER (WHERE …): every row read has a receipt date (``relevant``), so
    this counts rows. Not COUNT(id): the id is not in the report index, and PostgreSQL would
    visit the table for it; COUNT(*) takes no filter in Django."""
    return Count("received_on", filter=predicate)


def _aliases() -> list[str]:
    return [f"n{i}" for i in range(len(COUNTED))]


def _result_row(edition: Edition, outcome_key: str) -> str:
    if outcome_key not in OUTCOMES:
        raise DomainError(f"答复结果“{outcome_key}”不是表三的办理结果，无法统计", field="outcome")
    return OUTCOMES[outcome_key].row_key_in(edition)


def _cells(edition: Edition, by_row: Counter[tuple[str, str]]) -> dict[CellKey, int]:
    """Every cell, 0 where nothing was counted; the 总计 column and （七）总计 row are sums."""
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
