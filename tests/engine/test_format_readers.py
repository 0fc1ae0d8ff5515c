"""The format readers bring HTML, DOCX, XLSX and PDF to lines and grid rows, faithfully.

Each test builds a small real file (or reads the real published PDF) and asserts the exact lines:
blank cells kept as "", a merged cell's text in its first position only, document order kept.
"""

from __future__ import annotations

import collections
import io
import json
import re
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from PIL import Image

from gongkai.reports.engine.editions import EDITION_2019, EDITION_2021, CellKey
from gongkai.reports.engine.readers.contract import read_csv, read_json
from gongkai.reports.engine.readers.docx import docx_to_lines
from gongkai.reports.engine.readers.html import html_to_lines
from gongkai.reports.engine.readers.lines import Line, ReadError, squash
from gongkai.reports.engine.readers.pdf import NO_TEXT_LAYER, pdf_to_lines
from gongkai.reports.engine.readers.xlsx import cell_text, xlsx_to_lines

SHARED = Path(__file__).resolve().parents[3] / "shared"
HUAIAN_PDF = SHARED / "fixtures" / "reports" / "2024_huaian-szf.pdf"


@pytest.fixture(scope="module")
def huaian_pdf() -> bytes:
    if not HUAIAN_PDF.is_file():
        pytest.fail(f"the real report {HUAIAN_PDF} is missing: shared/ must sit beside the repo")
    return HUAIAN_PDF.read_bytes()


def shape(lines: list[Line]) -> list[str | tuple[str, ...]]:
    """Text lines as their text, grid rows as their cells: what a test compares."""
    return [line.cells if line.exact else line.text for line in lines]


def test_squash_joins_cjk_across_breaks_but_keeps_numbers_and_words_apart():
    assert squash(" 商业企\n业 ") == "商业企业"
    assert squash("结 果\n维持") == "结果维持"
    assert squash("2024 年\t12 34") == "2024 年 12 34"
    assert squash("Label  A\u200b") == "Label A"
    assert squash("１２ ３４") == "１２ ３４"  # full-width digits are numbers, not CJK text


# ----------------------------------------------------------------------------------------- HTML

PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>某某局2024年政府信息公开工作年度报告_某某局</title>
<style>td { border: 1px solid }</style>
<script>var heading = "一、总体情况"; document.write("<p>脚本</p>");</script></head>
<body>
<div class="crumbs"><a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a></div>
<nav><ul><li>机构概况</li><li>政策文件</li></ul></nav>
<table class="layout" width="100%"><tr>
 <td class="side">相关链接<br>网站地图</td>
 <td class="main">
  <h1>某某局2024年政府信息公开工作年度报告</h1>
  <p>　　一、总体情况</p>
  <p>本年共受理申请<b>12</b>件，
     答复 11 件。</p>
  <div><table border="1">
   <tr><td rowspan="2">信息内容</td><td colspan="2">法人或其他组织</td>
       <td rowspan="2">总计</td></tr>
   <tr><td>商业企
业</td><td><p>科研</p><p>机构</p></td></tr>
   <tr><td>规章</td><td></td><td>3</td><td>12 34</td></tr>
  </table></div>
  <table><tr><td><p>二、主动公开政府信息情况</p><p>单列的表格只是文字的框。</p></td></tr></table>
 </td></tr></table>
<div style="display: none">隐藏的文字</div><!-- 注释 -->
<div class="share">分享到：<a>微信</a> <a>微博</a></div>
<footer>版权所有 © 某某局</footer>
</body></html>"""


def test_html_page_with_site_chrome_layout_tables_and_spans():
    lines = html_to_lines(PAGE.encode("gb18030"))
    assert shape(lines) == [
        "首页 > 政务公开",
        "机构概况",
        "政策文件",
        "相关链接",
        "网站地图",
        "某某局2024年政府信息公开工作年度报告",
        "一、总体情况",
        "本年共受理申请12件，答复 11 件。",
        ("信息内容", "法人或其他组织", "", "总计"),
        ("", "商业企业", "科研机构", ""),
        ("规章", "", "3", "12 34"),
        "二、主动公开政府信息情况",
        "单列的表格只是文字的框。",
        "分享到：微信微博",  # no space survives between two CJK words
        "版权所有 © 某某局",
    ]
    assert [line.where for line in lines if line.exact] == [
        "第 1 个表格第 1 行",
        "第 1 个表格第 2 行",
        "第 1 个表格第 3 行",
    ]
    assert lines[7].where == "第 8 段"


def test_html_charset_declared_utf8_or_missing_falls_back_to_what_decodes():
    page = "<html><body><p>一、总体情况</p></body></html>"
    assert shape(html_to_lines(page.encode("utf-8"))) == ["一、总体情况"]
    # Declared gb2312 but served as UTF-8 (it happens): UTF-8 is tried when GB18030 fails.
    declared = '<meta charset="gb2312">' + page
    assert shape(html_to_lines(declared.encode("utf-8")))[-1] == "一、总体情况"
    assert shape(html_to_lines(page.encode("gbk"))) == ["一、总体情况"]
    xml = '<?xml version="1.0" encoding="utf-8"?>' + page
    assert shape(html_to_lines(xml.encode("utf-8"))) == ["一、总体情况"]


def test_html_rowspan_beyond_the_table_and_ragged_rows_keep_a_fixed_width():
    page = """<table><tr><td rowspan="9">A</td><td>B</td></tr><tr><td>C</td><td>D</td></tr>
    <tr><td colspan="abc">E</td></tr></table>"""
    assert shape(html_to_lines(page.encode())) == [("A", "B", ""), ("", "C", "D"), ("", "E", "")]


@pytest.mark.parametrize(
    "page",
    [b"   ", b"<html><head><title>t</title></head><body> </body></html>", b"<script>x()</script>"],
)
def test_html_without_text_is_a_read_error(page):
    with pytest.raises(ReadError, match="网页"):
        html_to_lines(page)


# ----------------------------------------------------------------------------------------- DOCX


def make_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("某某局2024年政府信息公开工作年度报告")
    paragraph = document.add_paragraph("本年共受理申请")
    paragraph.add_run("12").bold = True
    paragraph.add_run("件。").add_break()
    paragraph.add_run("换行后的文字")
    table = document.add_table(rows=3, cols=4)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "信息内容"  # merged down
    table.cell(0, 1).merge(table.cell(0, 2)).text = "法人或其他组织"  # merged across
    table.cell(0, 3).text = "总计"
    table.cell(1, 1).text = "商业企\n业"
    table.cell(1, 2).text = "科研机构"
    table.cell(1, 3).text = "x"
    table.cell(2, 0).text = "规章"  # (2, 1) stays blank
    table.cell(2, 2).text = "3"
    table.cell(2, 3).text = "12 34"
    layout = document.add_table(rows=1, cols=2)
    layout.cell(0, 0).text = "左栏文字"
    inner = layout.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "行政许可"
    inner.cell(0, 1).text = "447228"
    frame = document.add_table(rows=1, cols=1)
    frame.cell(0, 0).text = "单列表格里的文字"
    shifted = document.add_table(rows=2, cols=2)
    shifted.cell(0, 0).text = "a"
    shifted.cell(0, 1).text = "b"
    shifted.cell(1, 1).text = "c"
    # The second row starts one grid column in (w:gridBefore), as Word writes ragged tables.
    tr = shifted.rows[1]._tr
    tr.remove(tr.tc_lst[0])
    before = OxmlElement("w:gridBefore")
    before.set(qn("w:val"), "1")
    tr.get_or_add_trPr().append(before)
    document.add_paragraph("二、主动公开政府信息情况")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_paragraphs_and_tables_in_order_with_merges_and_nesting():
    lines = docx_to_lines(make_docx())
    assert shape(lines) == [
        "某某局2024年政府信息公开工作年度报告",
        "本年共受理申请12件。",
        "换行后的文字",
        ("信息内容", "法人或其他组织", "", "总计"),
        ("", "商业企业", "科研机构", "x"),
        ("规章", "", "3", "12 34"),
        "左栏文字",
        ("行政许可", "447228"),
        "单列表格里的文字",
        ("a", "b"),
        ("", "c"),
        "二、主动公开政府信息情况",
    ]
    assert [line.where for line in lines[3:8]] == [
        "第 1 个表格第 1 行",
        "第 1 个表格第 2 行",
        "第 1 个表格第 3 行",
        "第 4 段",
        "第 2 个表格第 1 行",
    ]


@pytest.mark.parametrize("data", [b"PK\x03\x04broken", b"not a zip at all", b""])
def test_docx_that_is_not_one_is_a_read_error(data):
    with pytest.raises(ReadError, match="Word"):
        docx_to_lines(data)


# ----------------------------------------------------------------------------------------- XLSX


def make_xlsx() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "年报"
    sheet["A1"] = "某某局2024年政府信息公开工作年度报告"
    sheet.merge_cells("A1:E1")  # a title merged across: still one cell in column A
    sheet["A2"] = "二、主动公开政府信息情况"
    sheet.append(["信息内容", "法人或其他组织", None, "总计"])
    sheet.append([None, "商业企\n业", "科研机构", None])
    sheet.merge_cells("A3:A4")
    sheet.merge_cells("B3:C3")
    sheet.merge_cells("D3:D4")
    sheet.append(["规章", None, 3.0, 96171.6])
    sheet.append([])
    sheet.append(["行政复议", None, None, None, None, "行政诉讼"])
    sheet.append([72, 64, 178, 37, 351, 13])
    other = book.create_sheet("说明")
    other["A1"] = "六、其他需要报告的事项"
    other["B3"] = 0.1 + 0.2
    other["C3"] = "无"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_rows_merges_blanks_and_paragraphs():
    lines = xlsx_to_lines(make_xlsx())
    assert shape(lines) == [
        "某某局2024年政府信息公开工作年度报告",
        "二、主动公开政府信息情况",
        ("信息内容", "法人或其他组织", "", "总计"),
        ("", "商业企业", "科研机构", ""),
        ("规章", "", "3", "96171.6"),
        ("行政复议", "", "", "", "", "行政诉讼"),
        ("72", "64", "178", "37", "351", "13"),
        "六、其他需要报告的事项",
        ("", "0.3", "无"),
    ]
    assert [line.where for line in lines[:3]] == [
        "工作表“年报”第 1 行",
        "工作表“年报”第 2 行",
        "工作表“年报”第 3 行",
    ]
    assert lines[-1].where == "工作表“说明”第 3 行"


def test_xlsx_cell_values_read_as_excel_shows_them():
    assert [cell_text(v) for v in (None, 12, 12.0, -3.0, 24252.311082, 1e20, True, " a  b ")] == [
        "",
        "12",
        "12",
        "-3",
        "24252.311082",
        "1e+20",
        "TRUE",
        "a b",
    ]


def test_xlsx_without_cells_or_broken_is_a_read_error():
    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    with pytest.raises(ReadError, match="没有任何单元格"):
        xlsx_to_lines(out.getvalue())
    with pytest.raises(ReadError, match="Excel"):
        xlsx_to_lines(make_xlsx()[:-100])


# ------------------------------------------------------------------------------------------ PDF


def build_pdf(content: bytes, encrypt: bool = False) -> bytes:
    """A one-page PDF drawing `content`, written out by hand.

    /F1 is Helvetica; /F2 is the standard Chinese font STSong-Light, addressed in UCS-2, which
    every PDF reader knows without the font being embedded.
    """
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
        b" /Resources << /Font << /F1 4 0 R /F2 6 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H"
        b" /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> >>] >>",
    ]
    trailer = b""
    if encrypt:  # RC4 with a user password: the empty password does not open it
        objects.append(
            b"<< /Filter /Standard /V 1 /R 2 /P -4 /O <%s> /U <%s> >>" % (b"11" * 32, b"22" * 32)
        )
        file_id = b"<0123456789abcdef0123456789abcdef>"
        trailer = b"/Encrypt 7 0 R /ID [%s %s] " % (file_id, file_id)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\n" % (len(objects) + 1, trailer)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _text(x: int, y: int, text: str) -> bytes:
    if text.isascii():
        return b"BT /F1 10 Tf %d %d Td (%s) Tj ET\n" % (x, y, text.encode("ascii"))
    return b"BT /F2 10 Tf %d %d Td <%s> Tj ET\n" % (x, y, text.encode("utf-16-be").hex().encode())


def _ruled(x0: int, x1: int, rows: list[int], columns: list[tuple[int, int, int]]) -> bytes:
    """Horizontal rules at each y of `rows`; vertical rules (x, y_top, y_bottom)."""
    out = b"0.5 w\n"
    out += b"".join(b"%d %d m %d %d l S\n" % (x0, y, x1, y) for y in rows)
    out += b"".join(b"%d %d m %d %d l S\n" % (x, top, x, bottom) for x, top, bottom in columns)
    return out


RULED_PAGE = (
    _text(72, 780, "Heading One")
    # A white box painted behind a paragraph, as Word and WPS do: not a table.
    + b"1 1 1 rg 70 730 300 30 re f 0 0 0 rg\n"
    + _text(80, 742, "Boxed paragraph text 2024.")
    # A table: a header merged across two columns, then rows, one with a blank cell and one
    # with its label wrapped over two lines of the cell.
    + _ruled(72, 372, [700, 680, 660, 640, 610], [(72, 700, 610), (372, 700, 610), (222, 680, 610)])
    + _text(80, 686, "Merged head")
    + _text(80, 666, "Label A")
    + _text(230, 666, "12")
    + _text(80, 646, "Label B")
    + _text(80, 628, "商业企")
    + _text(80, 616, "业")
    + _text(230, 622, "3001")
    + _text(72, 580, "After the table")
    + _text(290, 30, "- 1 -")
)


def test_pdf_ruled_table_rows_and_text_in_page_order_without_footer():
    lines = pdf_to_lines(build_pdf(RULED_PAGE))
    assert shape(lines) == [
        "Heading One",
        "Boxed paragraph text 2024.",
        ("Merged head", ""),
        ("Label A", "12"),
        ("Label B", ""),
        ("商业企业", "3001"),
        "After the table",
    ]
    assert [line.where for line in lines] == [
        "第 1 页第 1 行",
        "第 1 页第 2 行",
        "第 1 页第 1 个表格第 1 行",
        "第 1 页第 1 个表格第 2 行",
        "第 1 页第 1 个表格第 3 行",
        "第 1 页第 1 个表格第 4 行",
        "第 1 页第 3 行",
    ]


@pytest.mark.parametrize("footer", ["- 3 -", "第 3 页", "第3页 共6页", "3/6", "3"])
def test_pdf_page_number_footers_are_dropped(footer):
    lines = pdf_to_lines(build_pdf(_text(72, 780, "Body text 3") + _text(290, 30, footer)))
    assert shape(lines) == ["Body text 3"]


def test_pdf_without_text_layer_encrypted_or_broken_is_a_read_error():
    scan = io.BytesIO()
    Image.new("RGB", (200, 280), "white").save(scan, "PDF")
    with pytest.raises(ReadError, match=re.escape(NO_TEXT_LAYER)):
        pdf_to_lines(scan.getvalue())
    with pytest.raises(ReadError, match=re.escape(NO_TEXT_LAYER)):
        pdf_to_lines(build_pdf(b""))
    with pytest.raises(ReadError, match="加密"):
        pdf_to_lines(build_pdf(_text(72, 780, "secret"), encrypt=True))
    with pytest.raises(ReadError, match="损坏"):
        pdf_to_lines(build_pdf(RULED_PAGE)[:200])


def test_pdf_real_report_tables_as_grid_rows(huaian_pdf):
    rows = [line.cells for line in pdf_to_lines(huaian_pdf) if line.exact]
    assert ("行政许可", "447228", "", "") in rows
    assert ("行政事业性收费", "96171.6") in rows
    assert (
        ("一、本年新收政府信息公开申请数量", "", "", "3001", "53", "0", "0", "61", "4", "3119")
    ) in rows
    # A merged label, split over lines in its cell, stands whole in its first position.
    assert (
        "三、本年度办理结果",
        "（一）予以公开",
        "",
        "1288",
        "21",
        "0",
        "0",
        "50",
        "3",
        "1362",
    ) in rows
    header = ("", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "")
    assert header in rows
    # Table 三 goes on over the page break: the row after （四）1 is on page 5.
    assert ("", "法提供", "2.没有现成信息需要另行制作", "11", "0", "0", "0", "0", "0", "11") in rows
    table4 = (72, 64, 178, 37, 351, 13, 4, 8, 1, 26, 12, 1, 1, 6, 20)
    assert tuple(str(n) for n in table4) in rows


def test_pdf_real_report_text_in_order_with_headings_on_their_own_lines(huaian_pdf):
    lines = pdf_to_lines(huaian_pdf)
    texts = [line.text for line in lines if not line.exact]
    headings = [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    positions = [texts.index(h) for h in headings]
    assert positions == sorted(positions)
    assert texts[:2] == ["淮安市人民政府", "2024 年政府信息公开工作年度报告"]
    # The paragraph inside a white box keeps the ends of its lines (the box is not a table).
    assert "制。报告所列统计期限自 2024 年 1 月 1 日至 2024 年 12 月 31 日。" in texts
    assert texts[-1] == "办法》，全年收取政府信息公开信息处理费 3940 元。"
    # Each table follows its heading: section 三's heading, then table 三's first row.
    at = next(i for i, line in enumerate(lines) if line.text == headings[2])
    assert lines[at + 1].cells[3] == "申请人情况"
    assert lines[at + 1].where == "第 4 页第 2 个表格第 1 行"


def test_pdf_real_report_loses_no_number_but_the_page_numbers(huaian_pdf):
    import pdfplumber

    with pdfplumber.open(io.BytesIO(huaian_pdf)) as pdf:
        raw = [n for page in pdf.pages for n in re.findall(r"\d+", page.extract_text())]
    ours = [n for line in pdf_to_lines(huaian_pdf) for n in re.findall(r"\d+", line.text)]
    lost = collections.Counter(raw) - collections.Counter(ours)
    assert lost == collections.Counter(["1", "2", "3", "4", "5", "6"])  # "- 1 -" … "- 6 -"
    assert not collections.Counter(ours) - collections.Counter(raw)


# ------------------------------------------------------------------------------- cell contract

NEW = "一、本年新收政府信息公开申请数量"
CSV_OK = f"""section,block,row,column,value
meta,,edition,,2021
meta,,agency,,某某局
meta,,year,,2024
三,,{NEW},自然人,12
三,,{NEW},总计,
二,第二十条第（五）项,行政许可,本年处理决定数量,447228
四,,,行政诉讼 / 复议后起诉 / 总计,/
一,,,text,"第一段
第二段"
六,,,text,无
"""


def test_csv_reads_cells_meta_and_narrative():
    report = read_csv(CSV_OK.encode())
    assert (report.edition, report.agency, report.year) == (EDITION_2021, "某某局", 2024)
    assert {k: v for k, v in report.cells.items() if v} == {
        CellKey("三", "", NEW, "自然人"): "12",
        CellKey("二", "第二十条第（五）项", "行政许可", "本年处理决定数量"): "447228",
        CellKey("四", "", "", "行政诉讼 / 复议后起诉 / 总计"): "/",
    }
    assert len(report.cells) == len(EDITION_2021.cell_keys())  # missing cells stay blank
    assert report.sections == {"一": "第一段\n第二段", "五": "", "六": "无"}


def test_csv_without_edition_takes_it_from_a_cell_only_one_edition_has():
    assert read_csv(CSV_OK.replace("meta,,edition,,2021\n", "").encode()).edition is EDITION_2021
    only_2019 = (
        "section,block,row,column,value\n二,第二十条第（九）项,政府集中采购,采购总金额,251000元\n"
    )
    assert read_csv(only_2019.encode()).edition is EDITION_2019


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ((f"{NEW},自然人", f"{NEW}x,自然人"), f"第 5 行：表三没有“{NEW}x”这一行（2021 年版）"),
        (("自然人,12", "个人,12"), "第 5 行：表三没有“个人”这一列（2021 年版）"),
        (
            ("第二十条第（五）项", "第二十条第（九）项"),
            "第 7 行：表二没有“第二十条第（九）项”这一项",
        ),
        (
            ("行政诉讼 / 复议", "行政诉讼/复议"),
            "第 8 行：表四没有“行政诉讼/复议后起诉 / 总计”这一列",
        ),
        (("2024", "二〇二四"), "第 4 行：year “二〇二四” 不是整数年份"),
        (("edition,,2021", "edition,,2020"), "第 2 行：edition “2020” 不认识，应为 2019 或 2021"),
        (("section,block", "section, block"), "第 1 行：CSV 表头应为"),
        (("六,,,text,无", "六,,,text,无,多"), "第 11 行：应有 5 列"),
        (("六,,,text,无", "七,,,text,无"), "第 11 行：section “七” 不认识"),
        (
            ("六,,,text,无", f"三,,{NEW},自然人,13"),
            "第 11 行：与第 5 行重复，同一单元格（三·一、本年新收·自然人）写了两次",
        ),
        (("六,,,text,无", "一,,,text,又一段"), "第 11 行：与第 9 行重复，第一部分的文字写了两次"),
        (("meta,,year,,2024", "meta,,year,,2024\nmeta,,agency,,别的局"), "第 5 行：与第 3 行重复"),
    ],
)
def test_csv_errors_name_the_line_and_the_field(change, message):
    old, new = change
    assert old in CSV_OK
    with pytest.raises(ReadError) as caught:
        read_csv(CSV_OK.replace(old, new, 1).encode())
    assert str(caught.value).startswith(message)


def test_csv_edition_that_cannot_be_told_or_bad_utf8_is_a_read_error():
    common = f"section,block,row,column,value\n三,,{NEW},自然人,1\n"
    with pytest.raises(ReadError, match="无法判断|不足以判断"):
        read_csv(common.encode())
    assert read_csv((common + "meta,,year,,2020\n").encode()).edition is EDITION_2019
    with pytest.raises(ReadError, match="UTF-8"):
        read_csv(CSV_OK.encode("gb18030"))


JSON_OK = {
    "edition": "2019",
    "agency": "某某局",
    "year": 2020,
    "cells": [
        {
            "section": "三",
            "block": "",
            "row": "三、本年度办理结果 / （六）其他处理",
            "column": "总计",
            "value": "1",
        },
        {
            "section": "二",
            "block": "第二十条第（九）项",
            "row": "政府集中采购",
            "column": "采购总金额",
            "value": 1.50,
        },
        {"section": "四", "row": "", "column": "行政复议 / 总计", "value": 0},
    ],
    "sections": {"一": "总体", "五": None},
}


def test_json_reads_cells_as_written():
    report = read_json(json.dumps(JSON_OK, ensure_ascii=False).replace("1.5", "1.50").encode())
    assert (report.edition, report.agency, report.year) == (EDITION_2019, "某某局", 2020)
    assert {k.column: v for k, v in report.cells.items() if v} == {
        "总计": "1",
        "采购总金额": "1.50",
        "行政复议 / 总计": "0",
    }
    assert report.sections == {"一": "总体", "五": "", "六": ""}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"edition": "2022"}, "edition “2022” 不认识"),
        ({"year": "2020"}, "year 应为整数"),
        ({"year": 2020.0}, "year 应为整数"),
        ({"cells": {}}, "cells 应为一个列表"),
        ({"sections": {"二": "x"}}, "sections 里没有“二”这一部分"),
        ({"extra": 1}, "JSON 里有不认识的字段“extra”"),
        (
            {"cells": [{"section": "三", "row": "x", "column": "总计"}]},
            "cells[0]：表三没有“x”这一行",
        ),
        ({"cells": [{"section": "三", "column": "总计"}]}, "cells[0]：缺少 row"),
        (
            {"cells": [{"section": "四", "row": "", "column": "总计", "value": [1]}]},
            "cells[0].value",
        ),
        ({"cells": JSON_OK["cells"][2:] * 2}, "cells[1]：与cells[0]重复"),
        ({"agency": 5}, "agency 应为文字"),
    ],
)
def test_json_errors_name_the_cell_and_the_field(change, message):
    with pytest.raises(ReadError) as caught:
        read_json(json.dumps({**JSON_OK, **change}, ensure_ascii=False).encode())
    assert message in str(caught.value)


@pytest.mark.parametrize("data", [b"{", b"[]", b"\xff{}", b'{"cells": [' * 5000])
def test_json_that_is_not_a_report_is_a_read_error(data):
    with pytest.raises(ReadError):
        read_json(data)
