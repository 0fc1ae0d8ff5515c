"""Drill-down: the applications one cell of a computed table 三 counts.

Built from the same predicates as the count (compute/predicates.py), so the list behind a cell
has exactly as many applications as the cell says.
"""

from __future__ import annotations

from django.db.models import QuerySet

from gongkai.agencies.models import Agency
from gongkai.applications.models import Application
from gongkai.reports.compute.predicates import column_predicate, row_predicate
from gongkai.reports.engine.editions import edition_for_year


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
