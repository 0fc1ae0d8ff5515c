"""The whole report on one line: text that lost every line break and space (issue 10, family 1).

Each input is a report whose numbers are known — the seed, the real PDF, our own renders of both
editions, random valid reports — flattened by removing all whitespace. The reader must give every
number back, or say which cells it could not settle with the true split among the candidates;
it never gives a wrong number.
"""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import HealthCheck, given, settings

from gongkai.reports.engine import (
    EDITION_2019,
    EDITION_2021,
    CellKey,
    Report,
    check,
    read_report,
    render,
)
from gongkai.reports.engine.editions import TABLE3_COLUMNS, TABLE4_COLUMNS
from gongkai.reports.engine.readers.flat import looks_like_running_text
from gongkai.reports.engine.readers.lines import LISTED_CANDIDATES, Diagnostic
from gongkai.reports.engine.readers.pdf import pdf_to_lines

from .real_reports import HUAIAN_PDF, huaian_expected_cells
from .strategies import reports


def flatten(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _read(text: str):
    return read_report(text.encode("utf-8"))


def _row(report: Report, key: str) -> tuple[str, ...]:
    return tuple(report.cells[report.edition.t3(key, c)] for c in TABLE3_COLUMNS)


def _set_row(report: Report, key: str, values: tuple[int, ...]) -> None:
    for column, value in zip(TABLE3_COLUMNS, values, strict=True):
        report.set(report.edition.t3(key, column), value)


def _ambiguous(result) -> list:
    return [d for d in result.diagnostics if d.level == "ambiguous"]


@pytest.fixture(scope="module")
def seed_text(seed_report) -> str:
    return seed_report.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed(seed_text) -> Report:
    return _read(seed_text).report


# ---------------------------------------------------------------- the seed and the real PDF


def test_the_seed_flattened_reads_back_as_the_seed(seed_text, seed):
    flat = flatten(seed_text)
    assert "\n" not in flat and " " not in flat
    result = _read(flat)
    got = result.report
    assert (got.edition, got.agency, got.year) == (EDITION_2019, "黑龙江省知识产权局", 2020)
    assert got.differences(seed) == []  # every cell, and the narrative up to whitespace
    assert [d.level for d in result.diagnostics] == ["info"]  # "read as running text"
    assert "按连续文字读取" in result.diagnostics[0].message


def test_text_with_its_lines_is_not_taken_for_running_text(seed_text):
    assert not looks_like_running_text(seed_text)
    assert looks_like_running_text(flatten(seed_text))


def _stream_of_table4(cells: dict[CellKey, str], stream: int) -> tuple[str, ...]:
    columns = TABLE4_COLUMNS[5 * stream : 5 * stream + 5]
    return tuple(cells[CellKey("四", "", "", c.label)] for c in columns)


def test_the_real_pdf_flattened_reads_every_number_the_rules_can_settle(shared_dir):
    data = (shared_dir / HUAIAN_PDF).read_bytes()
    pdf = read_report(data).report
    flat = flatten("".join(line.text for line in pdf_to_lines(data)))
    result = _read(flat)
    got = result.report
    assert (got.edition, got.agency, got.year) == (pdf.edition, pdf.agency, pdf.year)
    # Table 三 — 25 rows run together — comes back exactly, settled by R2, R1 and R3 together.
    for row in EDITION_2021.table3_rows:
        assert _row(got, row.key) == _row(pdf, row.key), row.name
    # What no rule can settle stays open, the true split among the candidates: table 二（一）
    # has no sum ("1011" is 1 0 11 or 10 1 1), and table 四's third stream "1211620" keeps
    # R4 three ways (12 1 1 6 20, 1 2 11 6 20, 1 2 1 16 20).
    open_cells = {key for key in pdf.cells if got.cells[key] != pdf.cells[key]}
    assert all(got.cells[key] == "" for key in open_cells)
    block = EDITION_2021.block("第二十条第（一）项")
    assert {key.row for key in open_cells if key.section == "二"} == {"规章", "行政规范性文件"}
    assert {key.block for key in open_cells if key.section == "二"} == {block.heading}
    assert _stream_of_table4(got.cells, 0) == _stream_of_table4(pdf.cells, 0)
    assert _stream_of_table4(got.cells, 1) == _stream_of_table4(pdf.cells, 1)
    assert _stream_of_table4(got.cells, 2) == ("", "", "", "", "20")
    truths = {
        "规章": ("1", "0", "11"),
        "行政规范性文件": ("8", "26", "66"),
        "表四": tuple(pdf.cells[CellKey("四", "", "", c.label)] for c in TABLE4_COLUMNS),
    }
    ambiguous = _ambiguous(result)
    assert len(ambiguous) == 3
    for note, (label, truth) in zip(ambiguous, truths.items(), strict=True):
        assert label in note.message and truth in note.candidates, str(note)


def test_the_real_pdf_flattened_is_read_well_under_a_tenth_of_a_second(shared_dir):
    data = (shared_dir / HUAIAN_PDF).read_bytes()
    flat = flatten("".join(line.text for line in pdf_to_lines(data))).encode()
    read_report(flat)  # warm: imports
    started = time.perf_counter()
    for _ in range(5):
        read_report(flat)
    assert (time.perf_counter() - started) / 5 < 0.1


# ---------------------------------------------------------------- our own renders


def test_a_2019_render_flattened_gives_its_numbers_back_settled_by_the_rules(seed):
    report = Report.empty(EDITION_2019, agency=seed.agency, year=2020)
    report.cells.update(seed.cells)
    report.sections.update(seed.sections)
    _set_row(report, "new", (80, 1, 0, 0, 0, 0, 81))  # the "801000081": R2 alone
    # "110000011" is 1 10 … 11 or 11 0 … 11 by R2; R1 and R3 with the results decide.
    _set_row(report, "carried_in", (11, 0, 0, 0, 0, 0, 11))
    _set_row(report, "result.granted", (91, 1, 0, 0, 0, 0, 92))
    _set_row(report, "result.total", (91, 1, 0, 0, 0, 0, 92))
    t2 = {  # the value kinds of table 二: a signed change, money with its unit
        ("第二十条第（八）项", "行政事业性收费", "本年增/减"): "-3",
        ("第二十条第（八）项", "行政事业性收费", "上一年项目数量"): "12",
        ("第二十条第（九）项", "政府集中采购", "采购项目数量"): "0",
        ("第二十条第（九）项", "政府集中采购", "采购总金额"): "75394432.52元",
    }
    for (heading, row, column), value in t2.items():
        report.set(CellKey("二", heading, row, column), value)
    for label, value in zip(TABLE4_COLUMNS, (1, 2, 0, 3, 6) + (0,) * 10, strict=True):
        report.set(CellKey("四", "", "", label.label), value)
    assert check(report) == []
    result = _read(flatten(render(report, "txt").decode()))
    assert result.report.differences(report) == []
    assert _ambiguous(result) == []


def test_a_2021_render_flattened_gives_its_numbers_back_where_the_rules_settle_them():
    report = Report.empty(EDITION_2021, agency="淮安市人民政府", year=2024)
    report.cells.update(huaian_expected_cells())
    report.set(
        CellKey("二", "第二十条第（八）项", "行政事业性收费", "本年收费金额（单位：万元）"),
        "24252.311082",
    )
    # Table 四 written so that R4 leaves one split per stream.
    for label, value in zip(
        TABLE4_COLUMNS, (72, 64, 178, 37, 351, 13, 4, 8, 1, 26) + (0,) * 5, strict=True
    ):
        report.set(CellKey("四", "", "", label.label), value)
    result = _read(flatten(render(report, "txt").decode()))
    got = result.report
    open_cells = [
        report.edition.cell_name(k) for k in report.cells if got.cells[k] != report.cells[k]
    ]
    assert sorted(open_cells) == sorted(
        f"二·第二十条第（一）项·{row}·{column}"
        for row in ("规章", "行政规范性文件")
        for column in ("本年制发件数", "本年废止件数", "现行有效件数")
    )
    assert (
        got.cells[
            CellKey("二", "第二十条第（八）项", "行政事业性收费", "本年收费金额（单位：万元）")
        ]
        == "24252.311082"
    )
    assert [d.candidates[0] for d in _ambiguous(result)] == [("1", "0", "11"), ("8", "2", "666")]


def test_a_split_no_rule_settles_is_reported_with_its_candidates_and_never_picked(seed):
    report = Report.empty(EDITION_2019, agency=seed.agency, year=2020)
    report.cells.update(seed.cells)
    for key in ("new", "result.granted", "result.total"):
        _set_row(report, key, (11, 0, 0, 0, 0, 0, 11))
    result = _read(flatten(render(report, "txt").decode()))
    notes = {note.message.split("：")[0]: note for note in _ambiguous(result)}
    assert set(notes) == {"表三“一、本年新收”", "表三“（一）予以公开”", "表三“（七）总计”"}
    for key, note in zip(("new", "result.granted", "result.total"), notes.values(), strict=True):
        assert note.candidates == (
            ("1", "10", "0", "0", "0", "0", "11"),
            ("11", "0", "0", "0", "0", "0", "11"),
        )
        # the cells every candidate agrees on are read, the others left blank
        assert _row(result.report, key) == ("", "", "0", "0", "0", "0", "11")
    assert "1 10 0 0 0 0 11" in str(notes["表三“一、本年新收”"])


def test_a_row_whose_blank_cells_left_no_trace_is_left_unread_and_said(seed):
    report = Report.empty(EDITION_2019, agency=seed.agency, year=2020)
    report.cells.update(seed.cells)
    _set_row(report, "new", (5, 0, 0, 0, 0, 0, 5))
    _set_row(report, "result.total", (5, 0, 0, 0, 0, 0, 5))
    _set_row(report, "result.granted", (5, 0, 0, 0, 0, 0, 5))
    report.set(report.edition.t3("new", TABLE3_COLUMNS[1]), "")  # "5 _ 0 0 0 0 5": six digits
    result = _read(flatten(render(report, "txt").decode()))
    assert _row(result.report, "new") == ("",) * 7
    assert any("一、本年新收" in d.message and "无法拆分" in d.message for d in _ambiguous(result))
    assert any("空白单元格不留痕迹" in d.message for d in result.diagnostics)


def test_sections_on_their_lines_with_each_table_run_together_are_read_too(seed_text, seed):
    # A page where the paragraphs kept their breaks but every table lost its own.
    start = seed_text.index("二、主动公开政府信息情况")
    end = seed_text.index("五、存在的主要问题及改进情况")
    tables = seed_text[start:end].split("\n", 1)
    text = seed_text[:start] + tables[0] + "\n" + flatten(tables[1]) + "\n" + seed_text[end:]
    assert _read(text).report.differences(seed) == []


def test_no_run_of_digits_can_make_the_reader_hang(seed):
    text = flatten(render(seed, "txt").decode()).replace("0000000", "1" * 120)
    assert text.count("1" * 120) == 23 + 2  # every row of table 三, and table 四
    started = time.perf_counter()
    result = _read(text)
    assert time.perf_counter() - started < 5
    assert all(not v for k, v in result.report.cells.items() if k.section in ("三", "四"))
    assert any("过多" in d.message or "无法拆分" in d.message for d in _ambiguous(result))


# ---------------------------------------------------------------- random valid reports


def _without_blanks(report: Report) -> Report:
    """The report with table 三's blank cells written 0: a blank leaves no trace in running text
    (see the test above), so no reader can know where it stood."""
    cells = {k: v if v or k.section != "三" else "0" for k, v in report.cells.items()}
    return Report(
        edition=report.edition,
        agency=report.agency,
        year=report.year,
        cells=cells,
        sections=report.sections,
    )


def _rows(report: Report) -> dict[str, list[CellKey]]:
    """Each row's cells, named as the reader's notes name the row."""
    e = report.edition
    rows = {f"表三“{row.name}”": [e.t3(row, c) for c in TABLE3_COLUMNS] for row in e.table3_rows}
    for block in e.table2:
        for row in block.rows:
            keys = [CellKey("二", block.heading, row.label, c.label) for c in block.columns]
            rows[f"表二{block.heading}“{row.label}”"] = keys
    rows["表四"] = [CellKey("四", "", "", c.label) for c in TABLE4_COLUMNS]
    return rows


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_random_reports_flattened_give_every_number_back_or_the_true_split_among_candidates(
    report,
):
    report = _without_blanks(report)
    result = _read(flatten(render(report, "txt").decode()))
    got = result.report
    assert (got.edition, got.agency, got.year) == (report.edition, report.agency, report.year)
    notes = _ambiguous(result)
    for name, keys in _rows(report).items():
        truth = tuple(report.cells[k] for k in keys)
        read = tuple(got.cells[k] for k in keys)
        # never a wrong number: a cell is read right or left blank
        assert all(r in ("", t) for r, t in zip(read, truth, strict=True)), (name, read, truth)
        if read != truth:
            mine = [n for n in notes if n.message.startswith(name + "：")]
            assert any(truth in n.candidates for n in mine), (name, truth, [str(n) for n in mine])


def test_a_note_keeps_every_candidate_and_lists_the_first_ones():
    # The true split must be among the candidates however many fit; the text stays readable.
    candidates = tuple((str(n), str(30 - n)) for n in range(30))
    note = Diagnostic("ambiguous", "表四：……（共 30 种，列出前 24 种）", "第 1 行", candidates)
    assert note.candidates == candidates
    listed = str(note).split("；可能的拆分：")[1].split("；")
    assert listed == [f"{a} {b}" for a, b in candidates[:LISTED_CANDIDATES]]
