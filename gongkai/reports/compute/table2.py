"""Table 二 of an agency's annual report: 第二十条第（一）项 counted from its published items in one
grouped query, every other cell from what the office entered.

The count reads the agency's published 规章 and 规范性文件 (table2_predicates.counted), grouped by
the current version's kind, with one conditional count per column rule. The inputs are the
latest entry of each input cell (one query). An input cell never entered stays *missing*: it is
left out of the cells, stands blank in the report and is named on the staff page — a zero the
office did not give would be a number the platform invented.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from gongkai.agencies.models import Agency
from gongkai.publishing.models import Item, Table2Input
from gongkai.publishing.table2_inputs import table2_inputs
from gongkai.reports.compute.table2_predicates import (
    KIND,
    computed_cells,
    counted,
    input_cells,
    rule_predicates,
)
from gongkai.reports.engine.editions import CellKey, edition_for_year


@dataclass(frozen=True)
class Table2:
    """One year's table 二: the computed counts, the inputs entered, the inputs missing."""

    counts: dict[CellKey, int]
    inputs: dict[CellKey, Table2Input]
    missing: tuple[CellKey, ...]

    @property
    def cells(self) -> dict[CellKey, int | str]:
        """Every cell with a value: the counts, then each input's text (missing cells absent)."""
        return {**self.counts, **{key: entry.value for key, entry in self.inputs.items()}}


def table2_counts(agency: Agency | int, year: int) -> dict[CellKey, int]:
    """Every computed cell of the year's table 二 (in the edition for the year) with its count."""
    by_kind = {row[KIND]: row for row in table2_query(agency, year)}
    return {
        key: by_kind[cell.kind][_alias(cell.rule)] if cell.kind in by_kind else 0
        for key, cell in computed_cells(edition_for_year(year)).items()
    }


def table2_query(agency: Agency | int, year: int) -> QuerySet:
    """The one grouped query: {kind, n_<rule>…} per kind of the agency's published items."""
    agency_id = agency if isinstance(agency, int) else agency.pk
    rules = rule_predicates(edition_for_year(year), year)
    return (
        Item.objects.filter(agency_id=agency_id)
        .filter(counted())
        .values(KIND)
        .order_by()
        .annotate(**{_alias(rule): Count("pk", filter=q) for rule, q in rules.items()})
    )


def _alias(rule: str) -> str:
    return f"n_{rule}"


def table2_compute(agency: Agency | int, year: int) -> Table2:
    """The year's table 二: two queries, however many items and entries the agency has."""
    edition = edition_for_year(year)
    inputs = table2_inputs(agency, year)
    missing = tuple(key for key in input_cells(edition) if key not in inputs)
    return Table2(counts=table2_counts(agency, year), inputs=inputs, missing=missing)


def table2_cells(agency: Agency | int, year: int) -> dict[CellKey, int | str]:
    """Every cell of the year's table 二 that has a value; a missing input is absent."""
    return table2_compute(agency, year).cells
