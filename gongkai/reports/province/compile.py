"""The province's year: every agency's figures in the year's edition, and their sum per cell.

An agency's figures (figures.py) come from one of two places, and the pages say which
(``Source``):

- **published** — its report has a published version (compiled here, imported, or uploaded by the
  provincial office): the cells of the latest version as frozen (``ReportVersion.contract``),
  read in one query for every agency;
- **provisional** — on the platform, nothing published yet: the tables computed now from its
  records (records.py: one grouped query per table over all these agencies together), as its
  report would be published today.

An agency not on the platform with nothing uploaded has no figures (it is listed, not summed).

The sum adds each cell over the agencies: table 三 and 四 and table 二's counts as integers, table
二's amounts (元, 万元) as decimals. A cell left blank, "/" or in a section a report leaves out
adds nothing; a value that does not read as its column's kind is left out of the sum and named
(``Total.left_out``). So the sum page and the drill-down agree: the total of a cell is the sum of
the values its list shows.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency, agencies_below
from gongkai.reports.compute.table2_predicates import computed_cells
from gongkai.reports.engine.editions import CellKey, Edition, Kind, edition_for_year
from gongkai.reports.models import ReportVersion
from gongkai.reports.province.figures import (
    Figures,
    Number,
    Value,
    as_text,
    number_of,
    plain_counts,
    snapshot,
)
from gongkai.reports.province.offices import on_platform
from gongkai.reports.province.records import Atoms, records_of, table3_cells
from gongkai.reports.province.statuses import (
    AgencyYear,
    Source,
    agency_years,
    latest_versions,
)

__all__ = ["Figures", "LeftOut", "ProvinceYear", "Total", "as_text", "province_year"]


@dataclass(frozen=True)
class LeftOut:
    """A value left out of the sum: it does not read as its column's kind."""

    agency: AgencyYear
    key: CellKey
    text: str
    reason: str


@dataclass
class Total:
    numbers: dict[CellKey, Number]
    left_out: list[LeftOut] = field(default_factory=list)

    def text(self, key: CellKey) -> str:
        """The sum as written in a cell: "" when no agency gave a number."""
        return as_text(self.numbers[key]) if key in self.numbers else ""


class _Adder:
    """The sum being made: numbers by cell, and the values left out."""

    def __init__(self) -> None:
        self.numbers: dict[CellKey, Number] = {}
        self.left_out: list[LeftOut] = []

    def add(self, key: CellKey, number: Number) -> None:
        self.numbers[key] = self.numbers.get(key, 0) + number

    def read(self, agency: AgencyYear, key: CellKey, value: Value, kind: Kind) -> None:
        try:
            number = number_of(value, kind)
        except ValueError as exc:
            self.left_out.append(LeftOut(agency, key, str(value), str(exc)))
            return
        if number is not None:
            self.add(key, number)


@dataclass
class ProvinceYear:
    """The year under one office: the agencies (statuses.py), their figures and the sum."""

    office: Agency
    year: int
    edition: Edition
    agencies: list[AgencyYear]
    figures: dict[int, Figures]
    problems: dict[int, str]  # agency pk → why its figures could not be read or computed

    def of_source(self, source: Source) -> list[AgencyYear]:
        return [a for a in self.agencies if a.pk in self.figures and a.source is source]

    @property
    def without_figures(self) -> list[AgencyYear]:
        """Not on the platform with nothing uploaded (not those whose figures failed)."""
        return [a for a in self.agencies if a.pk not in self.figures and a.pk not in self.problems]

    @cached_property
    def total(self) -> Total:
        adder = _Adder()
        keys = self.edition.cell_keys()
        kinds = [self.edition.column(key).kind for key in keys]
        published: dict[frozenset[str], list[tuple[AgencyYear, Figures]]] = defaultdict(list)
        atoms: Atoms = Counter()
        provisional = False
        for agency in self.agencies:
            figures = self.figures.get(agency.pk)
            if figures is None:
                continue
            if figures.texts is not None:
                published[figures.omitted].append((agency, figures))
                continue
            provisional = True
            if figures.atoms is not None:
                atoms.update(figures.atoms)
            for key, value in figures.values.items():
                adder.read(agency, key, value, self.edition.column(key).kind)
        # Published: cell by cell over the agencies, a column of plain counts added at once.
        for omitted, group in published.items():
            for n, key in enumerate(keys):
                if key.section in omitted:
                    continue
                texts = [figures.texts[n] for _, figures in group]
                if kinds[n] is Kind.COUNT and plain_counts(texts):
                    adder.add(key, sum(map(int, texts)))
                    continue
                for (agency, _figures), text in zip(group, texts, strict=True):
                    adder.read(agency, key, text, kinds[n])
        if provisional:
            for figures in self.figures.values():
                if figures.texts is None:  # every provisional agency shares the zeros
                    for key in figures.defaults:
                        adder.add(key, 0)
                    if figures.atoms is not None:
                        for key, n in table3_cells(atoms, self.edition).items():
                            adder.add(key, n)
                    break
        return Total(adder.numbers, adder.left_out)

    def value(self, agency: AgencyYear, key: CellKey) -> Value | None:
        """The agency's value in the cell; None when the agency has no figures."""
        figures = self.figures.get(agency.pk)
        return None if figures is None else figures.value(self.edition, key)

    def matrix(self) -> Iterator[tuple[AgencyYear, dict[CellKey, Value]]]:
        """Every agency with figures and its cells, in reading order."""
        for agency in self.agencies:
            figures = self.figures.get(agency.pk)
            if figures is not None:
                yield agency, figures.cells(self.edition)


def provisional_agencies(office: Agency | int, year: int) -> QuerySet:
    """The pks of the agencies under the office on the platform with nothing published of the
    year: a subquery (the tree and the test are the database's)."""
    office_id = office if isinstance(office, int) else office.pk
    published = ReportVersion.objects.filter(report__year=year).values("report__agency_id")
    return (
        Agency.objects.filter(pk__in=agencies_below(office_id))
        .annotate(staffed=on_platform())
        .filter(staffed=True)
        .exclude(pk__in=published)
        .values("pk")
    )


def _zeros(edition: Edition) -> dict[CellKey, int]:
    """The computed cells of tables 二 and 四, each 0: what a provisional agency's records give
    where they hold nothing (table 二's inputs are not among them: never entered is blank)."""
    zeros = dict.fromkeys(computed_cells(edition), 0)
    zeros.update({CellKey("四", "", "", c.label): 0 for c in edition.table4_columns})
    return zeros


def province_year(office: Agency, year: int) -> ProvinceYear:
    """The office's year: the agencies and their report states, the published versions' cells,
    and the provisional agencies' tables from the records — five or six queries, whatever the
    number of agencies (the list, the versions, one per table of the records computed and one
    for table 二's inputs)."""
    edition = edition_for_year(year)
    versions = list(latest_versions(office, year, contract=True))
    agencies = agency_years(office, year, versions=versions)
    by_agency = {v["report__agency_id"]: v for v in versions}
    figures: dict[int, Figures] = {}
    problems: dict[int, str] = {}
    for agency in agencies:
        if agency.pk in by_agency:
            try:
                figures[agency.pk] = snapshot(by_agency[agency.pk]["contract"], edition)
            except (ValueError, KeyError, TypeError) as exc:
                problems[agency.pk] = _("无法读取已公开报告的单元格：%(error)s") % {"error": exc}
    pending = [a for a in agencies if a.source is Source.PROVISIONAL]
    if pending:
        records = records_of(provisional_agencies(office, year), edition, year)
        zeros = _zeros(edition)
        for agency in pending:
            if agency.pk in records.problems:
                problems[agency.pk] = records.problems[agency.pk]
                continue
            figures[agency.pk] = Figures(
                Source.PROVISIONAL,
                values={**records.table2.get(agency.pk, {}), **records.table4.get(agency.pk, {})},
                defaults=zeros,
                atoms=records.table3.get(agency.pk, Counter()),
            )
    return ProvinceYear(office, year, edition, agencies, figures, problems)
