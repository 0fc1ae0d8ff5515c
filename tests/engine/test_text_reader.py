"""The text reader on the two real reports and on the seed degraded the way published text is."""

from __future__ import annotations

import re

import pytest

from gongkai.reports.engine import EDITION_2019, ReadError, check, read_report
from gongkai.reports.engine.editions import TABLE3_COLUMNS

from .real_reports import huaian_expected_cells, huaian_text

SEED_ROWS = {  # row key → the start of its line in the seed
    "new": "一、本年新收政府信息公开申请数量",
    "granted": "三、本年度办理结果\t（一）予以公开",
    "total": "(七) 总计",
}


@pytest.fixture(scope="module")
def seed_text(seed_report) -> str:
    return seed_report.read_text(encoding="utf-8")


def _with_row(text: str, start: str, values: str) -> str:
    """The seed with the values of the row that starts with `start` replaced."""
    pattern = re.compile("^(" + re.escape(start) + r"[^\n]*?)((?:\t+0)+)\t?$", re.M)
    assert pattern.search(text), start
    return pattern.sub(lambda m: m.group(1) + "\t" + values, text, count=1)


def _read(text: str):
    return read_report(text.encode("utf-8"))


def _row(report, key):
    return tuple(report.cells[report.edition.t3(key, col)] for col in TABLE3_COLUMNS)


def test_the_seed_parses_to_exactly_its_numbers(seed_text):
    result = _read(seed_text)
    report = result.report
    assert (report.edition, report.agency, report.year) == (
        EDITION_2019,
        "黑龙江省知识产权局",
        2020,
    )
    nonzero = {k.row + "|" + k.column: v for k, v in report.cells.items() if v != "0"}
    assert nonzero == {
        "规范性文件|本年新制作数量": "1",
        "规范性文件|本年新公开数量": "1",
        "规范性文件|对外公开总数量": "1",
    }
    assert result.diagnostics == []
    assert report.sections["六"] == "2020年度黑龙江省知识产权局无其他需要报告的事项。"
    assert report.sections["五"].startswith("(一) 存在问题\n2020年，黑龙江省知识产权局")
    assert "综合协调处作为信息公开工作具体处室" in report.sections["一"]  # a wrapped line rejoined
    assert report.sources[report.edition.t3("new", TABLE3_COLUMNS[0])] == "第 50 行"


def test_the_real_pdf_as_scraped_text_parses_to_its_tables_and_checks_clean(shared_dir):
    result = _read(huaian_text(shared_dir))
    report = result.report
    assert (report.edition.key, report.agency, report.year) == ("2021", "淮安市人民政府", 2024)
    for key, value in huaian_expected_cells().items():
        assert report.cells[key] == value, report.edition.cell_name(key)
    assert check(report) == []
    assert "全年收取政府信息公开信息处理费 3940 元" in report.sections["六"]
    assert [d for d in result.diagnostics if d.level != "info"] == []


def test_a_row_whose_separators_were_lost_is_split_where_exactly_one_split_fits(seed_text):
    text = _with_row(seed_text, SEED_ROWS["new"], "230 000023")
    text = _with_row(text, SEED_ROWS["granted"], "23\t0\t0\t0\t0\t0\t23")
    text = _with_row(text, SEED_ROWS["total"], "23\t0\t0\t0\t0\t0\t23")
    result = _read(text)
    assert _row(result.report, "new") == ("23", "0", "0", "0", "0", "0", "23")
    assert any("分隔符已丢失" in d.message and d.level == "info" for d in result.diagnostics)
    assert check(result.report) == []


def test_a_split_the_row_alone_leaves_open_is_settled_by_the_other_rows(seed_text):
    # "110000011" is 1 10 0 0 0 0 11 or 11 0 0 0 0 0 11 by R2; R1 with （七）总计 decides.
    text = _with_row(seed_text, SEED_ROWS["new"], "110000011")
    text = _with_row(text, SEED_ROWS["granted"], "11\t0\t0\t0\t0\t0\t11")
    text = _with_row(text, SEED_ROWS["total"], "11\t0\t0\t0\t0\t0\t11")
    report = _read(text).report
    assert _row(report, "new") == ("11", "0", "0", "0", "0", "0", "11")


def test_a_split_no_rule_can_settle_is_reported_with_its_candidates_never_picked(seed_text):
    text = seed_text
    for start in SEED_ROWS.values():
        text = _with_row(text, start, "110000011")
    result = _read(text)
    ambiguous = [d for d in result.diagnostics if d.level == "ambiguous"]
    assert len(ambiguous) == 3
    assert ("11", "0", "0", "0", "0", "0", "11") in ambiguous[0].candidates
    assert ("1", "10", "0", "0", "0", "0", "11") in ambiguous[0].candidates
    assert "1 10 0 0 0 0 11" in str(ambiguous[0])
    assert _row(result.report, "new") == ("",) * 7  # left blank: the checker then says so
    assert any(f.rule == "R6" and f.level == "error" for f in check(result.report))


def test_blank_cells_stay_blank_and_dashes_and_slashes_are_kept_as_written(seed_text):
    text = _with_row(seed_text, SEED_ROWS["new"], "\t—\t/\t0\t0\t0\t")
    report = _read(text).report
    assert _row(report, "new") == ("", "—", "/", "0", "0", "0", "")
    subjects = {(f.level, f.subject) for f in check(report)}
    assert ("error", "三·一、本年新收·总计") in subjects
    assert ("warning", "三·一、本年新收·自然人") in subjects


def test_drifted_and_split_labels_are_still_matched(seed_text):
    text = seed_text.replace("1. 本机关不掌握相关信息", "1、本机关不掌握\n相关信息")
    text = text.replace(
        "(五) 不予处理\t1. 信访举报投诉类申请", "（五）不予处理\t1、信访举报投诉类申请"
    )
    text = text.replace("商业企业", "商 业 企 业").replace(
        "5. 属于三类内部事务信息", "5.属于三类内部\n事务信息"
    )
    text = _with_row(text, "相关信息", "4\t0\t0\t0\t0\t0\t4")
    text = _with_row(text, SEED_ROWS["new"], "4\t0\t0\t0\t0\t0\t4")
    text = _with_row(text, SEED_ROWS["total"], "4\t0\t0\t0\t0\t0\t4")
    report = _read(text).report
    assert _row(report, "result.unavailable.1") == ("4", "0", "0", "0", "0", "0", "4")
    assert check(report) == []


def test_headings_that_drift_are_still_found(seed_text):
    text = seed_text.replace(
        "五、存在的主要问题及改进情况", "五、政府信息公开工作存在的主要问题及改进情况"
    )
    text = text.replace(
        "四、政府信息公开行政复议、行政诉讼情况", "四、政府信息公开行政法复议、行政诉讼情况"
    )
    result = _read(text)
    assert result.diagnostics == []
    assert result.report.sections["五"].startswith("(一) 存在问题")


def test_a_report_from_before_the_national_format_is_refused_saying_so():
    text = "某某市人民政府\n2017年政府信息公开工作年度报告\n一、概述\n全年主动公开信息 300 条。\n"
    with pytest.raises(ReadError, match="2017 年度的报告，早于 2019 年起施行的全国统一格式"):
        _read(text)


def test_text_that_is_not_a_report_gets_one_clear_error():
    with pytest.raises(ReadError, match="未找到全国统一格式的年度报告表格"):
        _read("会议纪要\n今天下午开会，讨论了三件事。\n")
    with pytest.raises(ReadError, match="文件为空"):
        read_report(b"   \n")
