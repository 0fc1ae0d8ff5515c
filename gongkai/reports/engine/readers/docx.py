"""A Word (.docx) report: body paragraphs as text lines and table rows as grid rows, in order.

The grid is read from the XML rather than python-docx's `row.cells`, which repeats a merged cell's
object in every position it covers: here a merged cell's text stands in its first position and the
positions it covers are "", both across (gridSpan, hMerge) and down (vMerge), so every row of a
table is as wide as the table's grid.
"""

from __future__ import annotations

import io

from docx.oxml.ns import qn

from .lines import Line, ReadError, check_package, squash

_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_SDT, _SDT_CONTENT, _CUSTOM_XML = qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")
_T, _TAB, _BR, _CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_NO_BREAK_HYPHEN = qn("w:noBreakHyphen")
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Content controls and custom XML wrap paragraphs, rows and cells without changing what they are.
_WRAPPERS = (_SDT, _SDT_CONTENT, _CUSTOM_XML)
_MAX_CELLS = 200_000


def docx_to_lines(data: bytes) -> list[Line]:
    import docx  # python-docx; imported here so that the text and HTML readers do not load it

    check_package(data, "Word 文档")
    try:
        body = docx.Document(io.BytesIO(data)).element.body
    except Exception as exc:  # zipfile, lxml and python-docx each raise their own on a bad file
        raise ReadError(f"Word 文档已损坏或不是 .docx 文件，无法打开（{exc}）") from None
    reader = _DocReader()
    try:
        reader.blocks(body)
    except RecursionError:
        raise ReadError("Word 文档的表格嵌套过深，无法读取") from None
    if not reader.lines:
        raise ReadError("Word 文档里没有文字内容")
    return reader.lines


def _children(el, tag: str):
    """The children of `el` with `tag`, looking through content-control wrappers."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def _paragraph_pieces(p) -> list[str]:
    """A paragraph's text, split at its line breaks."""
    pieces: list[list[str]] = [[]]
    for el in _runs_text(p):
        if el is None:
            pieces.append([])
        else:
            pieces[-1].append(el)
    return ["".join(piece) for piece in pieces]


def _runs_text(el):
    """The text of everything under `el` in order; None marks a line break.

    Walks all descendants, so text in hyperlinks, fields, insertions and content controls counts;
    deleted text (w:delText) and field codes (w:instrText) are other tags and are left out. Of a
    text box, Word stores a copy for old readers in mc:Fallback: that copy is skipped.
    """
    for child in el:
        tag = child.tag
        if tag == _T:
            yield child.text or ""
        elif tag == _TAB:
            yield " "
        elif tag in (_BR, _CR):
            yield None
        elif tag == _NO_BREAK_HYPHEN:
            yield "-"
        elif tag != _FALLBACK and isinstance(tag, str):
            yield from _runs_text(child)


def _cell_text(tc) -> str:
    return squash(" ".join(piece for p in _paragraphs(tc) for piece in _paragraph_pieces(p)))


def _paragraphs(el):
    """The paragraphs under `el`, outermost only (a paragraph's own walk reads what it holds)."""
    for child in el:
        if child.tag == _P:
            yield child
        elif child.tag != _FALLBACK and isinstance(child.tag, str):
            yield from _paragraphs(child)


def _int_val(el, path: str) -> int | None:
    found = el.find(path)
    if found is None:
        return None
    try:
        value = int(found.get(qn("w:val"), ""))
    except ValueError:
        return None
    return max(0, min(value, 1000))  # a grid is never wider than Word's 63 columns; cap junk


def _merge(tc, name: str) -> str | None:
    """A cell's vMerge/hMerge: None if absent, else "restart" or "continue" (the default)."""
    found = tc.find(f"{qn('w:tcPr')}/{qn(name)}")
    if found is None:
        return None
    return found.get(qn("w:val")) or "continue"


class _DocReader:
    def __init__(self) -> None:
        self.lines: list[Line] = []
        self._paragraphs = 0
        self._tables = 0

    def blocks(self, container) -> None:
        """Paragraphs and tables of the body or of a cell, in document order."""
        for child in container:
            if child.tag == _P:
                self._paragraph(child)
            elif child.tag == _TBL:
                self._table(child)
            elif child.tag in _WRAPPERS:
                self.blocks(child)

    def _text(self, text: str) -> None:
        text = squash(text)
        if text:
            self._paragraphs += 1
            self.lines.append(Line(text=text, where=f"第 {self._paragraphs} 段"))

    def _paragraph(self, p) -> None:
        for piece in _paragraph_pieces(p):
            self._text(piece)

    def _table(self, tbl) -> None:
        rows = list(_children(tbl, _TR))
        # A table holding tables lays out the page, and a table one column wide frames text:
        # neither is a grid of values, so their cells are read as running text.
        if not any(inner is not tbl for inner in tbl.iter(_TBL)):
            grid, own = _grid(rows)
            if grid and len(grid[0]) >= 2:
                self._tables += 1
                for number, (cells, starts) in enumerate(zip(grid, own, strict=True), start=1):
                    where = f"第 {self._tables} 个表格第 {number} 行"
                    self.lines.append(Line.row(cells, where, own=starts))
                return
        for tr in rows:
            for tc in _children(tr, _TC):
                if _merge(tc, "w:vMerge") != "continue":
                    self.blocks(tc)


def _grid(rows: list) -> tuple[list[list[str]], list[tuple[bool, ...]]]:
    """Every row as wide as the table: gridBefore/gridAfter and covered positions are "";
    and per row, which positions start a cell of that row's own (not a merge continued from
    above or from the left, nor the rest of a span) — as Word lets a data cell span two grid
    columns under a header that spans one, the table reader needs them (tables.py)."""
    grid: list[list[str]] = []
    own: list[list[bool]] = []
    for tr in rows:
        before = _int_val(tr, f"{qn('w:trPr')}/{qn('w:gridBefore')}") or 0
        cells, starts = [""] * before, [False] * before
        for tc in _children(tr, _TC):
            span = max(1, _int_val(tc, f"{qn('w:tcPr')}/{qn('w:gridSpan')}") or 1)
            # A cell that continues a merge from above or from the left holds no text of its own.
            covered = "continue" in (_merge(tc, "w:vMerge"), _merge(tc, "w:hMerge"))
            cells.append("" if covered else _cell_text(tc))
            starts.append(not covered)
            cells.extend([""] * (span - 1))
            starts.extend([False] * (span - 1))
        after = _int_val(tr, f"{qn('w:trPr')}/{qn('w:gridAfter')}") or 0
        cells.extend([""] * after)
        starts.extend([False] * after)
        grid.append(cells)
        own.append(starts)
        if sum(len(row) for row in grid) > _MAX_CELLS:
            raise ReadError(f"Word 文档里的表格过大（超过 {_MAX_CELLS} 个单元格），无法读取")
    width = max((len(row) for row in grid), default=0)
    return (
        [row + [""] * (width - len(row)) for row in grid],
        [tuple(row + [False] * (width - len(row))) for row in own],
    )
