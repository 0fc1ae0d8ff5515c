"""A web page as published: paragraphs as text lines, each data table row as a grid row.

Government sites wrap the report in site chrome (menus, breadcrumbs, share buttons) and often in
layout tables, tables whose cells hold more tables. Only the innermost tables carry data; the rest
is read as running text, which the structural parser ignores outside the report's sections.
"""

from __future__ import annotations

import codecs
import re

import lxml.html

from .lines import Line, ReadError, squash

# Elements whose content is never visible text of the page.
_SKIP = frozenset(
    {"head", "script", "style", "noscript", "template", "iframe", "object", "embed", "svg"}
    | {"math", "select", "textarea", "audio", "video", "canvas", "map"}
)
# Elements that start and end a line of text.
_BLOCKS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd"}
    | {"section", "article", "header", "footer", "nav", "aside", "main", "blockquote", "pre"}
    | {"address", "figure", "figcaption", "form", "fieldset", "legend", "hr", "center"}
    | {"details", "summary", "caption", "tr", "td", "th", "table", "body", "html", "option"}
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# The charset a page declares, in a <meta> tag or an XML declaration, near its start.
_DECLARED = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The HTML limit (colspan ≤ 1000) and a cap on a table's cells keep a hostile page from asking
# for a huge grid; a real report's largest table has a few hundred cells.
_MAX_COLSPAN = 1000
_MAX_CELLS = 200_000


def decode_html(data: bytes) -> str:
    """The page's text: its BOM, else its declared charset, else UTF-8, else GB18030."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    candidates = []
    declared = _DECLARED.search(data[:4096])
    if declared:
        candidates.append(_codec(declared.group(1).decode("ascii", errors="ignore")))
    candidates += ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    # Neither decodes cleanly: a page with a few broken bytes is still worth reading.
    return data.decode(candidates[0] if _known(candidates[0]) else "utf-8", errors="replace")


def _codec(name: str) -> str:
    name = name.lower()
    # GB2312 and GBK pages routinely hold characters beyond their charset; GB18030 covers both.
    if name in {"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "gb18030", "euc-cn", "hz-gb-2312"}:
        return "gb18030"
    return name


def _known(encoding: str) -> bool:
    try:
        codecs.lookup(encoding)
    except LookupError:
        return False
    return True


def html_to_lines(data: bytes) -> list[Line]:
    text = _CONTROL.sub("", _XML_DECLARATION.sub("", decode_html(data), count=1))
    if not text.strip():
        raise ReadError("网页是空的，没有可读取的文字")
    try:
        root = lxml.html.document_fromstring(text)
    except Exception as exc:  # lxml raises ParserError, ValueError and others on junk
        raise ReadError(f"无法解析网页（{exc}）") from None
    reader = _PageReader()
    try:
        reader.block(root)
    except RecursionError:
        raise ReadError("网页的元素嵌套过深，无法读取") from None
    if not reader.lines:
        raise ReadError("网页里没有文字内容")
    return reader.lines


def _visible(el) -> bool:
    if not isinstance(el.tag, str):  # comments and processing instructions
        return False
    if el.tag.lower() in _SKIP or el.get("hidden") is not None:
        return False
    return not _HIDDEN_STYLE.search(el.get("style") or "")


class _PageReader:
    """Walks a page in document order, turning running text into lines and tables into rows."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self._buffer: list[str] = []
        self._paragraphs = 0
        self._tables = 0

    def block(self, el) -> None:
        """Read an element's content as running text (with any tables in it)."""
        if el.text:
            self._buffer.append(el.text)
        for child in el:
            if _visible(child):
                self._element(child)
            if child.tail:
                self._buffer.append(child.tail)

    def flush(self) -> None:
        text = squash("".join(self._buffer))
        self._buffer.clear()
        if text:
            self._paragraphs += 1
            self.lines.append(Line(text=text, where=f"第 {self._paragraphs} 段"))

    def _element(self, el) -> None:
        tag = el.tag.lower()
        if tag == "br":
            self.flush()
        elif tag == "table":
            self.flush()
            self._table(el)
        elif tag in _BLOCKS:
            self.flush()
            self.block(el)
            self.flush()
        else:
            self.block(el)

    def _table(self, table) -> None:
        rows = [[cell for cell in _own_cells(tr) if _visible(cell)] for tr in _own_rows(table)]
        for caption in table.iterchildren("caption"):
            self.block(caption)
            self.flush()
        # A table holding tables lays out the page, and a table one column wide frames text: neither
        # is a grid of values, so their cells are read as running text.
        if not any(inner is not table for inner in table.iter("table")):
            grid, own = _grid(rows)
            if grid and len(grid[0]) >= 2:
                self._tables += 1
                for number, (cells, starts) in enumerate(zip(grid, own, strict=True), start=1):
                    where = f"第 {self._tables} 个表格第 {number} 行"
                    self.lines.append(Line.row(cells, where, own=starts))
                return
        for row in rows:
            for cell in row:
                self.block(cell)
                self.flush()


def _nearest_table(el):
    return next(el.iterancestors("table"), None)


def _own_rows(table) -> list:
    return [tr for tr in table.iter("tr") if _nearest_table(tr) is table and _visible(tr)]


def _own_cells(tr) -> list:
    return [child for child in tr if isinstance(child.tag, str) and child.tag in ("td", "th")]


def _span(cell, name: str, limit: int) -> int:
    """A rowspan/colspan as a browser reads it: leading digits, 1 if absent or nonsense."""
    match = re.match(r"\s*(\d+)", cell.get(name) or "")
    value = int(match.group(1)) if match else 1
    if value == 0 and name == "rowspan":
        return limit  # rowspan="0" spans the rest of the table
    return max(1, min(value, limit))


def _grid(rows: list[list]) -> tuple[list[list[str]], list[tuple[bool, ...]]]:
    """The table's rows with every span expanded: text in the first position, "" elsewhere;
    and per row, which positions start a cell of that row.

    Word's "save as web page" lets a data cell span two grid columns under a header that spans
    one, so a position can be "" because a span covers it, not because the cell is blank: the
    table reader needs to tell the two apart to read such a row right (tables.py).
    """
    taken: dict[tuple[int, int], str] = {}
    starts: set[tuple[int, int]] = set()
    width = 0
    for r, cells in enumerate(rows):
        c = 0
        for cell in cells:
            while (r, c) in taken:
                c += 1
            rowspan = _span(cell, "rowspan", len(rows) - r)
            colspan = _span(cell, "colspan", _MAX_COLSPAN)
            if len(taken) + rowspan * colspan > _MAX_CELLS:
                raise ReadError(f"网页里的表格过大（超过 {_MAX_CELLS} 个单元格），无法读取")
            text = _cell_text(cell)
            starts.add((r, c))
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken[(r + dr, c + dc)] = text if dr == dc == 0 else ""
            c += colspan
            width = max(width, c)
    grid = [[taken.get((r, c), "") for c in range(width)] for r in range(len(rows))]
    own = [tuple((r, c) in starts for c in range(width)) for r in range(len(rows))]
    return grid, own


def _cell_text(cell) -> str:
    """All the text of a data cell as one line, whatever blocks and breaks it holds."""
    reader = _PageReader()
    reader.block(cell)
    reader.flush()
    return squash(" ".join(line.text for line in reader.lines))
