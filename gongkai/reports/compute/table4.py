"""Table 四 of an agency's annual report, counted from its case register in one grouped query,
and the drill-down: the cases behind one cell.

The count reads the agency's cases that can count in the year (table4_predicates.relevant),
grouped by stream, with one conditional count per column kind; the list filters by the same
predicate as its cell's count. Both cover every one of the 15 cells of the edition's table 四: a
stream without a case counts 0 in each of its columns (table 四 has no cell the office enters).
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet

from gongkai.agencies.models import Agency
from gongkai.remedies.models import Case
from gongkai.reports.compute.table4_predicates import (
    column_predicate,
    kind_predicates,
    relevant,
    split_column,
)
from gongkai.reports.engine.editions import CellKey, edition_for_year

PER_PAGE = 100


def _agency_id(agency: Agency | int) -> int:
    return agency if isinstance(agency, int) else agency.pk


def _alias(kind: str) -> str:
    return f"n_{kind}"


def table4_query(agency: Agency | int, year: int) -> QuerySet:
    """The one grouped query: {stream, n_upheld, n_corrected, n_other, n_pending, n_total}."""
    return (
        Case.objects.filter(agency_id=_agency_id(agency))
        .filter(relevant(year))
        .values("stream")
        .order_by()
        .annotate(
            **{_alias(kind): Count("pk", filter=q) for kind, q in kind_predicates(year).items()}
        )
    )


def table4_counts(agency: Agency | int, year: int) -> dict[CellKey, int]:
    """Every cell of the year's table 四 (in the edition for the year) with its count."""
    by_stream = {row["stream"]: row for row in table4_query(agency, year)}
    counts: dict[CellKey, int] = {}
    for column in edition_for_year(year).table4_columns:
        stream, kind = split_column(column.key)
        row = by_stream.get(stream)
        counts[CellKey("四", "", "", column.label)] = row[_alias(kind)] if row else 0
    return counts


def cases_in_cell(agency: Agency | int, year: int, column_key: str) -> QuerySet[Case]:
    """The cases counted in one cell of the year's table 四 (a column key such as
    "review.upheld"); KeyError for a column the table does not have."""
    return (
        Case.objects.filter(agency_id=_agency_id(agency))
        .filter(column_predicate(column_key, year))
        .select_related("application")
        .order_by("filed_on", "number", "pk")
    )


def case_cell_page(
    agency: Agency | int, year: int, column_key: str, number: str | int | None
) -> Page:
    """One page (``PER_PAGE`` cases) of a cell's cases; ``paginator.count`` is the cell's count.
    KeyError for an unknown column; django.core.paginator.InvalidPage for a page that is not."""
    return Paginator(cases_in_cell(agency, year, column_key), PER_PAGE).page(number or 1)
