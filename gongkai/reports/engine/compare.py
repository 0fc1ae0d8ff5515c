"""Comparing an agency's report with its previous year's: R5, S3, S4 and 内容雷同 (S5)."""

from __future__ import annotations

from difflib import SequenceMatcher

from .editions import CARRIED_FORWARD, CARRIED_IN, NARRATIVE_SECTIONS, SECTION_TITLES, CellKey
from .findings import Finding, finding
from .model import Report, squeeze

# Sections at least this similar to last year's are flagged as 内容雷同. Boiler-plate that changes
# only the year and a few numbers scores well above it; rewritten text scores far below.
SAME_TEXT_RATIO = 0.9
# Shorter sections ("无。") are the same every year by nature and are not flagged.
SAME_TEXT_MIN_CHARS = 30


def compare(last: Report, this: Report) -> list[Finding]:
    """The findings of this year's report read against last year's."""
    findings: list[Finding] = []
    if last.year is not None and this.year is not None and this.year != last.year + 1:
        findings.append(
            finding(
                "R5",
                "年度",
                f"应与上一年度报告比较：本年为 {this.year} 年度，比较的是 {last.year} 年度",
                expected=str(this.year - 1),
                found=str(last.year),
            )
        )
        return findings
    findings += _r5(last, this)
    findings += _s3(last, this)
    findings += _s4(last, this)
    findings += same_text(last, this)
    return findings


def _number(report: Report, key: CellKey):
    try:
        return report.number(key) or 0
    except ValueError:
        return None


def _left_out(section: str, *reports: Report) -> bool:
    """Whether a report leaves the section out, so nothing can be compared there."""
    return any(section in r.omitted for r in reports)


def _r5(last: Report, this: Report) -> list[Finding]:
    if _left_out("三", last, this):
        return []
    out = []
    # Table 三's columns are the same in both editions, so R5 holds across the 2020→2021 change.
    for col in this.edition.table3_columns:
        carried_in = this.edition.t3(CARRIED_IN, col)
        carried_forward = last.edition.t3(CARRIED_FORWARD, col)
        now, before = _number(this, carried_in), _number(last, carried_forward)
        if now is None or before is None or now == before:
            continue
        out.append(
            finding(
                "R5",
                this.edition.cell_name(carried_in),
                f"上年报告“四、结转下年度继续办理”为 {before}，本年“二、上年结转”为 {now}",
                cells=(carried_in,),
                expected=str(before),
                found=str(now),
            )
        )
    return out


def _s3(last: Report, this: Report) -> list[Finding]:
    """2021 edition: last year's 现行有效 + 本年制发 − 本年废止 should give this year's 现行有效."""
    if last.edition.key != "2021" or this.edition.key != "2021" or _left_out("二", last, this):
        return []
    block = this.edition.table2[0]
    issued, repealed, current = block.columns
    out = []
    for row in block.rows:

        def key(col, row=row):
            return CellKey("二", block.heading, row.label, col.label)

        values = [_number(last, key(current)), *(_number(this, key(c)) for c in block.columns)]
        if None in values:
            continue
        before, n_issued, n_repealed, now = values
        expected = before + n_issued - n_repealed
        if expected != now:
            out.append(
                finding(
                    "S3",
                    this.edition.cell_name(key(current)),
                    f"上年现行有效 {before} + 本年制发 {n_issued} − 本年废止 {n_repealed} = "
                    f"{expected}，表中为 {now}（清理文件时可能不一致）",
                    cells=(key(issued), key(repealed), key(current)),
                    expected=str(expected),
                    found=str(now),
                )
            )
    return out


def _s4(last: Report, this: Report) -> list[Finding]:
    """2019 edition: 上一年项目数量 = last year's 上一年项目数量 + last year's 本年增/减."""
    if last.edition.key != "2019" or this.edition.key != "2019" or _left_out("二", last, this):
        return []
    out = []
    for block in this.edition.table2:
        labels = [c.label for c in block.columns]
        if "上一年项目数量" not in labels or "本年增/减" not in labels:
            continue
        for row in block.rows:
            count = CellKey("二", block.heading, row.label, "上一年项目数量")
            change = CellKey("二", block.heading, row.label, "本年增/减")
            values = [_number(last, count), _number(last, change), _number(this, count)]
            if None in values:
                continue
            before, delta, now = values
            if before + delta != now:
                out.append(
                    finding(
                        "S4",
                        this.edition.cell_name(count),
                        f"上年 {before} {'+' if delta >= 0 else '−'} {abs(delta)} = "
                        f"{before + delta}，表中为 {now}",
                        cells=(count,),
                        expected=str(before + delta),
                        found=str(now),
                    )
                )
    return out


def same_text(last: Report, this: Report) -> list[Finding]:
    out = []
    for number in NARRATIVE_SECTIONS:
        a, b = squeeze(last.sections[number]), squeeze(this.sections[number])
        if min(len(a), len(b)) < SAME_TEXT_MIN_CHARS:
            continue
        ratio = SequenceMatcher(None, a, b, autojunk=False).ratio()
        if ratio >= SAME_TEXT_RATIO:
            out.append(
                finding(
                    "S5",
                    f"{number}、{SECTION_TITLES[number]}",
                    f"与上年报告内容雷同（相似度 {ratio:.0%}）；"
                    "2021 年版格式要求追究“内容雷同、敷衍塞责”",
                    expected=f"< {SAME_TEXT_RATIO:.0%}",
                    found=f"{ratio:.0%}",
                )
            )
    return out
