"""The PDF reader rebuilds lines and ruled tables from PDFium's positions, and bounds its work.

Each test writes a small PDF by hand (fonts every reader knows: Helvetica, and STSong-Light
addressed in UCS-2), so that what is on the page, and where, is known exactly.
"""

from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from gongkai.reports.engine.readers import pdf, pdf_grid
from gongkai.reports.engine.readers.lines import ReadError
from gongkai.reports.engine.readers.pdf import pdf_to_lines

from .test_format_readers import RULED_PAGE, _ruled, _text, build_pdf

FONTS = (
    b"/Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    b" /F2 << /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H"
    b" /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light"
    b" /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> >>] >>"
    b" /F3 << /Type /Font /Subtype /Type0 /BaseFont /NoMap /Encoding /Identity-H"
    b" /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NoMap"
    b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
    b" /FontDescriptor << /Type /FontDescriptor /FontName /NoMap /Flags 4"
    b" /FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 900 /Descent -100 /CapHeight 700"
    b" /StemV 80 >> >>] >> >>"
)
RULED_ROWS = [
    "Heading One",
    "Boxed paragraph text 2024.",
    ("Merged head", ""),
    ("Label A", "12"),
    ("Label B", ""),
    ("商业企业", "3001"),
    "After the table",
]


def make_pdf(pages: list[bytes], form: bytes | None = None, rotate: int = 0) -> bytes:
    """A PDF of the given page contents; `form`, if any, is the Form XObject /Fm1 on every page."""
    resources = (
        b"<< " + FONTS + (b" /XObject << /Fm1 3 0 R >>" if form is not None else b"") + b" >>"
    )
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    objects.append(
        _stream(
            b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources " + resources,
            form or b"",
        )
    )
    kids = []
    for content in pages:
        objects.append(_stream(b"", content))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Rotate %d /Resources %s"
            b" /Contents %d 0 R >>" % (rotate, resources, len(objects))
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _stream(dictionary: bytes, content: bytes) -> bytes:
    return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (dictionary, len(content), content)


def _cjk(x: float, y: float, text: str, size: int = 10, font: bytes = b"F2") -> bytes:
    code = text.encode("utf-16-be").hex().encode()
    return b"BT /%s %d Tf %.2f %.2f Td <%s> Tj ET\n" % (font, size, x, y, code)


def shape(lines) -> list:
    return [line.cells if line.cells is not None else line.text for line in lines]


def test_a_ruled_table_drawn_inside_a_moved_form_is_read_where_it_is_shown():
    # The whole ruled page, drawn through a Form XObject that a `cm` moves 40 points right
    # and 100 points down: the form's paths and text take the page's and the form's matrices.
    lines = pdf_to_lines(make_pdf([b"q 1 0 0 1 40 -100 cm /Fm1 Do Q\n"], form=RULED_PAGE))
    assert shape(lines) == RULED_ROWS


def test_a_landscape_page_turned_by_rotate_reads_in_the_order_it_is_shown():
    # /Rotate 90 turns the page a quarter clockwise for display; the content is drawn turned
    # the other way, as landscape tables are, so that it stands upright on the screen.
    upright = b"q 0 1 -1 0 595 0 cm\n" + RULED_PAGE.replace(b"- 1 -", b"x") + b"Q\n"
    lines = pdf_to_lines(make_pdf([upright], rotate=90))
    assert shape(lines)[:7] == RULED_ROWS


@pytest.mark.parametrize("offset", [0.2, 0.6, 0.9])
def test_fake_bold_printed_twice_a_fraction_of_a_point_apart_reads_once(offset):
    once = "一、总体情况"
    run_twice = _cjk(72, 700, once, 16) + _cjk(72 + offset, 700.2, once, 16)
    glyph_by_glyph = b"".join(
        _cjk(72 + 16 * i, 650, ch, 16) + _cjk(72 + 16 * i + offset, 650, ch, 16)
        for i, ch in enumerate(once)
    )
    assert shape(pdf_to_lines(build_pdf(run_twice + glyph_by_glyph))) == [once, once]


def test_a_heading_font_beside_the_body_font_on_one_baseline_is_one_line():
    # The two fonts' ascents stand 3.4 points apart at 16 pt, their descents 1 point: lines are
    # grouped by the bottoms of the boxes, as pdfminer's tops (bottom + size) grouped them.
    content = (
        _cjk(72, 700, "（二）依申请公开情况。", 16) + b"BT /F1 16 Tf 270 700 Td (Body 2024) Tj ET\n"
    )
    assert shape(pdf_to_lines(build_pdf(content))) == ["（二）依申请公开情况。 Body 2024"]


def test_words_part_at_a_real_space_or_a_gap_and_join_within_one():
    content = (
        _text(72, 700, "Label A")  # a real space, 2.8 points wide: still a word break
        + b"BT /F1 10 Tf 72 680 Td (30) Tj 12 0 Td (01) Tj ET\n"  # a 1.1-point gap: one word
        + b"BT /F1 10 Tf 72 660 Td (30) Tj 16 0 Td (01) Tj ET\n"  # a 5.1-point gap: two words
    )
    assert shape(pdf_to_lines(build_pdf(content))) == ["Label A", "3001", "30 01"]


def test_a_font_without_a_text_mapping_is_refused_as_needing_ocr():
    content = b"BT /F3 12 Tf 72 700 Td <0011002200330044005500660077> Tj ET\n"
    with pytest.raises(ReadError, match="没有文字编码映射"):
        pdf_to_lines(make_pdf([content]))


def test_pages_of_a_document_follow_each_other_each_with_its_own_numbering():
    lines = pdf_to_lines(make_pdf([_text(72, 780, "Page one"), _cjk(72, 780, "第二页正文")]))
    assert [(line.text, line.where) for line in lines] == [
        ("Page one", "第 1 页第 1 行"),
        ("第二页正文", "第 2 页第 1 行"),
    ]


def test_readings_from_many_threads_at_once_are_serialised_and_all_right():
    data = build_pdf(RULED_PAGE)
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: shape(pdf_to_lines(data)), range(12)))
    assert results == [RULED_ROWS] * 12


# ----------------------------------------------------------------------- hostile files, bounded


def test_too_many_pages_are_refused_before_any_page_is_read(monkeypatch):
    monkeypatch.setattr(pdf, "MAX_PAGES", 2)
    with pytest.raises(ReadError, match="3 页，超过 2 页"):
        pdf_to_lines(make_pdf([_text(72, 780, "x")] * 3))


def test_a_page_with_too_many_characters_is_refused(monkeypatch):
    monkeypatch.setattr(pdf, "MAX_PAGE_CHARS", 10)
    with pytest.raises(ReadError, match="第 1 页有 11 个字符"):
        pdf_to_lines(build_pdf(_text(72, 780, "Heading One")))


def test_a_page_with_too_many_path_segments_is_refused(monkeypatch):
    monkeypatch.setattr(pdf, "MAX_PAGE_SEGMENTS", 50)
    zigzag = b"0 0 m " + b" ".join(b"%d %d l" % (i, i % 2) for i in range(60)) + b" S\n"
    with pytest.raises(ReadError, match="超过 50 段"):
        pdf_to_lines(build_pdf(_text(72, 780, "Body") + zigzag))


def test_a_page_ruled_into_thousands_of_crossings_is_refused_quickly():
    # 150 rules each way cross 22,500 times: past MAX_CORNERS, and refused before cells are
    # searched for among them (which grows with the square of the corners).
    rules = [100 + 4 * i for i in range(150)]
    grid = _ruled(0, 700, rules, [(x, 700, 100) for x in rules])
    started = time.perf_counter()
    with pytest.raises(ReadError, match="表格线过多"):
        pdf_to_lines(build_pdf(_text(72, 780, "Body") + grid))
    assert time.perf_counter() - started < 5


def test_the_cell_search_is_bounded_too(monkeypatch):
    monkeypatch.setattr(pdf_grid, "MAX_STEPS", 100)
    rules = [100 + 20 * i for i in range(12)]
    grid = _ruled(100, 320, rules, [(x, 320, 100) for x in rules])
    with pytest.raises(ReadError, match=re.escape("找单元格超过 100 步")):
        pdf_to_lines(build_pdf(_text(72, 780, "Body") + grid))
