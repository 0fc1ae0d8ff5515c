"""The common form every reader brings its input to before the report is found in it.

Text is a list of lines; a table row from HTML, DOCX, XLSX or a ruled PDF table is a line that also
knows its cells, blank ones included. One parser (structure.py) reads the report from these lines,
so every format meets the same rules for labels, blanks and lost separators.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


class ReadError(Exception):
    """The input cannot be read as a report; the message says why, in Chinese."""


@dataclass(frozen=True)
class Line:
    text: str  # the line as text; a table row's cells joined by tabs
    where: str  # where it came from, e.g. "第 57 行" or "第 4 页表格第 3 行"
    cells: tuple[str, ...] | None = None  # a table row's cells, "" for blank; None for plain text
    # True when the cells are a real table grid row (HTML, DOCX, XLSX, a ruled PDF table): every
    # cell is there, trailing blanks included. Tab-separated text is looser: layout tabs trail.
    exact: bool = False

    @classmethod
    def row(cls, cells: list[str | None] | tuple[str | None, ...], where: str) -> Line:
        """A table grid row; a merged cell's text stands in its first cell, the rest are ""."""
        cells = tuple(" ".join((c or "").split()) for c in cells)
        return cls(text="\t".join(cells), where=where, cells=cells, exact=True)


DiagnosticLevel = Literal["info", "warning", "ambiguous"]


@dataclass(frozen=True)
class Diagnostic:
    level: DiagnosticLevel
    message: str
    where: str = ""
    candidates: tuple[tuple[str, ...], ...] = field(default=())

    def __str__(self) -> str:
        place = f"{self.where}：" if self.where else ""
        text = f"{place}{self.message}"
        if self.candidates:
            text += "；可能的拆分：" + "；".join(" ".join(c) for c in self.candidates)
        return text


def text_lines(text: str, unit: str = "行") -> list[Line]:
    """Plain text as lines; a line holding tabs is taken as a table row with its cells kept."""
    out = []
    for number, raw in enumerate(text.splitlines(), start=1):
        where = f"第 {number} {unit}"
        if "\t" in raw:
            out.append(Line(text=raw, where=where, cells=tuple(c.strip() for c in raw.split("\t"))))
        else:
            out.append(Line(text=raw.strip(), where=where))
    return out
