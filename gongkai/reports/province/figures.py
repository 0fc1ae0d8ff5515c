"""One agency's figures of a year in the edition's cells, from one of two places:

- **published** (``snapshot``): the cells of its latest published version as frozen — the
  engine's cell-contract JSON (engine/writers/contract.py), whose ``cells`` list every cell of the
  edition in ``edition.cell_keys()`` order. Read as that list of texts (checked to be in that
  order; a contract in another order is read cell by cell), so 3,000 reports of 200 cells do not
  make 600,000 keys;
- **provisional**: computed now from the records (records.py) — table 三 as counts by row and
  column (``atoms``), tables 二 and 四 as the counts that are not 0 and the inputs entered; every
  other computed cell is 0 (``defaults``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from operator import itemgetter

from django.utils.translation import gettext as _

from gongkai.reports.engine.editions import CellKey, Edition, Kind
from gongkai.reports.engine.values import parse_value
from gongkai.reports.province.records import Atoms, table3_cell, table3_cells
from gongkai.reports.province.statuses import Source

Number = int | Decimal
Value = int | str  # a count computed from the records, or a cell's text as written
_KEY = itemgetter("section", "block", "row", "column")
_VALUE = itemgetter("value")


@cache
def positions(edition: Edition) -> Mapping[CellKey, int]:
    """Each cell's position in ``edition.cell_keys()`` (editions compare by identity)."""
    return {key: n for n, key in enumerate(edition.cell_keys())}


@cache
def _key_tuples(edition: Edition) -> list[tuple[str, str, str, str]]:
    return [tuple(key) for key in edition.cell_keys()]


@dataclass
class Figures:
    source: Source
    values: dict[CellKey, Value] = field(default_factory=dict)  # provisional
    defaults: Mapping[CellKey, int] = field(default_factory=dict)  # provisional: the zeros
    atoms: Atoms | None = None  # provisional table 三
    texts: list[str] | None = None  # published: every cell as written, in cell_keys() order
    omitted: frozenset[str] = frozenset()

    def value(self, edition: Edition, key: CellKey) -> Value:
        """The cell's value; "" when blank or in a section the figures leave out."""
        if key.section in self.omitted:
            return ""
        if self.texts is not None:
            return self.texts[positions(edition)[key]]
        if self.atoms is not None and key.section == "三":
            return table3_cell(self.atoms, edition, key)
        return self.values.get(key, self.defaults.get(key, ""))

    def cells(self, edition: Edition) -> dict[CellKey, Value]:
        """Every cell of the edition, in reading order."""
        keys = edition.cell_keys()
        if self.texts is not None:
            pairs = zip(keys, self.texts, strict=True)
            return {k: "" if k.section in self.omitted else text for k, text in pairs}
        three = table3_cells(self.atoms, edition) if self.atoms is not None else {}
        return {
            key: ""
            if key.section in self.omitted
            else three.get(key, self.values.get(key, self.defaults.get(key, "")))
            for key in keys
        }


def snapshot(contract: str, edition: Edition) -> Figures:
    """A published version's cells. ValueError (or KeyError, TypeError) when they are not
    those of the edition."""
    document = json.loads(contract)
    if document.get("edition") != edition.key:
        raise ValueError(
            _("已公开报告采用 %(found)s 年版格式，本年度应为 %(edition)s")
            % {"found": document.get("edition"), "edition": edition.name}
        )
    cells = document.get("cells", [])
    if list(map(_KEY, cells)) == _key_tuples(edition):
        texts = list(map(_VALUE, cells))
    else:  # not in the writer's order: by key, blank where a cell is missing
        by_key = {CellKey(*_KEY(cell)): cell["value"] for cell in cells}
        texts = [by_key.get(key, "") for key in edition.cell_keys()]
    omitted = frozenset(document.get("omitted", ()))
    return Figures(Source.PUBLISHED, texts=texts, omitted=omitted)


def number_of(value: Value, kind: Kind) -> Number | None:
    """The number in a value; None for blank, dash or "/"; ValueError for text of another kind."""
    if type(value) is int:
        return value
    if kind is Kind.COUNT and value.isascii() and value.isdigit():
        return int(value)  # the common case, without the general reader's work
    return parse_value(value, kind)


def plain_counts(texts: list[str]) -> bool:
    """Whether every text is a plain non-negative integer (ASCII digits only): summed at once."""
    return all(map(str.isascii, texts)) and all(map(str.isdigit, texts))


def as_text(value: Value | Number) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)
