"""What each cell of table 四 counts, as database predicates over the case register: the one
home of the rules.

Table 四 (DOMAIN.md §1.5, the same in both editions) is one row of 15 cells: three streams —
行政复议, 行政诉讼·未经复议直接起诉, 行政诉讼·复议后起诉 (``Case.stream``) — of five columns each:
结果维持, 结果纠正, 其他结果, 尚未审结, 总计. For an agency and report year Y (dates inclusive):

- 结果维持 / 结果纠正 / 其他结果 (the column keys ``<stream>.upheld|corrected|other``): the
  stream's cases *decided in Y* (``decided_on`` in Y) with that result.
- 尚未审结 (``<stream>.pending``): the stream's cases *open on Y-12-31* — filed by Y-12-31 and not
  decided by then (no ``decided_on``, or one after Y-12-31: a case decided in January was still
  pending at the year end, and the report of Y is written as of that day).
- 总计 (``<stream>.total``): the four together — decided in Y, or open on Y-12-31. The four are
  disjoint (a case decided in Y is not open at its end), so 总计 is their sum (R4).

Why: the format's text and the published samples do not say how a case opened in one year and
closed in another is counted — DOMAIN.md marks this rule **[U], unverified**. The reading here is
the one practice suggests and the one table 三 uses for applications (compute/predicates.py):
results are counted in the year of the decision, and what is open at the year end is counted as
pending, so each case is counted once per year it is live in, pending in every year end it spans
and in one result in the year it ends. A case filed and decided in an earlier year is in none of
Y's cells. Should the national office decide otherwise, this module is the only place to change.

Every predicate also asks for ``filed_on <= Y-12-31``: for the results this only restates that a
case is not decided before it is filed (a CHECK constraint), and it lets the one range of the
report index bound every cell. Counting (table4.py) and listing (``cases_in_cell``) both build
their queries from these Q objects, so a cell and the list behind it cannot disagree.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from gongkai.remedies.models import Result, Stream
from gongkai.reports.engine.editions import TABLE4_COLUMNS

# The result columns by their column-key suffix, and the Case.result each counts.
RESULT_COLUMNS = {
    "upheld": Result.UPHELD.value,
    "corrected": Result.CORRECTED.value,
    "other": Result.OTHER.value,
}
PENDING = "pending"
TOTAL = "total"
# The streams by their column-key prefix (editions._table4_columns), and the Case.stream each is.
STREAM_COLUMNS = {
    "review": Stream.REVIEW.value,
    "direct": Stream.DIRECT.value,
    "after_review": Stream.AFTER_REVIEW.value,
}
COLUMN_KEYS = tuple(c.key for c in TABLE4_COLUMNS)
# The column kinds, in the edition's order within a stream: the four that add up, then 总计.
KINDS = (*RESULT_COLUMNS, PENDING, TOTAL)


def _last(year: int) -> date:
    return date(year, 12, 31)


def decided_in(year: int) -> Q:
    return Q(
        filed_on__lte=_last(year), decided_on__gte=date(year, 1, 1), decided_on__lte=_last(year)
    )


def open_on(day: date) -> Q:
    """Filed by ``day`` and not decided by then."""
    return Q(filed_on__lte=day) & (Q(decided_on__isnull=True) | Q(decided_on__gt=day))


def relevant(year: int) -> Q:
    """The cases that can count anywhere in the year's table: the union of the rules, written
    as one range on ``filed_on`` and a filter on ``decided_on`` (as table 三's ``relevant``)."""
    return Q(filed_on__lte=_last(year)) & (
        Q(decided_on__isnull=True) | Q(decided_on__gte=date(year, 1, 1))
    )


def kind_predicates(year: int) -> dict[str, Q]:
    """The five column rules of a stream for the year, keyed by kind (upheld … total)."""
    rules = {kind: decided_in(year) & Q(result=value) for kind, value in RESULT_COLUMNS.items()}
    rules[PENDING] = open_on(_last(year))
    rules[TOTAL] = decided_in(year) | open_on(_last(year))
    return rules


def split_column(column_key: str) -> tuple[str, str]:
    """(Case.stream, kind) of a column key such as "review.upheld"; KeyError for a column
    table 四 does not have."""
    if column_key not in COLUMN_KEYS:
        raise KeyError(f"表四没有 {column_key} 列")
    prefix, kind = column_key.split(".", 1)
    return STREAM_COLUMNS[prefix], kind


def column_predicate(column_key: str, year: int) -> Q:
    """The cases one cell of the year's table 四 counts."""
    stream, kind = split_column(column_key)
    return Q(stream=stream) & kind_predicates(year)[kind]
