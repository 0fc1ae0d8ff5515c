"""A PDF report: each page's ruled tables as grid rows, the rest of its text as lines, in order.

pdfplumber finds a table from the lines drawn around its cells. Two things in real reports fool it:
white boxes painted behind paragraphs (invisible, but rectangles all the same), and one-column
frames around text. Neither is a grid of values, so invisible shapes are dropped before tables are
looked for, and a table one column wide is left to the running text, which keeps every character.
"""

from __future__ import annotations

import io
import re

from .lines import Line, ReadError, squash

NO_TEXT_LAYER = "PDF 没有文字层（可能是扫描件），无法读取"
# Page numbers in a footer or header: "- 1 -", "—1—", "第 1 页", "第1页 共6页", "共6页 第1页".
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－]+\s*\d{1,4}\s*[-—–－]+"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[,，/]?\s*第\s*\d{1,4}\s*页"
    r"|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$",
    re.IGNORECASE,
)
# "1/6" or a bare "3" are page numbers only at the very top or bottom of the page.
_EDGE_NUMBER = re.compile(r"^\d{1,4}(?:\s*/\s*\d{1,4})?$")
_EDGE = 0.1  # the top and bottom tenth of a page hold its header and footer


def pdf_to_lines(data: bytes) -> list[Line]:
    import pdfplumber  # imported here so that the text and HTML readers do not load it

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = pdf.pages
    except Exception as exc:  # pdfminer raises many kinds on a damaged file; pdfplumber wraps some
        raise ReadError(_problem(exc)) from None
    with pdf:
        if not pages:
            raise ReadError("PDF 文件没有任何页面")
        lines: list[Line] = []
        chars = cid = 0
        for number, page in enumerate(pages, start=1):
            try:
                page_lines, page_chars, page_cid = _page_lines(page, number)
            except ReadError:
                raise
            except Exception as exc:
                raise ReadError(f"PDF 第 {number} 页无法读取（{_problem(exc)}）") from None
            lines.extend(page_lines)
            chars += page_chars
            cid += page_cid
    if chars == 0:
        raise ReadError(NO_TEXT_LAYER)
    if cid > chars / 2:
        # Fonts without a ToUnicode map come out as "(cid:123)": the text cannot be known.
        raise ReadError("PDF 的字体没有文字编码映射，提取不出文字（可能需要 OCR），无法读取")
    return lines


def _problem(exc: Exception) -> str:
    """What went wrong, in Chinese; pdfplumber wraps pdfminer's exception in its args."""
    causes = [exc, *(a for a in exc.args if isinstance(a, BaseException))]
    names = " ".join(type(c).__name__ for c in causes)
    if "Password" in names or "Encryption" in names:
        return "PDF 文件已加密，需要密码，无法读取"
    reason = "; ".join(dict.fromkeys(str(c) for c in causes if str(c))) or type(exc).__name__
    return f"PDF 文件已损坏或不完整，无法读取（{reason}）"


def _page_lines(page, number: int) -> tuple[list[Line], int, int]:
    """The page's lines in vertical order; also how many characters it has, and of them "(cid:"."""
    page = page.dedupe_chars()  # fake bold is the same text printed twice, slightly offset
    texts = [c for c in page.chars if c["text"].strip()]
    cid = sum(1 for c in texts if c["text"].startswith("(cid:"))
    if not texts:
        return [], 0, 0
    tables = [t for t in page.filter(_visible).find_tables() if _is_grid(t)]
    boxes = [cell for t in tables for cell in t.cells]
    # (top, order, lines): tables and text interleave by where they stand on the page.
    items: list[tuple[float, int, list[Line]]] = []
    for index, table in enumerate(tables, start=1):
        rows = [
            Line.row([cell or "" for cell in row], f"第 {number} 页第 {index} 个表格第 {r} 行")
            for r, row in enumerate(table.extract(), start=1)
        ]
        items.append((table.bbox[1], len(items), rows))
    outside = page.filter(lambda obj: obj["object_type"] != "char" or not _in_any(obj, boxes))
    height = float(page.height) or 1.0
    text_lines = [t for t in outside.extract_text_lines(strip=True) if squash(t["text"])]
    for i, found in enumerate(text_lines):
        text = squash(found["text"])
        at_edge = found["top"] < height * _EDGE or found["bottom"] > height * (1 - _EDGE)
        first_or_last = i in (0, len(text_lines) - 1)
        if _PAGE_NUMBER.match(text) or (at_edge and first_or_last and _EDGE_NUMBER.match(text)):
            continue
        items.append((found["top"], len(items), [Line(text=text, where="")]))
    items.sort(key=lambda item: (item[0], item[1]))
    out: list[Line] = []
    line_number = 0
    for _, _, group in items:
        for line in group:
            if line.cells is None:
                line_number += 1
                line = Line(text=line.text, where=f"第 {number} 页第 {line_number} 行")
            out.append(line)
    return out, len(texts), cid


def _visible(obj: dict) -> bool:
    """Drop shapes nobody sees: paths neither stroked nor filled, and white fills without a stroke.

    Word and WPS paint white boxes behind paragraphs; taken as ruling lines they make a paragraph a
    one-column "table" whose cells clip the ends of its lines.
    """
    if obj.get("object_type") not in ("rect", "line", "curve"):
        return True
    if obj.get("stroke"):
        return True
    return bool(obj.get("fill")) and not _is_white(obj.get("non_stroking_color"))


def _is_white(color: object) -> bool:
    if not isinstance(color, tuple | list) or not color:
        return False
    try:
        values = [float(v) for v in color]
    except (TypeError, ValueError):
        return False  # a pattern or a named colour: not plain white
    if len(values) == 4:  # CMYK: no ink
        return all(v <= 0.01 for v in values)
    return all(v >= 0.99 for v in values)  # grey or RGB at full brightness


def _is_grid(table) -> bool:
    """A grid of values has at least two columns; a one-column "table" is a frame around text."""
    return any(len(row.cells) >= 2 for row in table.rows)


def _in_any(char: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    """Whether the character belongs to a table: its centre lies in one of the table's cells.

    The same test pdfplumber uses to put characters in cells, so no character is read twice, and
    one in a gap of a ragged table is read as text rather than lost.
    """
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return any(x0 <= x < x1 and top <= y < bottom for x0, top, x1, bottom in boxes)
