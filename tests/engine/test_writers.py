"""Each writer on random valid reports: the official layout, the cell contract, fonts, errors."""

from __future__ import annotations

import csv
import io
import json
import time
import zipfile
from html import escape

import docx
import openpyxl
import pdfplumber
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from gongkai.documents import fonts, pdf
from gongkai.reports.engine import EDITION_2019, EDITION_2021, CellKey, Report, check
from gongkai.reports.engine.editions import (
    RESULTS_TOTAL,
    SECTION_NUMBERS,
    SECTION_TITLES,
    TABLE2_ROW_HEADER,
    TABLE3_APPLICANTS,
    TABLE3_NOTE,
    Edition,
)
from gongkai.reports.engine.findings import Finding
from gongkai.reports.engine.writers import FORMATS, RenderError, render
from gongkai.reports.engine.writers.layout import GRIDS

from .strategies import reports

EDITIONS = pytest.mark.parametrize("edition", [EDITION_2019, EDITION_2021], ids=["2019", "2021"])
FEW = settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def official_labels(edition: Edition) -> set[str]:
    """Every label the format prints for this edition."""
    labels = {TABLE2_ROW_HEADER, TABLE3_NOTE, TABLE3_APPLICANTS}
    labels |= {f"{n}、{SECTION_TITLES[n]}" for n in SECTION_NUMBERS}
    for block in edition.table2:
        labels.add(block.heading)
        labels |= {row.label for row in block.rows} | {col.label for col in block.columns}
    for item in (*edition.table3_rows, *edition.table3_columns, *edition.table4_columns):
        labels |= set(item.path)
    return labels


def cell_of(report: Report, section: str) -> CellKey:
    return next(k for k in report.edition.cell_keys() if k.section == section)


# The grid model -------------------------------------------------------------------------------


@EDITIONS
def test_every_grid_position_is_covered_by_exactly_one_cell(edition):
    report = Report.empty(edition)
    for build in GRIDS.values():
        grid = build(report)
        seen: dict[tuple[int, int], str] = {}
        for cell in grid.cells:
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    assert (r, c) not in seen, (
                        f"{grid.section} ({r},{c}) {cell.text} / {seen[(r, c)]}"
                    )
                    seen[(r, c)] = cell.text
        assert len(seen) == grid.nrows * grid.ncols


@EDITIONS
def test_the_grids_hold_every_cell_of_the_edition_once_in_contract_order(edition):
    report = Report.empty(edition)
    keys = [c.key for build in GRIDS.values() for c in build(report).cells if c.key]
    assert keys == edition.cell_keys()


# HTML -----------------------------------------------------------------------------------------


@EDITIONS
@FEW
@given(data=st.data())
def test_html_is_a_standalone_page_with_every_official_label(edition, data):
    report = data.draw(reports(edition), label="report")
    page = render(report, "html").decode("utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="zh-CN">' in page and '<meta charset="utf-8">' in page
    assert "@page { size: A4;" in page
    assert escape(report.agency) in page
    assert f"{report.year}年政府信息公开工作年度报告" in page
    for label in official_labels(edition):
        assert escape(label, quote=False) in page, label
    paragraphs = [p for t in report.sections.values() for p in t.splitlines()]
    for paragraph in paragraphs:
        assert f"<p>{escape(paragraph)}</p>" in page


@EDITIONS
def test_html_tables_have_the_official_merged_headers(edition):
    tree = lxml_html.fromstring(render(Report.empty(edition), "html"))

    def span(text: str) -> tuple[str | None, str | None]:
        (cell,) = tree.xpath("//th[normalize-space(.)=$t]", t=text)
        return cell.get("rowspan"), cell.get("colspan")

    assert span(TABLE3_NOTE) == ("3", "3")
    assert span(TABLE3_APPLICANTS) == (None, "7")
    assert span("自然人") == ("2", None)
    assert span("法人或其他组织") == (None, "5")
    assert span("三、本年度办理结果") == (str(len(edition.result_rows) + 1), None)
    assert span("（三）不予公开") == ("8", None)
    assert span("行政复议") == (None, "5")
    assert span("行政诉讼") == (None, "10")
    assert span("未经复议直接起诉") == (None, "5")
    assert span("第二十条第（一）项") == (None, "4")
    (t3,) = tree.xpath("//table[@class='t3']")
    assert tree.xpath("count(//table[@class='t3']//th[normalize-space(.)='总计'])") == 1
    assert t3.xpath(".//th[normalize-space(.)='总计']")[0].get("rowspan") == "2"


@EDITIONS
def test_every_html_value_cell_names_its_cell_contract_key(edition):
    tree = lxml_html.fromstring(render(Report.empty(edition), "html"))
    keys = [CellKey(**json.loads(td.get("data-cell"))) for td in tree.xpath("//td[@data-cell]")]
    assert keys == edition.cell_keys()


def test_html_marks_the_cells_of_findings_with_their_level_and_text():
    report = Report.empty(EDITION_2021, "某市某局", 2023)
    error_cell = report.edition.t3(RESULTS_TOTAL, report.edition.table3_columns[-1])
    warning_cell = cell_of(report, "四")
    findings = [
        Finding("R3", "三（七）总计·总计", "各办理结果之和为 2，表中为 3", (error_cell,)),
        Finding("S1", "四·行政复议·结果维持", "正文写“复议3件”", (warning_cell,), "warning"),
        Finding("S1", "三（七）总计·总计", "正文写“办结5件”", (error_cell,), "warning"),
    ]
    tree = lxml_html.fromstring(render(report, "html", findings=findings))
    (error,) = tree.xpath("//td[contains(@class, 'cell-error')]")
    assert CellKey(**json.loads(error.get("data-cell"))) == error_cell
    assert error.get("title") == f"{findings[0]}\n{findings[2]}"  # an error outranks a warning
    (warning,) = tree.xpath("//td[contains(@class, 'cell-warning')]")
    assert CellKey(**json.loads(warning.get("data-cell"))) == warning_cell
    assert warning.get("title") == str(findings[1])


def test_html_escapes_everything_that_comes_from_the_report():
    report = Report.empty(EDITION_2019, '<script>alert("x")</script>', 2020)
    report.sections["一"] = "<b>粗体</b> & 更多"
    report.cells[cell_of(report, "二")] = "<i>1</i>"
    page = render(report, "html").decode("utf-8")
    assert "<script>" not in page and "<b>" not in page and "<i>" not in page
    assert "&lt;b&gt;粗体&lt;/b&gt; &amp; 更多" in page


# PDF ------------------------------------------------------------------------------------------


@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=reports())
def test_pdf_embeds_a_cjk_font_and_its_text_holds_the_report(report):
    data = render(report, "pdf")
    assert data.startswith(b"%PDF-")
    assert any("CJK" in name for name in pdf.embedded_fonts(data))
    with pdfplumber.open(io.BytesIO(data)) as document:
        text = "".join(page.extract_text() or "" for page in document.pages)
    compact = "".join(text.split())
    assert report.agency in compact
    assert "收到和处理政府信息公开申请情况" in compact
    total = report.cells[report.edition.t3(RESULTS_TOTAL, report.edition.table3_columns[-1])]
    assert total in compact
    for key in report.edition.cell_keys()[:3]:
        assert report.cells[key] in compact


def test_one_pdf_renders_in_seconds_not_tens_of_seconds():
    """About 1 s; ~25 s means WeasyPrint cannot subset fonts (libharfbuzz-subset0 missing)."""
    report = Report.empty(EDITION_2021, "某某市某某局", 2023)
    render(report, "pdf")  # the first render pays for imports and font loading
    start = time.perf_counter()
    render(report, "pdf")
    assert time.perf_counter() - start < 8


def test_pdf_without_a_cjk_font_raises_and_says_what_to_install(monkeypatch):
    monkeypatch.setattr(fonts, "zh_font_families", lambda: [])
    with pytest.raises(RenderError, match="未找到中文字体.*fonts-noto-cjk"):
        render(Report.empty(EDITION_2019, "某某市某某局", 2020), "pdf")


def test_pdf_whose_cjk_font_was_not_embedded_raises(monkeypatch):
    monkeypatch.setattr(pdf, "embedded_fonts", lambda data: ["DejaVuSans"])
    with pytest.raises(RenderError, match="未能嵌入"):
        render(Report.empty(EDITION_2019, "某某市某某局", 2020), "pdf")


def test_the_cjk_font_lookup_prefers_simplified_chinese_faces(monkeypatch):
    monkeypatch.setattr(
        fonts, "zh_font_families", lambda: ["Noto Sans Mono CJK SC", "Noto Serif CJK SC"]
    )
    assert fonts.find_cjk_font() == "Noto Serif CJK SC"
    monkeypatch.setattr(fonts, "zh_font_families", lambda: ["Noto Sans Mono CJK SC", "文泉驿正黑"])
    assert fonts.find_cjk_font() == "文泉驿正黑"


# DOCX -----------------------------------------------------------------------------------------


@EDITIONS
@FEW
@given(data=st.data())
def test_docx_has_the_three_tables_merged_and_east_asian_fonts(edition, data):
    report = data.draw(reports(edition), label="report")
    raw = render(report, "docx")
    document = docx.Document(io.BytesIO(raw))
    texts = [p.text for p in document.paragraphs]
    assert texts[:2] == [report.agency, f"{report.year}年政府信息公开工作年度报告"]
    assert "一、总体情况" in texts and "六、其他需要报告的事项" in texts
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    t2, t3, t4 = document.tables
    assert len(t3.rows) == 3 + len(edition.table3_rows) and len(t3.columns) == 10
    assert len(t4.rows) == 4 and len(t4.columns) == 15
    assert t3.cell(0, 0)._tc is t3.cell(2, 2)._tc  # the note spans 3 × 3
    assert t3.cell(0, 0).text == TABLE3_NOTE
    assert t3.cell(0, 3)._tc is t3.cell(0, 9)._tc  # 申请人情况 spans the seven columns
    assert t4.cell(0, 5)._tc is t4.cell(0, 14)._tc  # 行政诉讼 spans ten
    assert t2.style.name == "Table Grid"
    with zipfile.ZipFile(io.BytesIO(raw)) as package:
        styles = package.read("word/styles.xml").decode("utf-8")
        body = package.read("word/document.xml").decode("utf-8")
    assert 'w:eastAsia="仿宋"' in styles and 'w:eastAsia="黑体"' in styles
    assert 'w:eastAsia="宋体"' in body and 'w:eastAsia="仿宋"' in body
    assert "eastAsiaTheme" not in styles.split('w:styleId="Heading1"')[1].split("</w:style>")[0]


# XLSX -----------------------------------------------------------------------------------------


@EDITIONS
@FEW
@given(data=st.data())
def test_xlsx_keeps_values_as_text_in_the_official_layout(edition, data):
    report = data.draw(reports(edition), label="report")
    report.cells[cell_of(report, "二")] = "24252.311082"
    workbook = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx")))
    assert workbook.sheetnames == ["年度报告"]
    sheet = workbook["年度报告"]
    column_a = [sheet.cell(r, 1).value for r in range(1, sheet.max_row + 1)]
    assert column_a[:2] == [report.agency, f"{report.year}年政府信息公开工作年度报告"]
    for number in SECTION_NUMBERS:
        assert f"{number}、{SECTION_TITLES[number]}" in column_a
    for paragraph in report.sections["五"].splitlines():
        assert paragraph in column_a
    note_row = column_a.index(TABLE3_NOTE) + 1
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert f"A{note_row}:C{note_row + 2}" in merged
    assert f"D{note_row}:J{note_row}" in merged  # 申请人情况
    values = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type == "s" for c in values)
    assert "24252.311082" in {c.value for c in values}
    assert sheet.cell(1, 1).font.name == "宋体"
    first_value = sheet.cell(note_row + 3, 4)  # 一、本年新收 · 自然人
    assert (first_value.value or "") == report.cells[edition.t3("new", edition.table3_columns[0])]


# The cell contract: CSV and JSON ---------------------------------------------------------------


@EDITIONS
@FEW
@given(data=st.data())
def test_csv_is_one_line_per_cell_in_contract_order_plus_meta_and_narrative(edition, data):
    report = data.draw(reports(edition), label="report")
    text = render(report, "csv").decode("utf-8")
    assert text.splitlines()[0] == "section,block,row,column,value"
    rows = list(csv.DictReader(io.StringIO(text)))
    cells = [r for r in rows if r["section"] in ("二", "三", "四")]
    assert len(rows) == len(edition.cell_keys()) + 3 + 3
    assert [CellKey(r["section"], r["block"], r["row"], r["column"]) for r in cells] == (
        edition.cell_keys()
    )
    assert [r["value"] for r in cells] == [report.cells[k] for k in edition.cell_keys()]
    meta = {r["row"]: r["value"] for r in rows if r["section"] == "meta"}
    assert meta == {"edition": edition.key, "agency": report.agency, "year": str(report.year)}
    narrative = {r["section"]: r["value"] for r in rows if r["column"] == "text"}
    assert narrative == report.sections
    assert [r["section"] for r in rows][3] == "一" and [r["section"] for r in rows][-2:] == [
        "五",
        "六",
    ]


@EDITIONS
@FEW
@given(data=st.data())
def test_json_follows_the_schema(edition, data):
    report = data.draw(reports(edition), label="report")
    raw = render(report, "json")
    assert "\\u" not in raw.decode("utf-8")  # ensure_ascii=False: Chinese stays readable
    document = json.loads(raw)
    assert set(document) == {"edition", "agency", "year", "cells", "sections"}
    assert (document["edition"], document["agency"], document["year"]) == (
        edition.key,
        report.agency,
        report.year,
    )
    assert document["sections"] == report.sections
    assert [CellKey(**{k: c[k] for k in CellKey._fields}) for c in document["cells"]] == (
        edition.cell_keys()
    )
    assert all(set(c) == {*CellKey._fields, "value"} for c in document["cells"])
    assert [c["value"] for c in document["cells"]] == [report.cells[k] for k in edition.cell_keys()]


# Text -----------------------------------------------------------------------------------------


@EDITIONS
@FEW
@given(data=st.data())
def test_text_rows_hold_a_label_and_exactly_the_values(edition, data):
    report = data.draw(reports(edition), label="report")
    lines = render(report, "txt").decode("utf-8").splitlines()
    assert lines[0] == report.agency
    start = lines.index("三、收到和处理政府信息公开申请情况")
    first = next(i for i in range(start, len(lines)) if lines[i].startswith("一、本年新收"))
    rows = lines[first : first + len(edition.table3_rows)]
    for row, line in zip(edition.table3_rows, rows, strict=True):
        cells = line.split("\t")
        assert len(cells) == 8 and row.path[-1] in cells[0]
        assert cells[1:] == [report.cells[edition.t3(row, c)] for c in edition.table3_columns]
    for block in edition.table2:
        at = lines.index(block.heading)
        assert lines[at + 1].split("\t") == [TABLE2_ROW_HEADER, *(c.label for c in block.columns)]
        for offset, row in enumerate(block.rows, start=2):
            assert lines[at + offset].split("\t")[0] == row.label
            assert len(lines[at + offset].split("\t")) == 1 + len(block.columns)
    t4 = [c for c in edition.cell_keys() if c.section == "四"]
    assert "\t".join(report.cells[k] for k in t4) in lines


# render() -------------------------------------------------------------------------------------


def test_an_unknown_format_raises_naming_it_and_the_supported_ones():
    with pytest.raises(RenderError) as error:
        render(Report.empty(EDITION_2019), "odt")
    assert "odt" in str(error.value)
    assert all(fmt in str(error.value) for fmt in FORMATS)


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "pdf"])
def test_every_format_writes_an_empty_report_without_agency_or_year(fmt):
    assert render(Report.empty(EDITION_2021), fmt)


def test_the_generated_reports_are_valid():
    """The strategies promise reports without errors (R6 warns about the odd blank cell)."""

    @settings(max_examples=30, deadline=None)
    @given(report=reports())
    def valid(report):
        assert [f for f in check(report) if f.level == "error"] == []

    valid()
