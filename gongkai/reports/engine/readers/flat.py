"""Reading a report whose line breaks and spaces were all lost: the whole report on one line.

Text copied from a web page or scraped often runs everything together: "…一、本年新收政府信息公开
申请数量801000081二、上年结转…". This reader finds the section headings, the blocks and row labels
of the tables in the running text; each table row's values are then one run of characters, cut
into cells under the tables' rules (flat_tables.py, flat_split.py). It gives back the lines the
report would have had, with each row's cells as a grid row, so that the one parser
(structure.py) reads the rest as it reads every other format; what it could not settle travels
with the lines as notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..editions import SECTION_NUMBERS
from .flat_tables import FOLD, choose_edition, fold, table_lines
from .lines import Diagnostic, Line

# Characters a cut may not fall between when whitespace stood there: values on both sides.
_VALUE_CHARS = frozenset("0123456789/-—–―.")
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")

# What each heading says after its number; the wording drifts (DOMAIN.md §1.2, §3).
_HEADING_WORDS = {
    "一": "总体情况",
    "二": "主动公开",
    "三": "收到和处理|依申请公开|申请情况",
    "四": "复议|诉讼",
    "五": "问题|改进",
    "六": "其他需要报告|其他事项|其他需报告",
}
# Heading text holds no digits and no other heading's number.
_FILLER = r"(?:(?![一二三四五六][、.,])[^\d])"
_HEADINGS = {
    number: re.compile(
        rf"{number}[、.,]{_FILLER}{{0,30}}?(?:{words})(?:{_FILLER}{{0,20}}?(?:情况|事项))?"
    )
    for number, words in _HEADING_WORDS.items()
}
_TITLE_END = re.compile(r"\d{4}年度?(?:的)?政府信息公开(?:工作)?年度?报告")
_SUBHEADING = re.compile(r"(?<=[。；;])(?=[（(][一二三四五六七八九十]+[)）])")
_SENTENCE_END = re.compile(r"(?<=[。！？])")
# A line this long holding two headings, or this many value runs between labels, was flattened.
_LONG_LINE = 200
_RUN_BETWEEN_LABELS = re.compile(r"[\u4e00-\u9fff）)][0-9/\-—–―]{7,}(?=[\u4e00-\u9fff（(])")
_RUNS_OF_A_TABLE = 5


@dataclass(frozen=True)
class Flat:
    """The text without whitespace: `raw` as printed, `text` width-folded for matching (same
    length), and for each character its line and column in the input."""

    raw: str
    text: str
    origin: tuple[tuple[int, int], ...]

    @classmethod
    def of(cls, source: str) -> Flat:
        raw: list[str] = []
        origin: list[tuple[int, int]] = []
        spaced = False
        for number, line in enumerate(source.splitlines(), start=1):
            for column, ch in enumerate(line, start=1):
                if ch.isspace():
                    spaced = True
                    continue
                if ch in _INVISIBLE:
                    continue
                folded = ch.translate(FOLD)
                if spaced and raw and folded in _VALUE_CHARS and raw[-1] in _VALUE_CHARS:
                    raw.append(" ")  # a separator between two values survives as one space
                    origin.append((number, column))
                raw.append(folded if folded in _VALUE_CHARS else ch)
                origin.append((number, column))
                spaced = False
            spaced = True
        text = "".join(raw)
        return cls(raw=text, text=text.translate(FOLD), origin=tuple(origin))

    def where(self, pos: int) -> str:
        if not self.origin:
            return ""
        line, column = self.origin[min(pos, len(self.origin) - 1)]
        return f"第 {line} 行第 {column} 字"


def looks_like_running_text(text: str) -> bool:
    """Whether a line of `text` holds what should have been many lines: two section headings,
    or a table's rows, each label followed by its run of values."""
    for line in text.splitlines():
        if len(line) < _LONG_LINE:
            continue
        compact = fold("".join(line.split()))
        if len(find_headings(compact)) >= 2:
            return True
        if len(_RUN_BETWEEN_LABELS.findall(compact)) >= _RUNS_OF_A_TABLE:
            return True
    return False


def find_headings(text: str) -> dict[str, tuple[int, int]]:
    """Each section heading's (start, end) in running text, found in order."""
    found: dict[str, tuple[int, int]] = {}
    position = 0
    for number in SECTION_NUMBERS:
        match = _HEADINGS[number].search(text, position)
        if match:
            found[number] = match.span()
            position = match.end()
    return found


def running_text_lines(source: str) -> list[Line] | None:
    """The lines of a report printed as running text; None when no table 三 is found in it."""
    flat = Flat.of(source)
    headings = find_headings(flat.text)
    if "三" not in headings:
        return None
    edition = choose_edition(flat.text, headings)
    ordered = sorted(headings.items(), key=lambda item: item[1][0])
    first = ordered[0][1][0]
    lines = _preamble(flat.raw[:first])
    notes = [
        Diagnostic(
            "info",
            "全文的换行和空格已丢失（各部分、表格标签和数值连在一起），按连续文字读取，"
            "表格各行的数值按勾稽关系拆分",
        )
    ]
    for index, (number, (start, end)) in enumerate(ordered):
        stop = ordered[index + 1][1][0] if index + 1 < len(ordered) else len(flat.text)
        lines.append(Line(text=flat.raw[start:end], where=flat.where(start)))
        if number in ("二", "三", "四"):
            lines += table_lines(flat, number, (end, stop), edition, notes)
        else:
            lines += _narrative(flat, end, stop, last=index + 1 == len(ordered))
    first_line = lines[0]
    lines[0] = Line(text=first_line.text, where=first_line.where, notes=tuple(notes))
    return lines


def _preamble(text: str) -> list[Line]:
    """The title (up to "…年度报告") on a line of its own, then the sentences after it."""
    match = _TITLE_END.search(text)
    head, rest = (text[: match.end()], text[match.end() :]) if match else ("", text)
    pieces = [head, *_SENTENCE_END.split(rest)]
    return [Line(text=p, where="第 1 行") for p in pieces if p.strip()] or [
        Line(text="", where="第 1 行")
    ]


def _narrative(flat: Flat, start: int, stop: int, last: bool) -> list[Line]:
    """A section's text, a paragraph at each sub-heading （一）（二）…; the last section a line
    per sentence, so that a site's footer after it stands on a line of its own."""
    text = flat.raw[start:stop]
    pieces = (_SENTENCE_END if last else _SUBHEADING).split(text)
    out, offset = [], start
    for piece in pieces:
        if piece.strip():
            out.append(Line(text=piece.strip(), where=flat.where(offset)))
        offset += len(piece)
    return out
