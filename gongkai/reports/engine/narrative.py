"""S1: the numbers the narrative states ("共受理申请 3119 件") against the tables.

Only phrasings that name one cell unambiguously are read; a number the narrative states in some
other way is not guessed at. Each pattern captures the number; the cells are added up. A finding
quotes the whole sentence the number stands in, so a reader finds it in the report.

The phrasings are those agencies write (DOMAIN.md §3): "共收到政府信息公开申请17件", "受理各类申请
共计 95 件", "办结政府信息公开申请93件", "被申请行政复议2件", "提起行政诉讼1起", small numbers in
Chinese ("行政复议两件"), and "未发生……行政复议、行政诉讼的情况" for none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .editions import CARRIED_FORWARD, CARRIED_IN, NEW, RESULTS_TOTAL, TABLE4_STREAMS, CellKey, Row
from .findings import Finding, finding
from .model import Report

_N = r"(\d[\d,]*|[零〇一二两三四五六七八九十百千]+)\s*"
_UNIT = r"(?:件|起|宗)"
_TOTAL_WORDS = r"(?:共|共计|合计|总计|累计)?(?:为)?\s*"


def _gap(most: int, *words: str) -> str:
    """Up to `most` characters within one clause, none a digit, none starting one of `words`
    (so that "收到行政复议申请2件" is not read as applications for information)."""
    refuse = "".join(f"(?!{w})" for w in words)
    return rf"(?:{refuse}[^。！？；;，,、（()\d]){{0,{most}}}?"


_APPLICATIONS = ("复议", "诉讼", "结转")
# (pattern, the table-三 rows whose 总计 the number may equal: any one of the alternatives)
_TABLE3_PATTERNS: tuple[tuple[str, tuple[tuple[Row, ...], ...]], ...] = (
    (
        rf"(?:收到|受理|新收|接收|接到){_gap(16, *_APPLICATIONS)}申请(?:数量)?{_TOTAL_WORDS}{_N}件",
        # "受理…申请 N 件" is the new ones; some agencies count last year's open ones in.
        ((NEW,), (NEW, CARRIED_IN)),
    ),
    (
        rf"(?:办结|答复|办理完毕|处理完毕){_gap(16, *_APPLICATIONS)}{_TOTAL_WORDS}{_N}件",
        ((RESULTS_TOTAL,),),
    ),
    (rf"上一?年度?结转{_gap(10)}{_TOTAL_WORDS}{_N}件", ((CARRIED_IN,),)),
    (rf"{_N}件{_gap(6)}(?:结转|顺延)(?:到|至)?下一?年", ((CARRIED_FORWARD,),)),
    (rf"结转(?:到|至)?下一?年度?{_gap(8)}{_TOTAL_WORDS}{_N}件", ((CARRIED_FORWARD,),)),
)
# (pattern, the table-四 streams whose 总计 cells add up to the number it captures)
_REVIEW, _LITIGATION = (0,), (1, 2)
# A number after an outcome ("行政诉讼中被纠正2件") counts that outcome, not the cases.
_OUTCOMES = ("中", "纠", "维持", "败诉", "撤销", "尚未", "审结", "结果")
_TABLE4_PATTERNS: tuple[tuple[str, tuple[int, ...]], ...] = (
    (rf"行政复议{_gap(6, '诉讼', *_OUTCOMES)}{_TOTAL_WORDS}{_N}{_UNIT}", _REVIEW),
    (rf"行政诉讼{_gap(6, '复议', *_OUTCOMES)}{_TOTAL_WORDS}{_N}{_UNIT}", _LITIGATION),
)
# "未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况": none of either. A clause about
# one outcome ("未发生行政复议纠错案件") says nothing of the total, so it is left alone.
_NONE = r"(?:未发生|没有发生|未出现|未收到|没有收到|未被)"
_OUTCOME_WORDS = re.compile(r"纠错|纠正|败诉|维持|撤销")
_TABLE4_NONE: tuple[tuple[str, tuple[int, ...]], ...] = (
    (rf"{_NONE}[^。！？；;，,\d]{{0,24}}?行政复议[^。！？；;，,\d]{{0,20}}", _REVIEW),
    (rf"{_NONE}[^。！？；;，,\d]{{0,34}}?行政诉讼[^。！？；;，,\d]{{0,10}}", _LITIGATION),
)
_SENTENCE_END = "。！？；;\n"


@dataclass(frozen=True)
class Statement:
    """A number the narrative states, where, and the cells whose sum it should equal."""

    phrase: str  # the words that state it, e.g. 共收到政府信息公开申请17件
    sentence: str  # the whole sentence, quoted in a finding
    number: int
    alternatives: tuple[tuple[CellKey, ...], ...]  # it agrees with the tables if any one sums to it


def stated_numbers(report: Report) -> list[tuple[str, int, tuple[CellKey, ...]]]:
    """Each (quoted phrase, number, cells whose sum it should equal) found in the narrative."""
    return [(s.phrase, s.number, s.alternatives[0]) for s in statements(report)]


def statements(report: Report) -> list[Statement]:
    """Every number the narrative states that the tables also hold, in the order of the text."""
    e = report.edition
    total = e.table3_columns[-1]
    text = "\n".join(report.sections[number] for number in sorted(report.sections))
    found: list[tuple[int, Statement]] = []
    for pattern, alternatives in _TABLE3_PATTERNS:
        keys = tuple(tuple(e.t3(row, total) for row in rows) for rows in alternatives)
        for m in re.finditer(pattern, text):
            found.append((m.start(), _statement(text, m, _number(m.group(1)), keys)))
    for pattern, streams in _TABLE4_PATTERNS:
        for m in re.finditer(pattern, text):
            found.append((m.start(), _statement(text, m, _number(m.group(1)), (_t4(streams),))))
    for pattern, streams in _TABLE4_NONE:
        for m in re.finditer(pattern, text):
            if not _OUTCOME_WORDS.search(m.group(0)):
                found.append((m.start(), _statement(text, m, 0, (_t4(streams),))))
    return [s for _, s in sorted(found, key=lambda pair: pair[0]) if s.number >= 0]


def _t4(streams: tuple[int, ...]) -> tuple[CellKey, ...]:
    return tuple(CellKey("四", "", "", TABLE4_STREAMS[s][-1].label) for s in streams)


def _statement(text: str, m: re.Match, number: int, alternatives) -> Statement:
    return Statement(m.group(0).strip(), _sentence(text, m.start(), m.end()), number, alternatives)


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end], with its closing punctuation."""
    begin = max(text.rfind(ch, 0, start) for ch in _SENTENCE_END) + 1
    stops = [i for i in (text.find(ch, end) for ch in _SENTENCE_END) if i >= 0]
    finish = min(stops) + 1 if stops else len(text)
    return text[begin:finish].strip()


def narrative_findings(
    report: Report, numbers: dict[CellKey, int | Decimal | None]
) -> list[Finding]:
    out = []
    for said in statements(report):
        if any(k not in numbers for keys in said.alternatives for k in keys):
            continue  # an unreadable cell; R6 already says so
        sums = [sum(numbers[k] or 0 for k in keys) for keys in said.alternatives]
        if said.number in sums:
            continue
        keys = said.alternatives[0]
        names = "+".join(report.edition.cell_name(k) for k in keys)
        out.append(
            finding(
                "S1",
                names,
                f"正文写“{said.phrase}”，表中为 {sums[0]}；原句：“{said.sentence}”",
                cells=keys,
                expected=str(sums[0]),
                found=str(said.number),
                quote=said.sentence,
            )
        )
    return out


_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
_DIGITS |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def _number(text: str) -> int:
    """Arabic ("1,234") or Chinese ("十七", "两", "一百零五") numerals; -1 for a Chinese form
    that is not a number ("十十"), so that nothing is read from it."""
    if text[0].isdigit():
        return int(text.replace(",", ""))
    total, digit, last_unit = 0, None, 10_000
    for ch in text:
        if ch in "零〇" and total:
            continue  # 一百零五: the zero only marks the missing tens
        if ch in _DIGITS:
            if digit is not None:
                return -1  # two digits running: "一二" is no number
            digit = _DIGITS[ch]
        else:
            unit = _UNITS[ch]
            if unit >= last_unit:
                return -1
            total += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
    return total + (digit or 0)
