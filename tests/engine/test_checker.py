from __future__ import annotations

import pytest

from gongkai.reports.engine import EDITION_2019, EDITION_2021, CellKey, Report, check, read_report
from gongkai.reports.engine.editions import TABLE3_COLUMNS

from .real_reports import huaian_expected_cells


@pytest.fixture(scope="module")
def seed(seed_report) -> Report:
    return read_report(seed_report.read_bytes()).report


@pytest.fixture(scope="module")
def huaian() -> Report:
    report = Report.empty(EDITION_2021, "淮安市人民政府", 2024)
    for key, value in huaian_expected_cells().items():
        report.set(key, value)
    report.sections["一"] = (
        "全市共受理政府信息公开申请 3119 件，答复 3050 件。政府信息公开行政复议 351 件。"
    )
    report.sections["六"] = "全年收取政府信息公开信息处理费 3940 元。"
    return report


def test_the_seed_and_the_real_2024_report_check_clean(seed, huaian):
    assert check(seed) == []
    assert check(huaian) == []


def _bump(text: str) -> str:
    return str(int(text) + 1)


@pytest.mark.parametrize("which", ["seed", "huaian"])
def test_changing_any_one_number_of_table_three_or_four_fails_naming_that_cell(which, request):
    clean: Report = request.getfixturevalue(which)
    keys = [k for k in clean.edition.cell_keys() if k.section in ("三", "四")]
    assert len(keys) == len(clean.edition.table3_rows) * 7 + 15
    for key in keys:
        changed = Report(
            clean.edition, clean.agency, clean.year, dict(clean.cells), dict(clean.sections)
        )
        changed.set(key, _bump(clean.cells[key]))
        errors = [f for f in check(changed) if f.level == "error"]
        assert errors, f"{clean.edition.cell_name(key)} changed, but the report still checks clean"
        assert any(key in f.cells for f in errors), [str(f) for f in errors]


def test_a_wrong_total_is_reported_with_rule_cell_expected_and_found(seed):
    report = Report(seed.edition, seed.agency, seed.year, dict(seed.cells), dict(seed.sections))
    e = report.edition
    person = TABLE3_COLUMNS[0]
    # 26 applications handled by natural persons, but （七）总计 says 20.
    report.set(e.t3("result.granted", person), "20")
    report.set(e.t3("result.partial", person), "6")
    report.set(e.t3("result.total", person), "20")
    messages = [str(f) for f in check(report)]
    assert "R3 三（七）总计·自然人: 各办理结果之和为 26，表中为 20" in messages


def test_a_blank_total_is_an_error_and_a_blank_count_a_warning(seed):
    report = Report(seed.edition, seed.agency, seed.year, dict(seed.cells), dict(seed.sections))
    e = report.edition
    report.set(e.t3("new", TABLE3_COLUMNS[-1]), "")
    report.set(e.t3("carried_in", TABLE3_COLUMNS[2]), "")
    findings = check(report)
    r6 = {(f.level, f.subject) for f in findings if f.rule == "R6"}
    assert ("error", "三·一、本年新收·总计") in r6
    assert ("warning", "三·二、上年结转·科研机构") in r6


def test_text_in_a_count_cell_and_a_negative_count_are_errors_naming_the_cell(seed):
    report = Report(seed.edition, seed.agency, seed.year, dict(seed.cells), dict(seed.sections))
    key = CellKey("四", "", "", "行政复议 / 结果维持")
    report.set(key, "三")
    report.set(report.edition.t3("new", TABLE3_COLUMNS[0]), "-2")
    found = {(f.rule, f.subject) for f in check(report) if f.level == "error"}
    assert ("R6", "四·行政复议·结果维持") in found
    assert ("R6", "三·一、本年新收·自然人") in found


def test_table_two_values_are_checked_against_their_column_kind():
    report = Report.empty(EDITION_2019, "某局", 2020)
    for key in report.edition.cell_keys():
        report.set(key, "0")
    block = EDITION_2019.block("第二十条第（五）项")
    report.set(CellKey("二", block.heading, "行政许可", "本年增/减"), "-3")  # allowed
    report.set(CellKey("二", "第二十条第（九）项", "政府集中采购", "采购总金额"), "75394432.52元")
    assert check(report) == []
    report.set(CellKey("二", block.heading, "行政许可", "处理决定数量"), "-3")
    assert [f.rule for f in check(report)] == ["R6"]


def test_numbers_in_the_narrative_that_contradict_the_tables_are_warnings(huaian):
    report = Report(
        huaian.edition, huaian.agency, huaian.year, dict(huaian.cells), dict(huaian.sections)
    )
    report.sections["一"] = "全市共受理政府信息公开申请 3000 件，政府信息公开行政复议 351 件。"
    findings = check(report)
    assert [(f.rule, f.level) for f in findings] == [("S1", "warning")]
    assert "3000" in findings[0].message and findings[0].expected == "3119"


def test_fees_closing_applications_need_a_word_on_fees_in_section_six(huaian):
    report = Report(
        huaian.edition, huaian.agency, huaian.year, dict(huaian.cells), dict(huaian.sections)
    )
    report.sections["六"] = "无其他需要报告的事项。"
    assert [f.rule for f in check(report)] == ["S2"]
