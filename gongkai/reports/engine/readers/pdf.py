"""A PDF report: each page's ruled tables as grid rows, the rest of its text as lines, in order.

PDFium (pypdfium2) gives each character with its box and each drawn path with its points; the
lines, words and table cells are rebuilt from those positions (pdf_lines.py, pdf_grid.py) by the
rules pdfplumber applied when this reader used it, at a tenth of the cost: pdfminer's layout pass
was nearly all of the time, and none of it is needed here. Fake bold (a glyph or a run printed
again a fraction of a point off) PDFium already reads once: it drops a text object repeating one
of the few before it, and an overprinted glyph inside one, so the reader no longer dedupes.

A table is found from the lines drawn around its cells. Two things in real reports fool that:
white boxes painted behind paragraphs (invisible, but rectangles all the same), and one-column
frames around text. Neither is a grid of values, so invisible shapes are dropped before tables are
looked for, and a table one column wide is left to the running text, which keeps every character.

PDFium is not thread-safe, not even across documents: one lock serialises every reading in the
process. Hostile files are bounded before the costly work: the page count, then each page's
characters, objects and path segments, then the crossings of its lines (pdf_grid.py).
"""

from __future__ import annotations

import ctypes
import re
import struct
import threading

from .lines import Line, ReadError, squash
from .pdf_grid import Box, CharIndex, Edge, GridTooLarge, find_tables, read_table
from .pdf_lines import Char, text_lines

NO_TEXT_LAYER = "PDF 没有文字层（可能是扫描件），无法读取"
MAX_PAGES = 1000  # an annual report has a handful; a thousand is a book, or an attack
MAX_PAGE_CHARS = 100_000  # a dense A4 page holds about 3,000
MAX_PAGE_OBJECTS = 200_000  # text runs, paths and images on one page
MAX_PAGE_SEGMENTS = 200_000  # points of all the paths on one page
MAX_FORM_DEPTH = 8  # form XObjects nested in each other
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
_PDFIUM = threading.Lock()
_RECT = struct.Struct("4f")  # FS_RECTF: left, top, right, bottom
_UNMAPPED_SAMPLE = 8  # one character in this many is asked whether its font maps it to text


def pdf_to_lines(data: bytes) -> list[Line]:
    import pypdfium2  # imported here so that the text and HTML readers do not load it

    with _PDFIUM:
        try:
            document = pypdfium2.PdfDocument(data)
        except Exception as exc:  # PdfiumError, or a ValueError on input that is no PDF at all
            raise ReadError(_problem(exc)) from None
        try:
            return _document_lines(document)
        finally:
            document.close()


def _problem(exc: Exception) -> str:
    """What went wrong, in Chinese."""
    from pypdfium2 import raw

    if getattr(exc, "err_code", None) in (raw.FPDF_ERR_PASSWORD, raw.FPDF_ERR_SECURITY):
        return "PDF 文件已加密，需要密码，无法读取"
    return f"PDF 文件已损坏或不完整，无法读取（{str(exc) or type(exc).__name__}）"


def _document_lines(document) -> list[Line]:
    count = len(document)
    if count == 0:
        raise ReadError("PDF 文件没有任何页面")
    if count > MAX_PAGES:
        raise ReadError(f"PDF 有 {count} 页，超过 {MAX_PAGES} 页的上限，无法读取")
    lines: list[Line] = []
    chars = unmapped = 0
    for number in range(1, count + 1):
        try:
            page_lines, page_chars, page_unmapped = _read_page(document, number)
        except ReadError:
            raise
        except GridTooLarge as exc:
            raise ReadError(f"PDF 第 {number} 页的表格线过多（{exc}），无法读取") from None
        except Exception as exc:
            raise ReadError(f"PDF 第 {number} 页无法读取（{_problem(exc)}）") from None
        lines.extend(page_lines)
        chars += page_chars
        unmapped += page_unmapped
    if chars == 0:
        raise ReadError(NO_TEXT_LAYER)
    if unmapped * _UNMAPPED_SAMPLE > chars / 2:
        # A font without a ToUnicode map gives glyph numbers, not text: it cannot be known.
        raise ReadError("PDF 的字体没有文字编码映射，提取不出文字（可能需要 OCR），无法读取")
    return lines


def _read_page(document, number: int) -> tuple[list[Line], int, int]:
    """The page's lines; also how many characters it has, and how many of a sample are unmapped."""
    page = document[number - 1]
    try:
        frame = _Frame(page)
        textpage = page.get_textpage()
        try:
            chars, unmapped = _chars(textpage, frame, number)
        finally:
            textpage.close()
        shown = sum(1 for c in chars if not c.text.isspace())
        if not shown:
            return [], 0, 0
        horizontal, vertical = _PathReader(frame, number).edges(page)
        return _page_lines(chars, horizontal, vertical, frame.height, number), shown, unmapped
    finally:
        page.close()


class _Frame:
    """The page as it is shown: PDF points measured right and down from its top-left corner."""

    def __init__(self, page) -> None:
        self.left, self.bottom, self.right, self.top = page.get_bbox()
        self.rotation = page.get_rotation() % 360
        upright = self.rotation in (0, 180)
        self.height = (self.top - self.bottom) if upright else (self.right - self.left)

    def point(self, x: float, y: float) -> tuple[float, float]:
        if self.rotation == 90:
            return y - self.bottom, x - self.left
        if self.rotation == 180:
            return self.right - x, y - self.bottom
        if self.rotation == 270:
            return self.top - y, self.right - x
        return x - self.left, self.top - y

    def box(self, left: float, top: float, right: float, bottom: float) -> Box:
        (xa, ya), (xb, yb) = self.point(left, top), self.point(right, bottom)
        return min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb)

    def turned(self, chars: list[Char]) -> list[Char]:
        """Characters measured on the page unturned (from its top-left), as the page is shown."""
        left, top = self.left, self.top
        return [
            Char(c.text, *self.box(c.x0 + left, top - c.top, c.x1 + left, top - c.bottom))
            for c in chars
        ]


def _chars(textpage, frame: _Frame, number: int) -> tuple[list[Char], int]:
    """Every character PDFium reads on the page, with its box; PDFium's own spaces and line breaks
    between them left out. Also how many of a sample (one index in _UNMAPPED_SAMPLE) have no text
    mapping in their font: only their share matters, which a sample estimates at an eighth of
    the calls."""
    from pypdfium2 import raw

    handle = textpage.raw
    count = raw.FPDFText_CountChars(handle)
    if count > MAX_PAGE_CHARS:
        raise ReadError(f"PDF 第 {number} 页有 {count} 个字符，超过 {MAX_PAGE_CHARS} 个的上限")
    text = _text(textpage, handle, count)
    rect = raw.FS_RECTF()
    pointer = ctypes.pointer(rect)
    get_box, generated, unpack = (
        raw.FPDFText_GetLooseCharBox,
        raw.FPDFText_IsGenerated,
        _RECT.unpack_from,
    )
    # The loose box spans the font's ascent and descent over the glyph's advance; its bottom and
    # sides are pdfminer's too (pdf_lines.py groups lines by the bottoms).
    chars: list[Char] = []
    x_origin, y_origin = frame.left, frame.top
    for index in range(count):
        ch = text[index]
        if ch in " \r\n" and generated(handle, index):
            continue
        get_box(handle, index, pointer)
        left, top, right, bottom = unpack(rect)
        chars.append(
            _new_char(
                Char, (ch, left - x_origin, y_origin - top, right - x_origin, y_origin - bottom)
            )
        )
    if frame.rotation:
        chars = frame.turned(chars)
    unmapped_at = raw.FPDFText_HasUnicodeMapError
    sample = range(0, count, _UNMAPPED_SAMPLE)  # PDFium's own spaces among them: never unmapped
    return chars, sum(1 for index in sample if unmapped_at(handle, index) == 1)


# Builds a Char from a ready tuple, skipping NamedTuple's argument handling: a page has thousands.
_new_char = tuple.__new__


def _text(textpage, handle, count: int) -> str:
    """The page's characters, one per index; asked one by one when the whole text does not line
    up with the indices (a character outside the BMP, or one PDFium leaves out of its text)."""
    from pypdfium2 import raw

    text = textpage.get_text_range(0, count) if count else ""
    if len(text) == count:
        return text
    codes = (raw.FPDFText_GetUnicode(handle, i) for i in range(count))
    return "".join(chr(c) if _is_scalar(c) else "\ufffd" for c in codes)


def _is_scalar(code: int) -> bool:
    """Whether a code PDFium gives is a character Python can hold and encode (no lone surrogate)."""
    return 0 <= code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF


class _PathReader:
    """The straight horizontal and vertical edges of the paths a page shows, forms included."""

    def __init__(self, frame: _Frame, number: int) -> None:
        from pypdfium2 import raw

        self.raw, self.frame, self.number = raw, frame, number
        self.horizontal: list[Edge] = []
        self.vertical: list[Edge] = []
        self.segments = 0
        self.objects = 0
        self._point_x, self._point_y = ctypes.c_float(), ctypes.c_float()
        self._matrix = raw.FS_MATRIX()

    def edges(self, page) -> tuple[list[Edge], list[Edge]]:
        raw = self.raw
        self._walk(page.raw, raw.FPDFPage_CountObjects, raw.FPDFPage_GetObject, _IDENTITY, 0)
        return self.horizontal, self.vertical

    def _walk(self, parent, count_objects, get_object, matrix: _Matrix, depth: int) -> None:
        raw = self.raw
        count = count_objects(parent)
        self.objects += max(count, 0)
        if self.objects > MAX_PAGE_OBJECTS:
            raise ReadError(f"PDF 第 {self.number} 页的对象超过 {MAX_PAGE_OBJECTS} 个，无法读取")
        kind_of, path, form = raw.FPDFPageObj_GetType, raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM
        for index in range(count):  # mostly text: two calls each, the least that tells a path
            obj = get_object(parent, index)
            kind = kind_of(obj)
            if kind == path:
                if _visible(raw, obj):
                    self._path(obj, _compose(self._own_matrix(obj), matrix))
            elif kind == form and depth < MAX_FORM_DEPTH:
                inner = _compose(self._own_matrix(obj), matrix)
                self._walk(
                    obj, raw.FPDFFormObj_CountObjects, raw.FPDFFormObj_GetObject, inner, depth + 1
                )

    def _own_matrix(self, obj) -> _Matrix:
        m = self._matrix
        if not self.raw.FPDFPageObj_GetMatrix(obj, m):
            return _IDENTITY
        return (m.a, m.b, m.c, m.d, m.e, m.f)

    def _path(self, obj, matrix: _Matrix) -> None:
        """Each straight segment of the path, a closing one included, that runs across or down."""
        raw = self.raw
        count = raw.FPDFPath_CountSegments(obj)
        self.segments += max(count, 0)
        if self.segments > MAX_PAGE_SEGMENTS:
            raise ReadError(f"PDF 第 {self.number} 页的图形超过 {MAX_PAGE_SEGMENTS} 段，无法读取")
        start = current = None
        for index in range(count):
            segment = raw.FPDFPath_GetPathSegment(obj, index)
            point = self._point(segment, matrix)
            kind = raw.FPDFPathSegment_GetType(segment)
            if kind == raw.FPDF_SEGMENT_LINETO and current is not None:
                self._edge(current, point)
            if kind == raw.FPDF_SEGMENT_MOVETO:
                start = point
            current = point
            if raw.FPDFPathSegment_GetClose(segment) and start is not None:
                self._edge(current, start)
                current = start

    def _point(self, segment, matrix: _Matrix) -> tuple[float, float]:
        x, y = self._point_x, self._point_y
        self.raw.FPDFPathSegment_GetPoint(segment, x, y)
        a, b, c, d, e, f = matrix
        return self.frame.point(a * x.value + c * y.value + e, b * x.value + d * y.value + f)

    def _edge(self, one: tuple[float, float], other: tuple[float, float]) -> None:
        (x0, y0), (x1, y1) = one, other
        if abs(y0 - y1) < _STRAIGHT:
            self.horizontal.append(Edge(y0, min(x0, x1), max(x0, x1)))
        elif abs(x0 - x1) < _STRAIGHT:
            self.vertical.append(Edge(x0, min(y0, y1), max(y0, y1)))


_Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_STRAIGHT = 0.01  # a segment whose ends differ less than this across is straight


def _compose(inner: _Matrix, outer: _Matrix) -> _Matrix:
    """The matrix applying `inner` first, then `outer` (PDF's row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer  # noqa: N806 — the outer matrix's entries, named as in the PDF spec
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def _visible(raw, obj) -> bool:
    """Drop shapes nobody sees: paths neither stroked nor filled, and white fills without a stroke.

    Word and WPS paint white boxes behind paragraphs; taken as ruling lines they make a paragraph a
    one-column "table" whose cells clip the ends of its lines.
    """
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not raw.FPDFPath_GetDrawMode(obj, fill, stroke):
        return False
    if stroke.value:
        return True
    if fill.value == raw.FPDF_FILLMODE_NONE:
        return False
    rgba = [ctypes.c_uint() for _ in range(4)]
    if not raw.FPDFPageObj_GetFillColor(obj, *rgba):
        return True  # a pattern or a shading: not plain white
    red, green, blue, alpha = (v.value for v in rgba)
    return alpha > 0 and min(red, green, blue) < 253  # 0.99 of full brightness, as before


def _page_lines(
    chars: list[Char], horizontal: list[Edge], vertical: list[Edge], height: float, number: int
) -> list[Line]:
    """The page's tables and text lines interleaved by where they stand, top to bottom."""
    tables = [t for t in find_tables(horizontal, vertical) if t.is_grid()]
    index = CharIndex(chars if tables else [])  # sorting the page's characters only when needed
    items: list[tuple[float, int, list[Line]]] = []  # (top, order, lines)
    in_tables: set[int] = set()
    for table_number, table in enumerate(tables, start=1):
        rows, used = read_table(table, chars, index)
        in_tables |= used
        where = f"第 {number} 页第 {table_number} 个表格第 {{}} 行"
        lines = [Line.row(row, where.format(r)) for r, row in enumerate(rows, start=1)]
        items.append((table.bbox[1], len(items), lines))
    outside = [c for i, c in enumerate(chars) if i not in in_tables]
    found = [(top, bottom, squash(text)) for top, bottom, text in text_lines(outside)]
    found = [line for line in found if line[2]]
    for i, (top, bottom, text) in enumerate(found):
        at_edge = top < height * _EDGE or bottom > height * (1 - _EDGE)
        first_or_last = i in (0, len(found) - 1)
        if _PAGE_NUMBER.match(text) or (at_edge and first_or_last and _EDGE_NUMBER.match(text)):
            continue
        items.append((top, len(items), [Line(text=text, where="")]))
    items.sort(key=lambda item: (item[0], item[1]))
    out: list[Line] = []
    line_number = 0
    for _, _, group in items:
        for line in group:
            if line.cells is None:
                line_number += 1
                line = Line(text=line.text, where=f"第 {number} 页第 {line_number} 行")
            out.append(line)
    return out
