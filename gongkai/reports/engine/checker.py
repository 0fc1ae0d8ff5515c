"""The checker: the 勾稽关系 of one report (R1–R4, R6 as errors; S1, S2 as warnings).

Cross-year rules (R5, S3, S4, S5) need last year's report too and live in compare.py.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from .editions import (
    CARRIED_FORWARD,
    CARRIED_IN,
    NEW,
    RESULTS_TOTAL,
    TABLE3_APPLICANT_COLUMNS,
    TABLE4_STREAMS,
    TOTAL,
    CellKey,
    Column,
    Edition,
)
from .findings import Finding, finding
from .model import Report
from .narrative import narrative_findings
from .values import clean, parse_value


def check(report: Report) -> list[Finding]:
    """Every finding of one report, errors first in the order of the rules."""
    numbers, findings = _read_values(report)
    findings += _r1(report, numbers)
    findings += _r2(report, numbers)
    findings += _r3(report, numbers)
    findings += _r4(report, numbers)
    findings += narrative_findings(report, numbers)
    findings += _s2(report, numbers)
    order = {"error": 0, "warning": 1}
    return sorted(findings, key=lambda f: (order[f.level], f.rule))


Numbers = dict[CellKey, "int | Decimal | None"]


def _read_values(report: Report) -> tuple[Numbers, list[Finding]]:
    """R6: each cell's number. Unreadable cells are left out, so no sum uses them.

    Cells of a table the report leaves out (``report.omitted``) are left out too: no rule reads
    them, where a blank that was written would count as 0 and be said.
    """
    edition = report.edition
    numbers: Numbers = {}
    findings: list[Finding] = []
    cells, omitted = report.cells, report.omitted
    for key, kind in edition.cell_kinds:
        if omitted and key.section in omitted:  # most reports leave nothing out
            continue
        text = cells[key]
        try:
            value = parse_value(text, kind)  # report.number(key), the column's kind at hand
        except ValueError as exc:
            name = edition.cell_name(key)
            findings.append(finding("R6", name, str(exc), cells=(key,), found=text))
            continue
        if value is None and key.section in ("三", "四"):  # counted: a blank there is said
            name = edition.cell_name(key)
            if edition.column(key).short == TOTAL or key.row == RESULTS_TOTAL.label:
                findings.append(
                    finding(
                        "R6",
                        name,
                        f"总计不应为{_as_written(text)}",
                        cells=(key,),
                        expected="0",
                        found=text,
                    )
                )
            else:  # blank, a dash or "/": counted as 0, but said
                findings.append(
                    finding(
                        "R6",
                        name,
                        f"{_as_written(text)}，按 0 计算；应填 0",
                        cells=(key,),
                        level="warning",
                        found=text,
                    )
                )
            value = 0
        numbers[key] = value
    return numbers, findings


def _as_written(text: str) -> str:
    """How an empty cell was written, for a message: 空白, or the dash or "/" in quotes."""
    return f"“{clean(text)}”" if clean(text) else "空白"


def _sum(numbers: Numbers, keys: list[CellKey]) -> int | Decimal | None:
    """The sum of the cells, or None when one of them could not be read (R6 already said so)."""
    try:
        return sum(numbers[k] or 0 for k in keys)
    except KeyError:
        return None


def _mismatch(rule, report, subject_key, keys, expected, found, what) -> Finding:
    return finding(
        rule,
        report.edition.cell_name(subject_key),
        f"{what}为 {expected}，表中为 {found}",
        cells=tuple(keys),
        expected=str(expected),
        found=str(found),
    )


def _r1(report: Report, numbers: Numbers) -> list[Finding]:
    out = []
    for col, left, right in _r1_sums(report.edition):
        a, b = _sum(numbers, left), _sum(numbers, right)
        if a is not None and b is not None and a != b:
            out.append(
                finding(
                    "R1",
                    f"三·{col.short}",
                    f"第一项加第二项之和为 {a}，第三项（七）总计加第四项之和为 {b}",
                    cells=(*left, *right),
                    expected=str(a),
                    found=str(b),
                )
            )
    return out


def _r2(report: Report, numbers: Numbers) -> list[Finding]:
    out = []
    for parts, total in _r2_sums(report.edition):
        expected, found = _sum(numbers, parts), _sum(numbers, [total])
        if expected is not None and found is not None and expected != found:
            out.append(
                _mismatch("R2", report, total, [*parts, total], expected, found, "各类申请人之和")
            )
    return out


def _r3(report: Report, numbers: Numbers) -> list[Finding]:
    out = []
    for parts, total in _r3_sums(report.edition):
        expected, found = _sum(numbers, parts), _sum(numbers, [total])
        if expected is not None and found is not None and expected != found:
            out.append(
                _mismatch("R3", report, total, [*parts, total], expected, found, "各办理结果之和")
            )
    return out


# The cells R1–R3 add up are the edition's, the same for every report of it: named once per
# edition (editions compare by identity), not once per report.


@cache
def _r1_sums(edition: Edition) -> list[tuple[Column, list[CellKey], list[CellKey]]]:
    """Per column: 一 + 二 (left) and （七）总计 + 四 (right)."""
    e = edition
    return [
        (
            col,
            [e.t3(NEW, col), e.t3(CARRIED_IN, col)],
            [e.t3(RESULTS_TOTAL, col), e.t3(CARRIED_FORWARD, col)],
        )
        for col in e.table3_columns
    ]


@cache
def _r2_sums(edition: Edition) -> list[tuple[list[CellKey], CellKey]]:
    """Per row: the six applicant columns, and the row's 总计."""
    return [
        (
            [edition.t3(row, col) for col in TABLE3_APPLICANT_COLUMNS],
            edition.t3(row, edition.table3_columns[-1]),
        )
        for row in edition.table3_rows
    ]


@cache
def _r3_sums(edition: Edition) -> list[tuple[list[CellKey], CellKey]]:
    """Per column: the result rows, and the column's （七）总计."""
    e = edition
    return [
        ([e.t3(row, col) for row in e.result_rows], e.t3(RESULTS_TOTAL, col))
        for col in e.table3_columns
    ]


def _r4(report: Report, numbers: Numbers) -> list[Finding]:
    out = []
    for stream in TABLE4_STREAMS:
        keys = [CellKey("四", "", "", c.label) for c in stream]
        expected, found = _sum(numbers, keys[:4]), _sum(numbers, keys[4:])
        if expected is not None and found is not None and expected != found:
            what = "结果维持、结果纠正、其他结果、尚未审结之和"
            out.append(_mismatch("R4", report, keys[4], keys, expected, found, what))
    return out


FEE_WORDS = ("信息处理费", "收费", "费用")


def _s2(report: Report, numbers: Numbers) -> list[Finding]:
    """S2: applications closed for unpaid fees mean fees were charged; section 六 should say so."""
    e = report.edition
    if "六" in report.omitted:
        return []  # the report holds no section 六 that could say it
    try:
        fee_row = e.row_by_key("result.other.2")
    except KeyError:
        return []  # the 2019 edition has no fee row
    key = e.t3(fee_row, e.table3_columns[-1])
    if (numbers.get(key) or 0) > 0 and not any(w in report.sections["六"] for w in FEE_WORDS):
        return [
            finding(
                "S2",
                "六、其他需要报告的事项",
                f"{e.cell_name(key)} 为 {numbers[key]}，第六部分却未说明信息处理费收取情况",
                cells=(key,),
            )
        ]
    return []
