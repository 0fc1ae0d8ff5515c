"""The report: an edition, an agency and year, every cell as written, and the narrative sections."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from .editions import (
    EDITIONS,
    NARRATIVE_SECTIONS,
    OTHER_2019,
    OTHER_2021,
    SECTION_NUMBERS,
    CellKey,
    Edition,
    Row,
    edition_by_key,
)
from .values import clean, parse_value

# Each edition's rows of table 三（六）其他处理: one row (2019), three sub-rows (2021).
OTHER_ROWS: dict[str, tuple[Row, ...]] = {"2019": OTHER_2019, "2021": OTHER_2021}


@dataclass(frozen=True, eq=False)
class MixedEdition(Edition):
    """An edition whose table 三 holds the other edition's （六）其他处理 rows.

    Published reports mix the two: a 2021-edition report keeping the 2019 single （六） row, or
    the reverse. Such a report is read and checked with the rows it has, so its edition is the
    one in force (`base`: table 二, the headings, every other row) with the other's （六） rows.
    """

    base: Edition | None = None
    other_rows_of: str = ""  # the key of the edition whose （六） rows table 三 holds

    def __reduce__(self):
        return _mixed_by_keys, (self.key, self.other_rows_of)


def _mixed(base: Edition, rows_of: str) -> MixedEdition:
    mine, theirs = OTHER_ROWS[base.key], OTHER_ROWS[rows_of]
    start = base.table3_rows.index(mine[0])
    rows = (*base.table3_rows[:start], *theirs, *base.table3_rows[start + len(mine) :])
    return MixedEdition(
        key=base.key,
        name=f"{base.name}，表三第（六）项按 {rows_of} 年版",
        instrument=base.instrument,
        first_year=base.first_year,
        table2=base.table2,
        table3_rows=rows,
        base=base,
        other_rows_of=rows_of,
    )


def _mixed_by_keys(base: str, rows_of: str) -> MixedEdition:
    return _MIXED[(base, rows_of)]


# Built once, so that a mixed edition, like each edition, is one object.
_MIXED = {
    (base.key, other): _mixed(base, other)
    for base in EDITIONS.values()
    for other in OTHER_ROWS
    if other != base.key
}


def mixed_edition(edition: Edition, rows_of: str) -> Edition:
    """`edition` with the （六） rows of the edition `rows_of`; `edition` itself when they are its
    own."""
    base = edition.base if isinstance(edition, MixedEdition) else edition
    if rows_of == base.key:
        return base
    return _MIXED[(base.key, rows_of)]


@dataclass(eq=False)
class Report:
    """One annual report.

    `cells` holds every cell of the edition with its text as written: "" for blank, "/" for not
    applicable, "0" for zero. `sections` holds the narrative of 一、五、六. `sources` says, for each
    value that was read from a document, where it was read from (a line, a page, a table row).

    `omitted` names the sections (一 … 六) the report leaves out on purpose, e.g. a report computed
    from the application records holds table 三 only. Their cells stay blank and their text
    empty, and the checker reads nothing there: a table left out is not a table written blank.
    """

    edition: Edition
    agency: str = ""
    year: int | None = None
    cells: dict[CellKey, str] = field(default_factory=dict)
    sections: dict[str, str] = field(default_factory=dict)
    sources: dict[CellKey, str] = field(default_factory=dict)
    omitted: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        self.omitted = frozenset(self.omitted)
        for number in sorted(self.omitted):
            if number not in SECTION_NUMBERS:
                raise ValueError(f"没有第“{number}”部分（omitted 应为 一 至 六）")
        for key in self.cells:
            if not self.edition.has_cell(key):
                raise ValueError(f"{self.edition.name} 没有这个单元格：{key}")
        if self.cells:
            for key in self.edition.cell_keys():
                self.cells.setdefault(key, "")
        else:  # a report about to be read or computed: every cell blank, all at once
            self.cells.update(dict.fromkeys(self.edition.cell_keys(), ""))
        if self.omitted:
            for key in self.edition.cell_keys():
                if key.section in self.omitted and clean(self.cells[key]):
                    raise ValueError(f"第{key.section}部分未包含在报告中，单元格应为空白：{key}")
        for number in NARRATIVE_SECTIONS:
            self.sections.setdefault(number, "")
            if number in self.omitted and self.sections[number].strip():
                raise ValueError(f"第{number}部分未包含在报告中，文字应为空")

    @classmethod
    def empty(cls, edition: Edition | str, agency: str = "", year: int | None = None) -> Report:
        if isinstance(edition, str):
            edition = edition_by_key(edition)
        return cls(edition=edition, agency=agency, year=year)

    @property
    def mixed(self) -> bool:
        """Whether table 三 holds the other edition's （六） rows (MixedEdition)."""
        return isinstance(self.edition, MixedEdition)

    def get(self, key: CellKey) -> str:
        return self.cells[key]

    def set(self, key: CellKey, text: str | int | Decimal | None, source: str = "") -> None:
        """Write the cell's text, clean(); KeyError for a cell the edition does not have,
        ValueError for one in a section the report leaves out."""
        self.set_cells(((key, text),), source)

    def set_cells(
        self, cells: Iterable[tuple[CellKey, str | int | Decimal | None]], source: str = ""
    ) -> None:
        """set() of each (key, text), from one source: a row as read, in one call (readers set
        every cell of every report)."""
        has_cell, omitted, written = self.edition.has_cell, self.omitted, self.cells
        for key, text in cells:
            if not has_cell(key):
                raise KeyError(f"{self.edition.name} 没有这个单元格：{key}")
            if omitted and key.section in omitted:
                raise ValueError(f"第{key.section}部分未包含在报告中，不能填写：{key}")
            if type(text) is not str:  # most texts are: str() of one is the same text
                text = "" if text is None else str(text)
            written[key] = clean(text)
            if source:
                self.sources[key] = source

    def number(self, key: CellKey) -> int | Decimal | None:
        """The cell's number; None for blank or "/"; ValueError for text that is not a number."""
        return parse_value(self.cells[key], self.edition.column(key).kind)

    def canonical(self) -> tuple:
        """What two reports must share to be the same report.

        Whitespace inside the narrative carries no meaning in Chinese text and does not survive a
        trip through PDF (lines are wrapped), so it is left out of the comparison.
        """
        return (
            self.edition.key,
            self.agency.strip(),
            self.year,
            tuple(sorted(self.cells.items())),
            tuple((k, squeeze(self.sections.get(k, ""))) for k in NARRATIVE_SECTIONS),
            tuple(sorted(self.omitted)),
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Report):
            return NotImplemented
        return self.canonical() == other.canonical()

    def __hash__(self) -> int:
        return hash(self.canonical())

    def __repr__(self) -> str:
        # Short on purpose: a full repr of ~200 cells buries test failures; see differences().
        filled = sum(1 for text in self.cells.values() if text)
        return (
            f"Report(edition={self.edition.key}, agency={self.agency!r}, year={self.year}, "
            f"{filled}/{len(self.cells)} cells filled)"
        )

    def differences(self, other: Report) -> list[str]:
        """What differs between two reports, in words (for test failures and the CLI)."""
        out: list[str] = []
        for name in ("agency", "year"):
            if getattr(self, name) != getattr(other, name):
                out.append(f"{name}: {getattr(self, name)!r} ≠ {getattr(other, name)!r}")
        if self.omitted != other.omitted:
            out.append(f"omitted: {sorted(self.omitted)} ≠ {sorted(other.omitted)}")
        if self.edition is not other.edition:
            return [*out, f"edition: {self.edition.name} ≠ {other.edition.name}"]
        for key in self.edition.cell_keys():
            if self.cells[key] != other.cells[key]:
                name = self.edition.cell_name(key)
                out.append(f"{name}: {self.cells[key]!r} ≠ {other.cells[key]!r}")
        for k in NARRATIVE_SECTIONS:
            if squeeze(self.sections[k]) != squeeze(other.sections[k]):
                out.append(f"section {k}: {self.sections[k][:40]!r}… ≠ {other.sections[k][:40]!r}…")
        return out


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)
