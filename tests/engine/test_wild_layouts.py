"""Layouts of the wild (issue 10, families 2–4), made from our own renders of both editions.

Each input is a report with known numbers, rendered by the engine's writers and then degraded the
way published reports are: a Word export's cells spanning two grid columns, table 三（六） in the
other edition's layout, labels with a character missing or doubled or a stray space. Each test
says what is read, what the reader says about it, and what the checker then finds.
"""

from __future__ import annotations

import re

import pytest

from gongkai.reports.engine import EDITION_2019, EDITION_2021, Edition, Report, check, read_report
from gongkai.reports.engine import render as render_report
from gongkai.reports.engine.editions import (
    OTHER_2019,
    OTHER_2021,
    RESULTS_TOTAL,
    TABLE3_APPLICANT_COLUMNS,
    TABLE3_COLUMNS,
    TABLE4_STREAMS,
    CellKey,
    Kind,
)
from gongkai.reports.engine.model import MixedEdition, mixed_edition
from gongkai.reports.engine.writers.text import row_label

EDITIONS = pytest.mark.parametrize(
    "edition, year", [(EDITION_2019, 2020), (EDITION_2021, 2022)], ids=["2019", "2021"]
)


def known_report(edition: Edition, year: int) -> Report:
    """A valid report whose every number is known and most differ from their neighbours, so
    that a value read one column off or one row off cannot go unnoticed."""
    report = Report.empty(edition, "某市测试局", year)
    for key in edition.cell_keys():
        if key.section == "二":
            report.set(key, "12.5" if edition.column(key).kind is Kind.WAN_YUAN else "7")
    results = edition.result_rows
    for c, column in enumerate(TABLE3_APPLICANT_COLUMNS):
        values = {row: (3 * r + c) % 5 + c for r, row in enumerate(results)}
        for row, value in values.items():
            report.set(edition.t3(row, column), value)
        handled = sum(values.values())
        report.set(edition.t3(RESULTS_TOTAL, column), handled)
        report.set(edition.t3("carried_forward", column), c + 2)
        report.set(edition.t3("carried_in", column), c)
        report.set(edition.t3("new", column), handled + 2)  # R1: new + c = handled + c + 2
    total = edition.table3_columns[-1]
    for row in edition.table3_rows:
        parts = [int(report.cells[edition.t3(row, c)]) for c in TABLE3_APPLICANT_COLUMNS]
        report.set(edition.t3(row, total), sum(parts))  # R2
    for s, stream in enumerate(TABLE4_STREAMS):
        outcomes = [s + 1, 2, 0, 3]
        for column, value in zip(stream, [*outcomes, sum(outcomes)], strict=True):  # R4
            report.set(CellKey("四", "", "", column.label), value)
    report.sections["一"] = "我局依法依规办理政府信息公开申请。"
    report.sections["五"] = "部分栏目更新不够及时。"
    report.sections["六"] = "无收取信息处理费情况。"
    assert check(report) == []
    return report


def html(report: Report) -> str:
    return render_report(report, "html").decode()


def read(text: str | bytes):
    return read_report(text.encode() if isinstance(text, str) else text)


def _messages(result, level: str | None = None) -> list[str]:
    return [str(d) for d in result.diagnostics if level is None or d.level == level]


# ------------------------------------------------------------- 2. Word's grid that drifts


def _td_after(page: str, anchor: str, nth: int) -> int:
    """Where the nth value cell (<td>) after `anchor` starts."""
    at = page.index(anchor)
    for _ in range(nth + 1):
        at = page.index("<td", at + 1)
    return at


def span_two(page: str, anchor: str, nth: int) -> str:
    """The nth value cell after `anchor` made to span two grid columns, as Word exports it."""
    at = _td_after(page, anchor, nth)
    return page[:at] + '<td colspan="2"' + page[at + len("<td") :]


def extra_cell(page: str, anchor: str, nth: int) -> str:
    """An empty cell added after the nth value cell after `anchor` (a cell Word split)."""
    at = page.index("</td>", _td_after(page, anchor, nth))
    return page[:at] + "</td><td>" + page[at:]


@EDITIONS
def test_a_data_cell_spanning_two_grid_columns_is_read_in_order_and_said(edition, year):
    report = known_report(edition, year)
    page = span_two(html(report), "（一）予以公开", 2)  # 科研机构 of （一） spans two columns
    page = span_two(page, "规章", 0)  # table 二: 规章's first value
    page = span_two(page, '<table class="t4"', 6)  # table 四: a value of 未经复议直接起诉
    result = read(page)
    assert result.report == report, result.report.differences(report)
    said = _messages(result, "info")
    drift = "单元格与表头栏目不对齐（有跨栏的单元格），本行恰有"
    assert [m for m in said if drift in m] == [
        f"第 1 个表格第 3 行：表二“规章”：{drift} 3 个单元格，按顺序读取",
        f"第 2 个表格第 6 行：表三“（一）予以公开”：{drift} 7 个单元格，按顺序读取",
        f"第 3 个表格第 4 行：表四：{drift} 15 个单元格，按顺序读取",
    ]
    # only the rows that drift are named: the others line up with their header, as published
    assert _messages(result, "warning") == [] and _messages(result, "ambiguous") == []
    assert check(result.report) == []


@EDITIONS
def test_a_row_with_a_cell_too_many_is_reported_and_never_read_wrong(edition, year):
    report = known_report(edition, year)
    page = extra_cell(html(report), "（三）不予公开", 0)
    page = extra_cell(page, '<table class="t4"', 0)
    page = extra_cell(span_two(page, "规章", 0), "规章", 1)
    result = read(page)
    got, e = result.report, edition
    withheld = e.row_by_key("result.withheld.1")
    assert [got.cells[e.t3(withheld, c)] for c in TABLE3_COLUMNS] == [""] * 7
    assert all(got.cells[CellKey("四", "", "", c.label)] == "" for c in e.table4_columns)
    block = e.table2[0]
    assert all(
        got.cells[CellKey("二", block.heading, "规章", c.label)] == "" for c in block.columns
    )
    # every other cell is read right: the degraded rows are left out, not shifted
    wrong = [
        e.cell_name(k)
        for k in e.cell_keys()
        if got.cells[k] != report.cells[k] and got.cells[k] != ""
    ]
    assert wrong == []
    ambiguous = _messages(result, "ambiguous")
    assert len(ambiguous) == 3
    assert "表二“规章”" in ambiguous[0] and "本行有 4 个单元格（7 7 空白 7）" in ambiguous[0]
    assert "表三“（三）1.属于国家秘密”" in ambiguous[1] and "本行有 8 个单元格" in ambiguous[1]
    assert ambiguous[2].startswith("第 3 个表格第 4 行：表四：") and "应有 15 个" in ambiguous[2]
    assert all("无法确定各数值所在的栏目，未读取" in m for m in ambiguous)
    # the checker then says what is missing instead of checking numbers that were not there
    r6 = {f.subject for f in check(got) if f.rule == "R6" and f.level == "error"}
    assert "三（三）1.属于国家秘密·总计" in r6 and "四·行政复议·总计" in r6


def test_a_grid_that_lines_up_reads_without_a_word_about_spans():
    # The official layout has spans of its own (a narrow block's last cell, the label columns):
    # those are no drift.
    for edition, year in ((EDITION_2019, 2020), (EDITION_2021, 2022)):
        result = read(html(known_report(edition, year)))
        assert result.diagnostics == []


# ------------------------------------------------------------- 3. mixed layouts


def _sums(report: Report, rows) -> list[str]:
    e = report.edition
    return [str(sum(int(report.cells[e.t3(row, c)]) for row in rows)) for c in TABLE3_COLUMNS]


def with_2019_other_row(report: Report) -> str:
    """A 2021 report's text with its three （六） sub-rows folded into the 2019 single row."""
    out = []
    for line in render_report(report, "txt").decode().split("\n"):
        label = line.split("\t")[0]
        if label == row_label(OTHER_2021[0]):
            out.append("\t".join([row_label(OTHER_2019[0]), *_sums(report, OTHER_2021)]))
        elif label not in (row_label(OTHER_2021[1]), row_label(OTHER_2021[2])):
            out.append(line)
    return "\n".join(out)


def with_2021_other_rows(report: Report, split: tuple[int, int, int]) -> str:
    """A 2019 report's page with its single （六） row split into the 2021 sub-rows 1–3, the
    numbers of each column shared out as `split` says (as fractions of 6)."""
    page = html(report)
    e = report.edition
    single = OTHER_2019[0]
    values = [int(report.cells[e.t3(single, c)]) for c in TABLE3_COLUMNS[:-1]]
    parts = [[v * share // 6 for v in values] for share in split[:2]]
    parts.append([v - a - b for v, a, b in zip(values, *parts, strict=True)])
    rows = []
    for index, (row, shares) in enumerate(zip(OTHER_2021, parts, strict=True)):
        group = f'<th rowspan="3">{row.path[-2]}</th>' if index == 0 else ""
        cells = "".join(f"<td>{v}</td>" for v in [*shares, sum(shares)])
        rows.append(f"<tr>{group}<th>{row.path[-1]}</th>{cells}</tr>")
    start = page.rindex("<tr>", 0, page.index(f">{single.path[-1]}<"))
    end = page.index("</tr>", start) + len("</tr>")
    page = page[:start] + "".join(rows) + page[end:]
    # the 三、本年度办理结果 cell spans the result rows: two more of them now
    results = len(e.result_rows) + 1
    return page.replace(f'rowspan="{results}"', f'rowspan="{results + 2}"', 1), parts


def test_a_2021_report_keeping_the_2019_single_other_row_is_read_and_checked_as_it_is():
    report = known_report(EDITION_2021, 2022)
    result = read(with_2019_other_row(report))
    got = result.report
    assert got.mixed and got.edition is mixed_edition(EDITION_2021, "2019")
    assert isinstance(got.edition, MixedEdition) and got.edition.base is EDITION_2021
    assert got.edition.key == "2021" and len(got.edition.table3_rows) == 23
    other = got.edition.row_by_key("result.other")
    assert [got.cells[got.edition.t3(other, c)] for c in TABLE3_COLUMNS] == _sums(
        report, OTHER_2021
    )
    for key in got.edition.cell_keys():  # every other cell as the report has it
        if key.row != other.label:
            assert got.cells[key] == report.cells[key], got.edition.cell_name(key)
    assert _messages(result) == [
        "混合格式：本报告采用2021 年版（国办公开办函〔2021〕30号），但表三第（六）项为 2019 "
        "年版的单行“（六）其他处理”；按表中实有的行读取和检查"
    ]
    # no R6 for the sub-rows the layout does not have, and R3 adds up the rows there are
    assert check(got) == []


def test_r3_over_a_mixed_layout_adds_the_rows_present_and_names_them():
    report = known_report(EDITION_2021, 2022)
    text = with_2019_other_row(report)
    total = _sums(report, OTHER_2021)
    wrong = [str(int(total[0]) + 5), *total[1:-1], str(int(total[-1]) + 5)]
    text = text.replace(
        "\t".join([row_label(OTHER_2019[0]), *total]), "\t".join([row_label(OTHER_2019[0]), *wrong])
    )
    got = read(text).report
    findings = check(got)
    # the one row grew by 5 (R2 still holds along it), but （七）总计 did not
    assert {(f.rule, f.subject) for f in findings} == {
        ("R3", "三（七）总计·自然人"),
        ("R3", "三（七）总计·总计"),
    }
    r3 = next(f for f in findings if f.subject == "三（七）总计·自然人")
    other = got.edition.row_by_key("result.other")
    assert got.edition.t3(other, TABLE3_COLUMNS[0]) in r3.cells
    assert r3.expected == str(
        int(report.cells[EDITION_2021.t3(RESULTS_TOTAL, TABLE3_COLUMNS[0])]) + 5
    )
    assert not any(f.rule == "R6" for f in findings)


def test_a_2019_report_with_the_2021_other_sub_rows_is_read_with_them():
    report = known_report(EDITION_2019, 2020)
    page, parts = with_2021_other_rows(report, (3, 2, 1))
    result = read(page)
    got = result.report
    assert got.mixed and got.edition is mixed_edition(EDITION_2019, "2021")
    e = got.edition
    for row, shares in zip(OTHER_2021, parts, strict=True):
        read_row = [got.cells[e.t3(row, c)] for c in TABLE3_COLUMNS]
        assert read_row == [str(v) for v in [*shares, sum(shares)]], row.name
    assert not any(k.row == OTHER_2019[0].label for k in e.cell_keys())
    assert [d.level for d in result.diagnostics] == ["warning"]
    assert "表三第（六）项为 2021 年版的“（六）其他处理”下 3 个子项" in _messages(result)[0]
    assert check(got) == []


@pytest.mark.parametrize("fmt", ["txt", "html", "docx", "xlsx", "json", "csv"])
@pytest.mark.parametrize(
    "base, rows_of, year", [(EDITION_2021, "2019", 2023), (EDITION_2019, "2021", 2020)]
)
def test_a_mixed_report_renders_and_reads_back_the_same_in_every_layout_format(
    fmt, base, rows_of, year
):
    report = known_report(mixed_edition(base, rows_of), year)
    result = read(render_report(report, fmt))
    assert result.report == report, result.report.differences(report)
    assert [d.level for d in result.diagnostics] == ["warning"]


@pytest.mark.parametrize(
    "base, rows_of, year", [(EDITION_2021, "2019", 2023), (EDITION_2019, "2021", 2020)]
)
def test_a_mixed_report_flattened_to_one_line_is_read_as_mixed(base, rows_of, year):
    report = known_report(mixed_edition(base, rows_of), year)
    flat = re.sub(r"\s+", "", render_report(report, "txt").decode())
    result = read(flat)
    assert result.report == report, result.report.differences(report)
    assert result.report.edition is mixed_edition(base, rows_of)
    assert [d.level for d in result.diagnostics] == ["info", "warning"]  # running text; mixed
    assert "混合格式" in _messages(result, "warning")[0]
    assert check(result.report) == []  # no R6 for rows the layout does not have


def test_a_2021_table_whose_sub_rows_lost_their_labels_is_not_taken_for_the_2019_row():
    report = known_report(EDITION_2021, 2022)
    text = render_report(report, "txt").decode()
    for row in OTHER_2021:
        text = text.replace(
            row_label(row) + "\t", row_label(row)[: len("（六）其他处理 1.")] + "\t"
        )
    text = text.replace("（六）其他处理 2.", "2.").replace("（六）其他处理 3.", "3.")
    got = read(text).report
    assert not got.mixed
    for row in OTHER_2021:
        assert [got.cells[EDITION_2021.t3(row, c)] for c in TABLE3_COLUMNS] == [
            report.cells[EDITION_2021.t3(row, c)] for c in TABLE3_COLUMNS
        ]


# ------------------------------------------------------------- 4. misprinted labels


MISPRINTS = (
    # (official label, as printed, as the diagnostic names it)
    (
        "其他法律行政法规禁止公开",
        "其他法律行政止公开",
        "2.其他法律行政止公开",
    ),  # characters missing
    ("属于三类内部事务信息", "属于三类内部事事务信息", "5.属于三类内部事事务信息"),  # one doubled
    (
        "本年新收政府信息公开申请数量",
        "本年新收政府信息公开申数量",
        "一、本年新收政府信息公开申数量",
    ),
)


@EDITIONS
@pytest.mark.parametrize("fmt", ["txt", "html"])
def test_misprinted_labels_are_matched_by_position_and_similarity_and_named(edition, year, fmt):
    report = known_report(edition, year)
    page = render_report(report, fmt).decode()
    for official, misprint, _ in MISPRINTS:
        page = page.replace(official, misprint, 1)
    result = read(page)
    assert result.report == report, result.report.differences(report)
    said = _messages(result, "info")
    assert len(said) == len(MISPRINTS)
    for _, _, shown in MISPRINTS:
        named = [m for m in said if f"标签印作“{shown}”" in m]
        assert len(named) == 1 and "按位置和相似度读作该行" in named[0], (shown, said)
    assert "表三“（三）2.其他法律行政法规禁止公开”：标签印作“2.其他法律行政止公开”" in " ".join(
        said
    )
    assert check(result.report) == []


def test_a_stray_space_inside_a_label_is_read_and_said():
    report = known_report(EDITION_2021, 2022)
    text = (
        render_report(report, "txt").decode().replace("要求提供公开出版物", "要求提供公开 出版物")
    )
    result = read(text)
    assert result.report == report
    assert [m.split("：", 1)[1] for m in _messages(result)] == [
        "表三“（五）3.要求提供公开出版物”：标签印作“（五）不予处理 3.要求提供公开 出版物”，"
        "字间多出空格，按“3.要求提供公开出版物”读取"
    ]


def test_a_misprinted_table_two_label_is_matched_and_named():
    report = known_report(EDITION_2021, 2022)
    text = render_report(report, "txt").decode().replace("行政规范性文件\t", "行政规范文件\t")
    result = read(text)
    assert result.report == report
    assert _messages(result) == [
        "第 14 行：表二第二十条第（一）项：标签印作“行政规范文件”，与格式的“行政规范性文件”"
        "不完全一致（缺字、多字或错字），按相似度读作该行"
    ]


def test_a_label_that_is_another_rows_is_never_read_into_the_row_its_place_says():
    # （六）1's line carries （六）2's label (and its own, misprinted): by position it is 1, by its
    # label it may be 2, so neither is guessed.
    report = known_report(EDITION_2021, 2022)
    first, second = OTHER_2021[0].path[-1], OTHER_2021[1].path[-1]
    text = render_report(report, "txt").decode()
    text = text.replace(f"（六）其他处理 {first}", f"（六）其他处理 {second} {first[:-3]}")
    result = read(text)
    got, e = result.report, EDITION_2021
    assert [got.cells[e.t3(OTHER_2021[0], c)] for c in TABLE3_COLUMNS] == [""] * 7
    assert [got.cells[e.t3(OTHER_2021[1], c)] for c in TABLE3_COLUMNS] == [
        report.cells[e.t3(OTHER_2021[1], c)] for c in TABLE3_COLUMNS
    ]
    ambiguous = _messages(result, "ambiguous")
    assert len(ambiguous) == 1 and "无法确定是哪一行，未读取" in ambiguous[0]
    assert "按顺序应为“（六）1." in ambiguous[0] and "印有“（六）2." in ambiguous[0]


def test_the_seeds_known_drift_is_still_read_without_a_word(seed_report):
    result = read_report(seed_report.read_bytes())
    assert result.diagnostics == []
    assert re.search("本机关不掌握相关信息", seed_report.read_text())


def docx_span_two(data: bytes, table: int, label: str, nth: int) -> bytes:
    """In the Word file, the nth value cell of the row of table `table` that starts with `label`
    made to span two grid columns (w:gridSpan), as a Word table that drifts has it."""
    import io

    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document(io.BytesIO(data))
    rows = document.tables[table].rows
    row = next(r for r in rows if r.cells[0].text.strip() == label)
    tcs = row._tr.findall(qn("w:tc"))
    values = [tc for tc in tcs if "".join(tc.itertext()).strip().replace(".", "").isdigit()]
    span = OxmlElement("w:gridSpan")
    span.set(qn("w:val"), "2")
    values[nth].get_or_add_tcPr().append(span)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@EDITIONS
def test_a_word_table_cell_spanning_two_grid_columns_is_read_in_order_and_said(edition, year):
    report = known_report(edition, year)
    data = render_report(report, "docx")
    data = docx_span_two(data, 0, "规章", 0)  # table 二: 规章's first value
    data = docx_span_two(data, 2, "1", 6)  # table 四: a value of 未经复议直接起诉
    result = read(data)
    assert result.report == report, result.report.differences(report)
    drift = "单元格与表头栏目不对齐（有跨栏的单元格），本行恰有"
    said = [m for m in _messages(result, "info") if drift in m]
    assert len(said) == 2 and "表二“规章”" in said[0] and "表四" in said[1], said
    assert _messages(result, "warning") == [] and _messages(result, "ambiguous") == []
    assert check(result.report) == []
