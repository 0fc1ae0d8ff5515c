"""What each row and column of table 三 counts, as database predicates: the one home of the rules.

For an agency and a report year Y (all dates inclusive):

- 一、新收: received in Y;
- 二、上年结转: open at the end of Y-1 — received by (Y-1)-12-31, not closed by then;
- 三、results: closed in Y, in the row of their outcome; （七）总计: every application closed in Y;
- 四、结转: open at the end of Y — received by Y-12-31, not closed by then.

An application not yet received (no ``received_on``) is counted nowhere. Every predicate below
also asks for ``received_on <= Y-12-31``; for the results this only restates that nothing is
closed before it is received, and it lets the one range of the report index bound every row.

Counting (table3.py) and listing (drilldown.py) both build their queries from these Q objects, so
a cell and the list behind it cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from gongkai.applications.outcomes import OUTCOMES
from gongkai.reports.engine.editions import (
    CARRIED_FORWARD,
    CARRIED_IN,
    NEW,
    RESULTS_TOTAL,
    TABLE3_APPLICANT_COLUMNS,
    Edition,
)

# The stock rows: each counts applications by dates alone, whatever their outcome.
STOCK_ROWS = (NEW.key, CARRIED_IN.key, CARRIED_FORWARD.key)
CLOSED = RESULTS_TOTAL.key  # closed in the year: the results, split by outcome
TOTAL_COLUMN = "total"
APPLICANT_COLUMNS = tuple(c.key for c in TABLE3_APPLICANT_COLUMNS)


@dataclass(frozen=True)
class ReportYear:
    year: int

    @property
    def first(self) -> date:
        return date(self.year, 1, 1)

    @property
    def last(self) -> date:
        return date(self.year, 12, 31)

    @property
    def previous_last(self) -> date:
        return date(self.year - 1, 12, 31)


def _open_on(day: date) -> Q:
    """Received by ``day`` and not closed by then."""
    return Q(received_on__lte=day) & (Q(closed_on__isnull=True) | Q(closed_on__gt=day))


def date_predicates(year: int) -> dict[str, Q]:
    """The four date rules, keyed by row: new, carried_in, result.total, carried_forward."""
    y = ReportYear(year)
    return {
        NEW.key: Q(received_on__gte=y.first, received_on__lte=y.last),
        CARRIED_IN.key: _open_on(y.previous_last),
        CLOSED: Q(received_on__lte=y.last, closed_on__gte=y.first, closed_on__lte=y.last),
        CARRIED_FORWARD.key: _open_on(y.last),
    }


def relevant(year: int) -> Q:
    """The applications that can count anywhere in the year's table: the union of the four rules.

    Written out rather than OR-ed together so that the database sees one range on
    ``received_on`` (the second column of the report index) and a filter on ``closed_on``.
    """
    y = ReportYear(year)
    return Q(received_on__lte=y.last) & (
        Q(received_on__gte=y.first) | Q(closed_on__isnull=True) | Q(closed_on__gte=y.first)
    )


def outcomes_in_row(edition: Edition, row_key: str) -> list[str]:
    """The outcome keys an edition counts in one result row (2019 folds （六）1–3 into （六））."""
    return sorted(k for k, o in OUTCOMES.items() if o.row_key_in(edition) == row_key)


def row_predicate(edition: Edition, row_key: str, year: int) -> Q:
    """The applications one row of the year's table counts, in every column together."""
    edition.row_by_key(row_key)  # KeyError for a row the edition does not have
    rules = date_predicates(year)
    if row_key in rules:
        return rules[row_key]
    return rules[CLOSED] & Q(outcome__in=outcomes_in_row(edition, row_key))


def column_predicate(column_key: str) -> Q:
    """The applications one column counts: an applicant kind, or every one for 总计."""
    if column_key == TOTAL_COLUMN:
        return Q()
    if column_key not in APPLICANT_COLUMNS:
        raise KeyError(f"表三没有 {column_key} 列")
    return Q(report_column=column_key)
