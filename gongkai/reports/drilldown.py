"""Drill-down: the applications one cell of a computed table 三 counts, and the items one
computed cell of table 二 counts.

Built from the same predicates as the counts (compute/predicates.py, compute/table2_predicates.py),
so the list behind a cell has exactly as many records as the cell says.
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from gongkai.agencies.models import Agency
from gongkai.applications.models import Application
from gongkai.publishing.models import Item
from gongkai.reports.compute.predicates import column_predicate, row_predicate
from gongkai.reports.compute.table2_predicates import cell_predicate
from gongkai.reports.engine.editions import edition_for_year

PER_PAGE = 100
# What the cell's page shows of each application (and its pk for the link): a 新收 or 总计 cell
# can hold a million applications, so the page reads one page of these columns and a count.
LISTED_FIELDS = ("pk", "number", "applicant_name", "received_on", "closed_on", "outcome")


def applications_in_cell(
    agency: Agency | int, year: int, row_key: str, column_key: str
) -> QuerySet[Application]:
    """The applications counted in one cell (row and column keys of the year's edition).

    KeyError when the edition for the year has no such row or column.
    """
    edition = edition_for_year(year)
    agency_id = agency if isinstance(agency, int) else agency.pk
    return (
        Application.objects.filter(agency_id=agency_id)
        .filter(row_predicate(edition, row_key, year))
        .filter(column_predicate(column_key))
        .order_by("received_on", "number", "pk")
    )


def cell_page(
    agency: Agency | int, year: int, row_key: str, column_key: str, number: str | int | None
) -> Page:
    """One page (``PER_PAGE`` applications, ``LISTED_FIELDS`` only) of a cell's applications.

    ``number`` is the 1-based page number as given (a missing or empty one is page 1); the
    page's ``paginator.count`` is the cell's total. KeyError for a row or column the edition
    does not have; django.core.paginator.InvalidPage for a page number that is not a page.
    """
    listed = applications_in_cell(agency, year, row_key, column_key).only(*LISTED_FIELDS)
    return Paginator(listed, PER_PAGE).page(number or 1)


# What a table-二 cell's page shows of each item: its own 索引号 and dates, and its current
# published version's title, kind, dates and validity (what the count read).
LISTED_ITEM_FIELDS = (
    "pk",
    "index_number",
    "published_on",
    "withdrawn_on",
    "current_version__title",
    "current_version__kind",
    "current_version__written_on",
    "current_version__formed_on",
    "current_version__validity",
    "current_version__validity_changed_on",
)


def items_in_cell(agency: Agency | int, year: int, kind: str, rule: str) -> QuerySet[Item]:
    """The items counted in one computed cell of table 二: the row's item kind and the column's
    rule (compute/table2_predicates.py). KeyError when the year's edition has no such cell."""
    edition = edition_for_year(year)
    agency_id = agency if isinstance(agency, int) else agency.pk
    return (
        Item.objects.filter(agency_id=agency_id)
        .filter(cell_predicate(edition, year, kind, rule))
        .select_related("current_version")
        .order_by("published_on", "index_number", "pk")
    )


def item_cell_page(
    agency: Agency | int, year: int, kind: str, rule: str, number: str | int | None
) -> Page:
    """One page (``PER_PAGE`` items, ``LISTED_ITEM_FIELDS`` only) of a table-二 cell's items;
    errors as ``cell_page``."""
    listed = items_in_cell(agency, year, kind, rule).only(*LISTED_ITEM_FIELDS)
    return Paginator(listed, PER_PAGE).page(number or 1)
