"""Table 三 of an agency's annual report, computed from its applications in one statement.

The statement reads only the applications that can count in the year, as the parts of
``predicates.relevant_parts`` — each one range of an index, so that a year costs what its own
applications cost however many years the agency has behind it — one grouped count per part,
joined by UNION ALL. Per part and group (applicant column, outcome) it counts two things: all
the part's applications, and those still open at the year end (四、结转: not closed by Y-12-31,
``predicates.not_closed_by`` — every part was received by then). The rest follows from the
facts a part declares (``predicates.Part``): all of them are in the part's stock row (一 or 二)
and none in the other, and each is either closed in the year (三) or open at its end (四) — so
closed = all − open. Two counts instead of
four conditional ones: on SQLite each conditional count costs about a tenth of the statement,
and this is the least any statement giving the same numbers must count (BENCHMARKS.md measures
the alternatives as floors). Outcomes are folded into the edition's result rows here, in Python,
over at most a few hundred groups; the totals (总计 column, （七）总计 row) are sums.

Because every application is either closed in the year or open at its end, once it is counted in
一 or 二, R1 (一 + 二 = 三（七） + 四) holds by construction, and 二 of one year is 四 of the year
before (R5): both are "open on (Y-1)-12-31".
"""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, Q, QuerySet, Value

from gongkai.agencies.models import Agency
from gongkai.applications.models import Application
from gongkai.applications.outcomes import OUTCOMES
from gongkai.core.errors import DomainError
from gongkai.reports.compute.predicates import (
    APPLICANT_COLUMNS,
    CLOSED,
    STOCK_ROWS,
    TOTAL_COLUMN,
    ReportYear,
    not_closed_by,
    relevant_parts,
)
from gongkai.reports.engine.editions import (
    CARRIED_FORWARD,
    RESULTS_TOTAL,
    CellKey,
    Edition,
    edition_for_year,
)

COUNTED = (*STOCK_ROWS, CLOSED)  # the rows the counts give before outcomes are folded in
# The report assembled from tables 二 and 三, and the sections it leaves out, are compute/report.py.


def table3_counts(agency: Agency | int, year: int) -> dict[CellKey, int]:
    """Every cell of the year's table 三 (in the edition for the year) with its count."""
    edition = edition_for_year(year)
    stock_rows = [part.row for part in relevant_parts(year)]
    by_row: Counter[tuple[str, str]] = Counter()
    for part, column, outcome_key, n, still_open in table3_query(agency, year):
        if column not in APPLICANT_COLUMNS:
            raise DomainError(f"申请人类型“{column}”不是表三的列，无法统计", field="report_column")
        by_row[stock_rows[part], column] += n
        by_row[CARRIED_FORWARD.key, column] += still_open
        if closed := n - still_open:
            by_row[_result_row(edition, outcome_key), column] += closed
    return _cells(edition, by_row)


def table3_query(agency: Agency | int, year: int) -> QuerySet:
    """The one statement: (part, report_column, outcome, applications, still open at the year
    end) per part of ``relevant_parts`` and group. A closed application always has a receipt
    date not after its closing date and an outcome (a constraint of the table)."""
    agency_id = agency if isinstance(agency, int) else agency.pk
    last = ReportYear(year).last
    parts = relevant_parts(year)
    # 四's rule (date_predicates) is "received by Y-12-31 and not closed by then"; every part
    # was received by then, so the count asks only the second half.
    assert all(part.received_to <= last for part in parts)
    arms = [
        Application.objects.filter(Q(agency_id=agency_id) & part.q)
        .values("report_column", "outcome")
        .order_by()
        .annotate(
            part=Value(i),
            n=Count("*"),
            # COUNT(1): a constant, as cheap as COUNT(*) (which Django will not filter), where
            # COUNT(column) reads the column for every row (7 % of the statement on SQLite).
            still_open=Count(Value(1), filter=not_closed_by(last)),
        )
        .values_list("part", "report_column", "outcome", "n", "still_open")
        for i, part in enumerate(parts)
    ]
    return arms[0].union(*arms[1:], all=True)


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
