"""S1: the numbers the narrative states ("共受理申请 3119 件") against the tables.

Only phrasings that name one cell unambiguously are read; a number the narrative states in some
other way is not guessed at. Each pattern captures the number; the cells are added up.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .editions import CARRIED_FORWARD, CARRIED_IN, NEW, RESULTS_TOTAL, TABLE4_STREAMS, CellKey, Row
from .findings import Finding, finding
from .model import Report

_N = r"(\d[\d,]*)\s*"
_STOP = r"[^。；，,;（(]"

# (pattern, the table-三 row whose 总计 the number it captures should equal)
_TABLE3_PATTERNS: tuple[tuple[str, Row], ...] = (
    (rf"(?:收到|受理|新收|接收){_STOP}{{0,16}}?申请{_STOP}{{0,3}}?{_N}件", NEW),
    (rf"(?:已?答复|办结){_STOP}{{0,6}}?{_N}件", RESULTS_TOTAL),
    (rf"上一?年度?结转{_STOP}{{0,8}}?{_N}件", CARRIED_IN),
    (rf"{_N}件{_STOP}{{0,6}}?(?:结转|顺延)(?:到|至)?下一?年", CARRIED_FORWARD),
    (rf"结转(?:到|至)?下一?年度?{_STOP}{{0,8}}?{_N}件", CARRIED_FORWARD),
)
# (pattern, the table-四 streams whose 总计 cells add up to the number it captures)
_TABLE4_PATTERNS = (
    (rf"行政复议(?:案件)?(?:共)?\s*{_N}(?:件|起|宗)", (0,)),
    (rf"行政诉讼(?:案件)?(?:共)?\s*{_N}(?:件|起|宗)", (1, 2)),
)


def stated_numbers(report: Report) -> list[tuple[str, int, tuple[CellKey, ...]]]:
    """Each (quoted phrase, number, cells whose sum it should equal) found in the narrative."""
    e = report.edition
    total = e.table3_columns[-1]
    text = "\n".join(report.sections.values())
    found = []
    for pattern, row in _TABLE3_PATTERNS:
        for m in re.finditer(pattern, text):
            found.append((m.group(0), _int(m.group(1)), (e.t3(row, total),)))
    for pattern, streams in _TABLE4_PATTERNS:
        for m in re.finditer(pattern, text):
            keys = tuple(CellKey("四", "", "", TABLE4_STREAMS[s][-1].label) for s in streams)
            found.append((m.group(0), _int(m.group(1)), keys))
    return found


def narrative_findings(
    report: Report, numbers: dict[CellKey, int | Decimal | None]
) -> list[Finding]:
    out = []
    for phrase, stated, keys in stated_numbers(report):
        if any(k not in numbers for k in keys):
            continue  # an unreadable cell; R6 already says so
        table = sum(numbers[k] or 0 for k in keys)
        if table != stated:
            names = "+".join(report.edition.cell_name(k) for k in keys)
            out.append(
                finding(
                    "S1",
                    names,
                    f"正文写“{phrase.strip()}”，表中为 {table}",
                    cells=keys,
                    expected=str(table),
                    found=str(stated),
                )
            )
    return out


def _int(text: str) -> int:
    return int(text.replace(",", ""))
