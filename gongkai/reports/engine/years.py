"""One agency's reports over the years, compared: each year with the year before (compare.py:
R5, S3, S4, 内容雷同), and 内容雷同 between every other pair of years too — boiler-plate copied
from two years back is as much 敷衍塞责 as last year's."""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import combinations

from .compare import (
    compare,
    same_text,  # the one home of 内容雷同; compare() runs it on neighbours
)
from .findings import Finding
from .model import Report


@dataclass(frozen=True)
class Pair:
    last: int  # indexes into the reports as given (sorted by year)
    this: int
    consecutive: bool  # this.year == last.year + 1: every cross-year rule applies
    findings: tuple[Finding, ...]


def compare_years(reports: list[Report]) -> list[Pair]:
    """Every pair of years compared, earlier first.

    ``reports`` must be sorted by year, each with its year known, no year twice.
    """
    pairs: list[Pair] = []
    for i, j in combinations(range(len(reports)), 2):
        last, this = reports[i], reports[j]
        if this.year == last.year + 1:
            pairs.append(Pair(i, j, True, tuple(compare(last, this))))
            continue
        findings = tuple(_years_apart(f, last) for f in same_text(last, this))
        pairs.append(Pair(i, j, False, findings))
    return pairs


def _years_apart(finding: Finding, last: Report) -> Finding:
    # compare.py words 内容雷同 for neighbours ("与上年报告"); here the other year is named.
    message = finding.message.replace("与上年报告", f"与 {last.year} 年度报告", 1)
    return replace(finding, message=message)
