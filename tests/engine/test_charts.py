"""The report's charts: which are drawn from what, and how HTML, PDF and DOCX hold them."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pdfplumber
import pytest
from lxml import etree
from lxml import html as lxml_html

from gongkai.documents import fonts, pdf
from gongkai.reports.engine import (
    EDITION_2019,
    EDITION_2021,
    Chart,
    ChartData,
    RenderError,
    Report,
    edition_for_year,
    read_report,
    render,
    report_charts,
)
from gongkai.reports.engine import plot as plot_module
from gongkai.reports.engine.charts import ChartSpec, Series, chart_specs, figure_caption
from gongkai.reports.engine.editions import (
    GRANTED,
    NEW,
    NOT_HANDLED,
    OTHER_2019,
    OTHER_2021,
    PARTIAL,
    RESULTS_TOTAL,
    TABLE3_APPLICANT_COLUMNS,
    UNAVAILABLE,
    WITHHELD,
    Edition,
)

MONTHS = (3, 0, 5, 7, 2, 1, 0, 4, 6, 2, 3, 11)
OUTCOME_NAMES = ("予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理")
SVG_NS = "{http://www.w3.org/2000/svg}"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def filled(year: int, scale: int = 1, edition: Edition | None = None) -> Report:
    """A report of `year` whose table 三 has new applications and results in every group."""
    edition = edition or edition_for_year(year)
    report = Report.empty(edition, "某某市某某局", year)
    total = edition.table3_columns[-1]
    new = (12 * scale, 3 * scale, 1, 0, 2, 1)
    for column, value in zip(TABLE3_APPLICANT_COLUMNS, new, strict=True):
        report.set(edition.t3(NEW, column), value)
    report.set(edition.t3(NEW, total), sum(new))
    other = OTHER_2019 if edition is EDITION_2019 else OTHER_2021
    firsts = {GRANTED: 6, PARTIAL: 5, WITHHELD[0]: 4, UNAVAILABLE[0]: 3, NOT_HANDLED[0]: 2}
    for row, value in firsts.items():
        report.set(edition.t3(row, total), value * scale)
    report.set(edition.t3(WITHHELD[5], total), 1)  # a second row of 不予公开, to be summed
    for row in other:  # 其他处理: one row in 2019, three in 2021, each 1
        report.set(edition.t3(row, total), 1)
    done = sum(report.number(edition.t3(row, total)) or 0 for row in edition.result_rows)
    report.set(edition.t3(RESULTS_TOTAL, total), done)
    return report


def expected_outcomes(report: Report) -> tuple[int, ...]:
    total = report.edition.table3_columns[-1]
    other = OTHER_2019 if report.edition is EDITION_2019 else OTHER_2021
    groups = ((GRANTED,), (PARTIAL,), WITHHELD, UNAVAILABLE, NOT_HANDLED, other)
    return tuple(
        sum(report.number(report.edition.t3(row, total)) or 0 for row in rows) for rows in groups
    )


@pytest.fixture(scope="module")
def current() -> Report:
    return filled(2023, scale=7)


@pytest.fixture(scope="module")
def history() -> tuple[Report, ...]:
    return tuple(filled(year, scale=year - 2016) for year in range(2019, 2023))


@pytest.fixture(scope="module")
def charts(current, history) -> list[Chart]:
    return report_charts(current, ChartData(by_month=MONTHS, history=history))


@pytest.fixture(scope="module")
def outputs(current, charts) -> dict[str, bytes]:
    return {fmt: render(current, fmt, charts=charts) for fmt in ("html", "pdf", "docx")}


def svg_texts(svg: bytes) -> list[str]:
    root = etree.fromstring(svg)
    return [t.text for t in root.iter(f"{SVG_NS}text") if t.text]


# What is drawn from what ----------------------------------------------------------------------


def test_the_four_charts_come_in_order_with_chinese_titles_and_alt_texts_with_the_numbers(
    charts, current
):
    assert [c.key for c in charts] == ["by_month", "by_applicant", "outcomes", "year_over_year"]
    month, applicant, outcomes, years = charts
    assert month.title == "2023年各月新收政府信息公开申请数量"
    assert "1月3件" in month.alt and "12月11件" in month.alt and f"合计{sum(MONTHS)}件" in month.alt
    assert applicant.title == "2023年新收政府信息公开申请数量（按申请人情况）"
    assert "自然人84件" in applicant.alt and "商业企业21件" in applicant.alt
    assert "社会公益组织0件" in applicant.alt
    assert outcomes.title == "2023年度政府信息公开申请办理结果"
    for name, value in zip(OUTCOME_NAMES, expected_outcomes(current), strict=True):
        assert f"{name}{value}件" in outcomes.alt
    assert years.title == "2019—2023年新收和办结政府信息公开申请数量"
    assert "2023年新收109件" in years.alt


def test_the_labels_are_the_editions_own(current):
    specs = {s.key: s for s in chart_specs(current, ChartData(by_month=MONTHS))}
    assert specs["by_month"].categories == tuple(f"{m}月" for m in range(1, 13))
    assert specs["by_applicant"].categories == tuple(c.short for c in TABLE3_APPLICANT_COLUMNS)
    assert specs["by_applicant"].categories == (
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    )
    assert specs["outcomes"].categories == OUTCOME_NAMES


@pytest.mark.parametrize("edition", [EDITION_2019, EDITION_2021], ids=["2019", "2021"])
def test_outcomes_sum_every_result_row_of_a_group_in_both_editions(edition):
    report = filled(2020 if edition is EDITION_2019 else 2022, edition=edition)
    (spec,) = [s for s in chart_specs(report) if s.key == "outcomes"]
    assert spec.series[0].values == expected_outcomes(report)
    # 其他处理 is one row in 2019 and three in 2021, each 1.
    assert spec.series[0].values[-1] == (1 if edition is EDITION_2019 else 3)
    assert spec.series[0].values[2] == 4 + 1  # two rows of 不予公开


def test_a_chart_whose_data_is_absent_is_left_out(current, history):
    def keys(report: Report, data: ChartData | None = None) -> list[str]:
        return [s.key for s in chart_specs(report, data)]

    assert keys(current) == ["by_applicant", "outcomes"]  # no months, no history
    assert keys(current, ChartData(history=history)) == [
        "by_applicant",
        "outcomes",
        "year_over_year",
    ]
    without_table3 = Report(edition=EDITION_2021, agency="某某局", year=2023, omitted={"三"})
    assert keys(without_table3, ChartData(by_month=MONTHS, history=history)) == ["by_month"]
    blank = Report.empty(EDITION_2021, "某某局", 2023)
    assert keys(blank, ChartData(history=history)) == []
    assert report_charts(blank) == []
    unreadable = filled(2023)
    unreadable.set(EDITION_2021.t3(NEW, TABLE3_APPLICANT_COLUMNS[0]), "十二")
    assert keys(unreadable) == ["outcomes"]


def test_year_over_year_spans_five_years_across_the_change_of_edition(history, seed_report):
    seed = read_report(seed_report.read_bytes()).report  # 2020, 2019 edition, all zero
    assert (seed.year, seed.edition) == (2020, EDITION_2019)
    earlier = (filled(2019), seed, filled(2021, 3), filled(2022, 4))
    assert [r.edition.key for r in earlier] == ["2019", "2019", "2021", "2021"]
    drawn = report_charts(filled(2023, 5), ChartData(history=earlier))
    (chart,) = [c for c in drawn if c.key == "year_over_year"]
    labels = svg_texts(chart.svg)
    for year in range(2019, 2024):
        assert f"{year}年" in labels
    assert "新收" in labels and "办结" in labels
    assert "2020年新收0件、办结0件" in chart.alt
    assert "2021年新收" in chart.alt and "2019年新收" in chart.alt


def test_year_over_year_keeps_the_latest_five_years_and_needs_this_year():
    reports = [filled(year) for year in range(2019, 2025)]
    (spec,) = chart_specs(reports[-1], ChartData(history=tuple(reports[:-1])))[-1:]
    assert spec.categories == ("2020年", "2021年", "2022年", "2023年", "2024年")
    blank_years = (Report.empty(EDITION_2021, "", 2021), Report.empty(EDITION_2021, "", 2022))
    assert [s.key for s in chart_specs(filled(2023), ChartData(history=blank_years))] == [
        "by_applicant",
        "outcomes",
    ]


def test_history_out_of_order_or_without_a_year_is_refused():
    with pytest.raises(ValueError, match="从早到晚"):
        chart_specs(filled(2022), ChartData(history=(filled(2021), filled(2020))))
    with pytest.raises(ValueError, match="从早到晚"):
        chart_specs(filled(2022), ChartData(history=(filled(2022),)))
    with pytest.raises(ValueError, match="年度"):
        chart_specs(filled(2022), ChartData(history=(Report.empty(EDITION_2021),)))


@pytest.mark.parametrize("months", [(1,) * 11, (1,) * 13, (*(1,) * 11, -1), (*(1,) * 11, 1.5)])
def test_by_month_must_be_twelve_counts(months):
    with pytest.raises(ValueError, match="by_month"):
        ChartData(by_month=months)


# Drawing ---------------------------------------------------------------------------------------


def test_the_same_input_gives_byte_identical_svg_and_png(current, history, charts):
    again = report_charts(current, ChartData(by_month=MONTHS, history=history))
    assert [c.svg for c in again] == [c.svg for c in charts]
    assert [c.png for c in again] == [c.png for c in charts]
    for chart in charts:
        assert b"<dc:date>" not in chart.svg and b"<metadata>" not in chart.svg


def test_the_svg_keeps_its_labels_as_text_in_the_pdf_writers_cjk_font(charts):
    family = fonts.find_cjk_font()
    for chart in charts:
        root = etree.fromstring(chart.svg)
        assert root.get("role") == "img"
        assert root.find(f"{SVG_NS}title").text == chart.title
        assert root.find(f"{SVG_NS}desc").text == chart.alt
        styles = {t.get("style") for t in root.iter(f"{SVG_NS}text")}
        assert styles and all(f"font-family: '{family}'" in s for s in styles)
        # The only ids are the clip paths' and tick markers' (hashed): no glyphs drawn as paths,
        # no figure_1 … that two charts in one page would repeat.
        ids = re.findall(rb'id="([^"]+)"', chart.svg)
        assert ids and all(re.fullmatch(rb"[pm][0-9a-f]{10}", i) for i in ids)
    month = svg_texts(charts[0].svg)
    assert month[:12] == [f"{m}月" for m in range(1, 13)]
    assert "11件" in month  # the bars carry their numbers with the unit
    assert set(OUTCOME_NAMES) <= set(svg_texts(charts[2].svg))


def test_the_png_is_drawn_for_print_with_the_cjk_glyphs(charts):
    for chart in charts:
        assert chart.png.startswith(PNG_SIGNATURE)
        width = int.from_bytes(chart.png[16:20], "big")
        assert width >= 1800  # 15.5 cm at 300 dpi


def test_no_cjk_font_raises_render_error_rather_than_drawing_boxes(monkeypatch, current):
    monkeypatch.setattr(fonts, "_found", ())
    monkeypatch.setattr(fonts, "fontconfig_zh_families", lambda: ())
    with pytest.raises(RenderError, match="未找到中文字体"):
        report_charts(current)
    # The writers are not reached: there is no chart to hand them, and no empty figure.


def test_a_family_without_a_font_file_raises_render_error():
    with pytest.raises(RenderError, match="找不到中文字体“没有这个字体”的字体文件"):
        plot_module._font_file("没有这个字体")


def test_a_glyph_missing_from_the_font_raises_render_error():
    spec = ChartSpec("test", "测试", ("\U0001f600",), (Series("测试", (1,)),), "测试")
    with pytest.raises(RenderError, match="缺少字形"):
        plot_module.draw(spec)


def test_importing_the_engine_does_not_import_matplotlib():
    code = "import sys, gongkai.reports.engine; print('matplotlib' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


# The three outputs -----------------------------------------------------------------------------


def test_html_inlines_each_chart_as_svg_in_a_figure_at_the_end_of_section_three(outputs, charts):
    page = outputs["html"].decode("utf-8")
    tree = lxml_html.fromstring(outputs["html"])
    section = tree.xpath('//section[@data-section="三"]')[0]
    figures = section.xpath('.//figure[@class="chart"]')
    assert [f.get("data-chart") for f in figures] == [c.key for c in charts]
    assert section.xpath("./table/following-sibling::figure")  # after table 三
    captions = [f.xpath("./figcaption")[0].text_content() for f in figures]
    assert captions == [figure_caption(n, c) for n, c in enumerate(charts, start=1)]
    assert captions[0] == "图1\u30002023年各月新收政府信息公开申请数量"
    # Each inline SVG is well-formed XML, with its labels as text.
    blocks = re.findall(r"<svg.*?</svg>", page, flags=re.S)
    assert len(blocks) == len(charts)
    labels = [t for block in blocks for t in svg_texts(block.encode("utf-8"))]
    for label in ("1月", "12月", "自然人", "社会公益组织", "予以公开", "其他处理", "2019年"):
        assert label in labels
    assert "<?xml" not in page and "figure.chart svg" in page


def test_pdf_text_holds_the_chart_labels_in_the_embedded_cjk_font(outputs):
    data = outputs["pdf"]
    assert any("CJK" in name for name in pdf.embedded_fonts(data))
    with pdfplumber.open(io.BytesIO(data)) as document:
        chars = [c for page in document.pages for c in page.chars]
        text = "".join("".join((page.extract_text() or "").split()) for page in document.pages)
    for label in ("1月", "12月", "84件", "予以公开", "其他处理", "2019年", "办结"):
        assert label in text
    assert "图4\u30002019—2023年新收和办结政府信息公开申请数量".replace("\u3000", "") in text
    # The months are chart text only (table 三 has none): each is set in the CJK font.
    month_chars = [c for c in chars if c["text"] == "月"]
    assert len(month_chars) >= 12
    assert all("CJK" in c["fontname"] for c in month_chars)


def test_docx_holds_each_chart_as_a_png_picture_with_its_alt_text_and_caption(outputs, charts):
    document = docx.Document(io.BytesIO(outputs["docx"]))
    shapes = document.inline_shapes
    assert len(shapes) == len(charts)
    for shape, chart in zip(shapes, charts, strict=True):
        properties = shape._inline.docPr
        assert properties.get("descr") == chart.alt
        assert properties.get("title") == chart.title
        blip = shape._inline.graphic.graphicData.pic.blipFill.blip
        image = document.part.related_parts[blip.embed]
        assert image.blob.startswith(PNG_SIGNATURE) and image.blob == chart.png
    assert "自然人84件" in shapes[1]._inline.docPr.get("descr")
    texts = [p.text for p in document.paragraphs]
    for number, chart in enumerate(charts, start=1):
        caption = figure_caption(number, chart)
        assert caption in texts
        picture = texts.index(caption) - 1
        assert texts[picture] == ""  # the paragraph of the picture, right above its caption
    with zipfile.ZipFile(io.BytesIO(outputs["docx"])) as archive:
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
        assert len(media) == len(charts)
        assert all(archive.read(n).startswith(PNG_SIGNATURE) for n in media)


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_a_report_with_charts_still_reads_back_the_same_without_new_diagnostics(
    outputs, current, fmt
):
    with_charts = read_report(outputs[fmt])
    without = read_report(render(current, fmt))
    assert with_charts.report == current, with_charts.report.differences(current)
    assert [str(d) for d in with_charts.diagnostics] == [str(d) for d in without.diagnostics]


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx", "xlsx", "json", "csv", "txt"])
def test_without_charts_the_output_is_what_it_was(current, fmt):
    plain = render(current, fmt)
    if fmt in ("docx", "xlsx"):  # zip archives: compare their parts (core.xml has a time)
        parts = {n: zipfile.ZipFile(io.BytesIO(plain)).read(n) for n in _names(plain)}
        again = render(current, fmt, charts=())
        for name, content in parts.items():
            if name != "docProps/core.xml":
                assert zipfile.ZipFile(io.BytesIO(again)).read(name) == content
    elif fmt != "pdf":  # WeasyPrint stamps its PDF with the time
        assert render(current, fmt, charts=()) == plain
    assert b"<figure" not in plain and b"figure.chart" not in plain


def test_other_formats_ignore_charts(current, charts):
    for fmt in ("xlsx", "json", "csv", "txt"):
        rendered = render(current, fmt, charts=charts)
        assert b"<svg" not in rendered and PNG_SIGNATURE not in rendered


def _names(archive: bytes) -> list[str]:
    return zipfile.ZipFile(io.BytesIO(archive)).namelist()


def test_the_seed_reports_zero_applications_draw_as_zero_bars(seed_report: Path):
    seed = read_report(seed_report.read_bytes()).report
    charts = report_charts(seed)
    assert [c.key for c in charts] == ["by_applicant", "outcomes"]
    assert "合计0件" in charts[0].alt and "0件" in svg_texts(charts[0].svg)
