"""What each row and column of table 三 counts, as database predicates: the one home of the rules.

For an agency and a report year Y (all dates inclusive):

- 一、新收: received in Y;
- 二、上年结转: open at the end of Y-1 — received by (Y-1)-12-31, not closed by then;
- 三、results: closed in Y, in the row of their outcome; （七）总计: every application closed in Y;
- 四、结转: open at the end of Y — received by Y-12-31, not closed by then.

An application not yet received (no ``received_on``) is counted nowhere. Every predicate below
also asks for ``received_on <= Y-12-31``; for the results this only restates that nothing is
closed before it is received.

Which applications can count at all (``relevant``), and how the database finds them without
reading every earlier year (``relevant_parts``): an application counts in Y only if it was
received in Y, or received before Y and still open at (Y-1)-12-31. The first is one range of
``received_on``. The second is not — "received before Y" reaches back to the agency's first year
— so it is found through a stored fact, ``Application.year_ends_open`` (at how many year ends
the application is open: none, 1, or 2 meaning two or more or still open; kept from the dates on
every write and checked by the database, models/application.py). Almost every application is
closed in the year it arrives; the few that cross a year end sit in a small partial index,
``application_carried_idx`` on (agency, year_ends_open, received_on, …). Those carried into Y
are then two ranges of it: open at one year end and received in Y-1, and open at two or more
and received by (Y-1)-12-31 (filtered by the closing date: the only rows read that may not
count, those open long ago, are few). So the work of a year is the applications that count in
it, whatever the agency's history; measured in BENCHMARKS.md ("Table 三 from the records").

Evaluated and not taken (1,000,000 applications of 2019–2026; BENCHMARKS.md for the runs):
one range of (agency, received_on) filtered on ``closed_on`` — what ``relevant`` says, and what
the count did before: 2025 read every application since 2019, 130 → 203 → 263 ms for 2019 →
2022 → 2025 on SQLite; the carried-in crossers found by their receipt date alone (45,055 index
entries read for 2022's 17,568, 90,327 for 2025's 21,290) or by their closing date alone
(126,624 read for 2019's none); one statement OR-ing the three parts (SQLite then reads the
agency's every row, 1.9 s; PostgreSQL ORs bitmaps and visits the table, 175 ms, against 35 ms);
a generated column for the fact (SQLite marks every column of the table as used when a query
names a generated one, so no index on it is ever covering: the plain column with a CHECK is).

Counting (table3.py) and listing (drilldown.py) both build their queries from these Q objects, so
a cell and the list behind it cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from gongkai.applications.models.application import MANY_YEAR_ENDS
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


def not_closed_by(day: date) -> Q:
    """Not closed by ``day`` (open then, for an application received by then)."""
    return Q(closed_on__isnull=True) | Q(closed_on__gt=day)


def _open_on(day: date) -> Q:
    """Received by ``day`` and not closed by then."""
    return Q(received_on__lte=day) & not_closed_by(day)


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
    ``received_on`` and a filter on ``closed_on`` — a range that reaches back to the agency's
    first year. The same applications as ``relevant_parts`` (a test holds the two together),
    which one agency's table and its drill-down read instead.
    """
    y = ReportYear(year)
    return Q(received_on__lte=y.last) & (
        Q(received_on__gte=y.first) | Q(closed_on__isnull=True) | Q(closed_on__gte=y.first)
    )


@dataclass(frozen=True)
class Part:
    """One index range of the applications that can count in a year.

    Every application of the part is counted in ``row`` (一、新收 or 二、上年结转) and none in the
    other of the two; like every application that can count, each is either closed in the year
    or open at its end (三 or 四), never both. table3.py counts on these facts, and the tests
    check them against the date rules. Their receipt dates lie from ``received_from`` (None: no
    bound) to ``received_to``; the drill-down reads a part only where those can reach its page.
    """

    q: Q
    row: str
    received_from: date | None
    received_to: date


def relevant_parts(year: int) -> tuple[Part, ...]:
    """``relevant(year)`` as disjoint parts, each one range of an index (the module docstring):
    received in Y; open at one year end, received in Y-1 (so closed in Y); open at two or more,
    received by (Y-1)-12-31 and not closed by then."""
    y, before = ReportYear(year), ReportYear(year - 1)
    return (
        Part(date_predicates(year)[NEW.key], NEW.key, y.first, y.last),
        Part(
            Q(year_ends_open=1, received_on__gte=before.first, received_on__lte=before.last),
            CARRIED_IN.key,
            before.first,
            before.last,
        ),
        Part(
            Q(year_ends_open=MANY_YEAR_ENDS) & _open_on(y.previous_last),
            CARRIED_IN.key,
            None,
            before.last,
        ),
    )


def parts_for_row(year: int, row_key: str) -> tuple[Part, ...]:
    """The parts that can hold applications of a row: 一 and 二 each lie in their own parts."""
    parts = relevant_parts(year)
    if row_key in (NEW.key, CARRIED_IN.key):
        return tuple(p for p in parts if p.row == row_key)
    return parts


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
