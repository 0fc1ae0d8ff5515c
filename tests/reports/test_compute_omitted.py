"""The engine's `Report.omitted`: sections a report leaves out on purpose (a report computed from
the records holds table 三 only). Pure engine tests, no database."""

from __future__ import annotations

import json

import pytest

from gongkai.reports.engine import ReadError, check, compare, read_report, render
from gongkai.reports.engine.editions import EDITION_2019, EDITION_2021, TABLE3_COLUMNS
from gongkai.reports.engine.model import Report

TABLE3_ONLY = frozenset({"一", "二", "四", "五", "六"})
TOTAL = TABLE3_COLUMNS[-1]
PERSON = TABLE3_COLUMNS[0]


def table3_report(
    edition=EDITION_2021, omitted=TABLE3_ONLY, year: int = 2025, **numbers: int
) -> Report:
    """Table 三 all zeros but for ``numbers`` ({row key: n} in the 自然人 and 总计 columns), with
    （七）总计 the sum of the results given."""
    report = Report(edition=edition, agency="某机关", year=year, omitted=omitted)
    if "三" in omitted:
        return report
    results = sum(n for key, n in numbers.items() if key.startswith("result."))
    numbers = {**numbers, "result.total": results}
    for row in edition.table3_rows:
        for column in edition.table3_columns:
            report.set(
                edition.t3(row, column), numbers.get(row.key, 0) if column in (PERSON, TOTAL) else 0
            )
    return report


def test_a_report_of_table_3_only_checks_clean() -> None:
    report = table3_report(new=2, **{"result.granted": 1, "carried_forward": 1})
    assert check(report) == []


def test_without_omitted_the_blank_tables_are_still_findings() -> None:
    report = table3_report(omitted=frozenset())
    rules = {(f.rule, f.level) for f in check(report)}
    assert ("R6", "error") in rules  # table 四's blank 总计 cells


def test_the_rules_still_apply_to_the_table_that_is_there() -> None:
    report = table3_report(new=2, **{"result.granted": 1})
    assert [f.rule for f in check(report)] == ["R1", "R1"]


def test_a_fee_outcome_asks_nothing_of_a_section_six_that_is_left_out() -> None:
    fees = {"new": 1, "result.other.2": 1}
    assert check(table3_report(**fees)) == []
    with_six = table3_report(omitted=TABLE3_ONLY - {"六"}, **fees)
    assert [f.rule for f in check(with_six)] == ["S2"]


def test_a_left_out_section_cannot_hold_a_value_or_text() -> None:
    report = table3_report()
    key = next(k for k in EDITION_2021.cell_keys() if k.section == "四")
    with pytest.raises(ValueError, match="第四部分未包含在报告中"):
        report.set(key, 0)
    with pytest.raises(ValueError, match="单元格应为空白"):
        Report(edition=EDITION_2021, cells={key: "0"}, omitted=frozenset({"四"}))
    with pytest.raises(ValueError, match="文字应为空"):
        Report(edition=EDITION_2021, sections={"五": "无。"}, omitted=frozenset({"五"}))
    with pytest.raises(ValueError, match="一 至 六"):
        Report(edition=EDITION_2021, omitted=frozenset({"七"}))


def test_omitted_survives_the_cell_contract_in_json_and_csv() -> None:
    report = table3_report(EDITION_2019, new=1, carried_forward=1)
    for fmt in ("json", "csv"):
        back = read_report(render(report, fmt)).report
        assert back == report and back.omitted == TABLE3_ONLY
    assert json.loads(render(report, "json"))["omitted"] == ["一", "二", "四", "五", "六"]
    assert 'meta,,omitted,,"一,二,四,五,六"' in render(report, "csv").decode()


def test_a_complete_report_is_written_exactly_as_before() -> None:
    report = table3_report(omitted=frozenset())
    assert "omitted" not in json.loads(render(report, "json"))
    assert "omitted" not in render(report, "csv").decode()
    assert report != table3_report()  # leaving sections out makes a different report


def test_the_reader_refuses_a_section_that_does_not_exist_or_a_value_left_out() -> None:
    document = json.loads(render(table3_report(), "json"))
    with pytest.raises(ReadError, match="“七”不是报告的部分"):
        read_report(json.dumps({**document, "omitted": ["七"]}).encode())
    with pytest.raises(ReadError, match="omitted 应为"):
        read_report(json.dumps({**document, "omitted": "二"}).encode())
    cells = [{**c, "value": "0"} if c["section"] == "四" else c for c in document["cells"]]
    with pytest.raises(ReadError, match="单元格应为空白"):
        read_report(json.dumps({**document, "cells": cells}).encode())
    csv_text = render(table3_report(), "csv").decode().replace("一,二,四,五,六", "二,八")
    with pytest.raises(ReadError, match="“八”不是报告的部分"):
        read_report(csv_text.encode())


def test_comparing_reports_skips_what_either_leaves_out() -> None:
    last = table3_report(year=2024, carried_forward=1, new=1)
    this = table3_report(new=0)  # carries in 0, though last year carried 1 forward
    r5 = compare(last, this)
    assert [(f.rule, f.subject) for f in r5] == [
        ("R5", "三·二、上年结转·自然人"),
        ("R5", "三·二、上年结转·总计"),
    ]
    assert compare(last, table3_report(omitted=TABLE3_ONLY | {"三"})) == []
