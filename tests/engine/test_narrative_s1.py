"""S1 on the forms agencies write: the narrative contradicting the tables, the sentence quoted.

The report is our own render of a known report; the narrative is what real reports say
(DOMAIN.md §3). Every stated number that agrees with the tables is silent; every one that does
not is one warning that names the cell, the number stated, the table's, and quotes the sentence.
"""

from __future__ import annotations

import pytest

from gongkai.reports.engine import EDITION_2019, EDITION_2021, check, read_report, render

from .test_wild_layouts import known_report

# known_report states its totals; table 四 holds 6 reviews and 7 + 8 = 15 suits.


def _totals(report):
    e = report.edition
    total = e.table3_columns[-1]
    return {
        key: int(report.cells[e.t3(key, total)])
        for key in ("new", "carried_in", "result.total", "carried_forward")
    }


def _s1(report, text):
    report.sections["一"] = text
    return [f for f in check(report) if f.rule == "S1"]


@pytest.fixture(params=[(EDITION_2019, 2020), (EDITION_2021, 2022)], ids=["2019", "2021"])
def report(request):
    return known_report(*request.param)


def test_the_forms_agencies_write_agree_silently_when_the_numbers_do(report):
    n = _totals(report)
    text = (
        f"2022年，我局共收到政府信息公开申请{n['new']}件，上年结转{n['carried_in']}件。"
        f"本年度共受理各类政府信息公开申请 {n['new'] + n['carried_in']} 件（含上年结转）。"
        f"全年办结政府信息公开申请{n['result.total']}件，结转下年度继续办理{n['carried_forward']}件。"
        "因政府信息公开工作被申请行政复议6件，提起行政诉讼15起。收到行政复议申请6件。"
        "未发生行政复议纠错案件。"
    )
    assert _s1(report, text) == []


def test_applications_stated_against_table_three_are_a_warning_quoting_the_sentence(report):
    n = _totals(report)
    sentence = "2022年，我局共收到政府信息公开申请17件，均已按时答复。"
    [f] = _s1(report, f"我局高度重视依申请公开工作。{sentence}其他工作正常开展。")
    assert (f.level, f.subject, f.found, f.expected) == (
        "warning",
        "三·一、本年新收·总计",
        "17",
        str(n["new"]),
    )
    assert f.quote == sentence
    assert f.message == f"正文写“收到政府信息公开申请17件”，表中为 {n['new']}；原句：“{sentence}”"


@pytest.mark.parametrize(
    "sentence, subject, found",
    [
        ("因政府信息公开工作被申请行政复议2件。", "四·行政复议·总计", "2"),
        ("发生行政复议案件两起。", "四·行政复议·总计", "2"),
        (
            "提起行政诉讼1件。",
            "四·行政诉讼·未经复议直接起诉·总计+四·行政诉讼·复议后起诉·总计",
            "1",
        ),
        ("全年共办结政府信息公开申请9件。", "三（七）总计·总计", "9"),
        ("已办结9件，办结率100%。", "三（七）总计·总计", "9"),
        ("结转下年度继续办理1件。", "三·四、结转下年度·总计", "1"),
        ("上年结转政府信息公开申请3件。", "三·二、上年结转·总计", "3"),
        (
            "未发生因政府信息公开工作被申请行政复议的情况。",
            "四·行政复议·总计",
            "0",
        ),
    ],
)
def test_each_form_that_contradicts_the_tables_is_caught_with_its_sentence(
    report, sentence, subject, found
):
    [f] = _s1(report, "本年度工作有序推进。" + sentence)
    assert (f.subject, f.found, f.quote) == (subject, found, sentence)
    assert f"原句：“{sentence}”" in f.message


def test_a_review_application_is_not_taken_for_an_application_for_information(report):
    # "收到行政复议申请6件" counts reviews (四), not applications (三): 6 agrees with table 四.
    assert _s1(report, "本年度收到行政复议申请6件。") == []


def test_a_number_of_one_outcome_is_not_taken_for_the_number_of_cases(report):
    # The platform's own draft writes this sentence (reports/annual/narrative.py).
    assert _s1(report, "本年度行政复议、行政诉讼中被纠正2件。行政诉讼结果维持3件。") == []


def test_s1_reads_the_narrative_of_a_report_read_from_its_page(report):
    report.sections["一"] = "全年共收到政府信息公开申请17件。"
    got = read_report(render(report, "html")).report
    [f] = [f for f in check(got) if f.rule == "S1"]
    assert f.quote == "全年共收到政府信息公开申请17件。"
