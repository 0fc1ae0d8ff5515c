"""The common form every reader brings its input to before the report is found in it.

Text is a list of lines; a table row from HTML, DOCX, XLSX or a ruled PDF table is a line that also
knows its cells, blank ones included. One parser (structure.py) reads the report from these lines,
so every format meets the same rules for labels, blanks and lost separators.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal


class ReadError(Exception):
    """The input cannot be read as a report; the message says why, in Chinese."""


@dataclass(frozen=True, init=False)
class Line:
    text: str  # the line as text; a table row's cells joined by tabs
    where: str  # where it came from, e.g. "第 57 行" or "第 4 页表格第 3 行"
    cells: tuple[str, ...] | None = None  # a table row's cells, "" for blank; None for plain text
    # True when the cells are a real table grid row (HTML, DOCX, XLSX, a ruled PDF table): every
    # cell is there, trailing blanks included. Tab-separated text is looser: layout tabs trail.
    exact: bool = False
    # For a grid row whose reader knows its spans (HTML): True where a cell of the row starts,
    # False where a span from the left or above covers the position or the row has no cell.
    own: tuple[bool, ...] | None = None
    # What the reader that made the line noticed and could not settle (e.g. a run of values that
    # splits several ways); the parser reports it with its own diagnostics.
    notes: tuple[Diagnostic, ...] = ()

    def __init__(
        self,
        text: str,
        where: str,
        cells: tuple[str, ...] | None = None,
        exact: bool = False,
        own: tuple[bool, ...] | None = None,
        notes: tuple[Diagnostic, ...] = (),
    ) -> None:
        # The fields are written to the instance's dict: a frozen dataclass's own __init__ goes
        # through object.__setattr__ once per field, more than half of reading a text's lines
        # (every line of every report is one). Frozen still: assigning a field raises.
        fields = self.__dict__
        fields["text"], fields["where"], fields["cells"] = text, where, cells
        fields["exact"], fields["own"], fields["notes"] = exact, own, notes

    @classmethod
    def row(
        cls,
        cells: list[str | None] | tuple[str | None, ...],
        where: str,
        own: tuple[bool, ...] | None = None,
    ) -> Line:
        """A table grid row; a merged cell's text stands in its first cell, the rest are ""."""
        cells = tuple(squash(c or "") for c in cells)
        return cls(text="\t".join(cells), where=where, cells=cells, exact=True, own=own)


DiagnosticLevel = Literal["info", "warning", "ambiguous"]
# The candidates a diagnostic's text lists; more are kept (a caller can test them all) and
# counted in its message, not listed.
LISTED_CANDIDATES = 24


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
            listed = self.candidates[:LISTED_CANDIDATES]
            text += "；可能的拆分：" + "；".join(" ".join(c) for c in listed)
        return text


def text_lines(text: str, unit: str = "行") -> list[Line]:
    """Plain text as lines; a line holding tabs is taken as a table row with its cells kept."""
    out = []
    for number, raw in enumerate(text.splitlines(), start=1):
        where = f"第 {number} {unit}"
        # Line(text, where, cells) by position: keywords cost a tenth of reading a text's lines.
        if "\t" in raw:
            out.append(Line(raw, where, tuple(map(str.strip, raw.split("\t")))))
        else:
            out.append(Line(raw.strip(), where))
    return out


# Zero-width characters that pages and documents carry inside words.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def squash(text: str) -> str:
    """One line of text: whitespace collapsed, none left between two CJK characters.

    Extraction breaks text where the page wrapped it ("商业企\\n业"); Chinese has no spaces between
    words, so the break disappears, while ASCII words and numbers keep one space between them.
    """
    parts = _INVISIBLE.sub("", text).split()
    if not parts:
        return ""
    out = [parts[0]]
    for part in parts[1:]:
        if not (_is_cjk(out[-1][-1]) and _is_cjk(part[0])):
            out.append(" ")
        out.append(part)
    return "".join(out)


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    if 0xFF10 <= code <= 0xFF19 or 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A:
        return False  # full-width digits and letters: never glue two numbers together
    return (
        0x2E80 <= code <= 0x9FFF  # radicals, CJK punctuation, kana, unified ideographs
        or 0xF900 <= code <= 0xFAFF
        or 0xFE30 <= code <= 0xFE4F
        or 0xFF00 <= code <= 0xFFEF  # full-width punctuation （）：，
        or 0x20000 <= code <= 0x3FFFF
        or ch in "“”‘’…—"
    )


def check_package(data: bytes, kind: str) -> None:
    """ReadError when an office file (DOCX, XLSX) would unpack past the limits for uploads."""
    from gongkai.documents import untrusted

    try:
        untrusted.check_package(data, kind)
    except untrusted.LimitError as error:
        raise ReadError(str(error)) from None
