"""信息处理费 under 条例 Art. 42 and 国办函〔2020〕109号《政府信息公开信息处理费管理办法》.

109号 第三条: a fee is charged either 按件 (by count, 第四条) or 按量 (by volume, 第五条), both
"按照超额累进方式计算" (progressively, each unit at the rate of the band it falls in). The
agency picks ONE basis per application and "不得同时按照两种标准重复计算": nothing here ever
adds the two; ``fee_calculate`` takes exactly one basis.

The bands are declared once, below, as data with their article; the text of every
calculation is generated from the same data, so what the applicant reads in the 收费通知 is
what was computed. Amounts are whole 元: every rate in 109号 is a whole number of 元.
Pure Python on purpose: views, the notice templates and the annual report all use it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

__all__ = [
    "BY_COUNT",
    "BY_COUNT_SCHEDULE",
    "BY_VOLUME",
    "BY_VOLUME_SCHEDULE",
    "Band",
    "Escalation",
    "FeeCalculation",
    "FeeError",
    "FeeLine",
    "RULES",
    "RULES_NUMBER",
    "RULES_TITLE",
    "Schedule",
    "fee_by_count",
    "fee_by_volume",
    "fee_calculate",
    "unit_rate",
]

BY_COUNT = "by_count"
BY_VOLUME = "by_volume"

# The document the schedules rest on, named once: its number, its title, and as a notice cites it.
RULES_NUMBER = "国办函〔2020〕109号"
RULES_TITLE = "《政府信息公开信息处理费管理办法》"
RULES = f"{RULES_TITLE}（{RULES_NUMBER}）"


class FeeError(ValueError):
    """A fee cannot be calculated from these inputs; the message is Chinese, for the user."""


@dataclass(frozen=True)
class Band:
    """Units ``first``–``last`` (1-based, inclusive; ``last`` None = open-ended) at ``rate`` 元."""

    first: int
    last: int | None
    rate: int


@dataclass(frozen=True)
class Escalation:
    """Open-ended banding after the declared bands: bands of ``width`` units, each one's
    rate ``increase`` 元 above the previous band's."""

    width: int
    increase: int


@dataclass(frozen=True)
class Schedule:
    basis: str
    name: str
    article: str  # the article of the rules (RULES_NUMBER) that sets these bands: 第四条
    unit: str
    bands: tuple[Band, ...]
    escalation: Escalation | None = None
    # Said in the calculation text whenever a unit falls in an escalated band.
    escalation_note: str = ""

    @property
    def legal_basis(self) -> str:
        """The article with its document: 国办函〔2020〕109号第四条."""
        return f"{RULES_NUMBER}{self.article}"


BY_COUNT_SCHEDULE = Schedule(
    basis=BY_COUNT,
    name="按件计收",
    article="第四条",
    unit="件",
    # 第四条: per applicant, cumulative over one calendar month (同一申请人一个自然月内累计).
    bands=(Band(1, 10, 0), Band(11, 30, 100)),
    # 第四条 on 31 件以上: "以10件为一档，每增加一档，收费标准提高100元/件". Read here as
    # 31–40 → 200, 41–50 → 300, … 元/件. DOMAIN.md §2.1 marks this band arithmetic [U]
    # (an interpretation, not verified against an official worked example), so every
    # calculation that uses it says so in its text.
    escalation=Escalation(width=10, increase=100),
    escalation_note=(
        "31 件以上按“以 10 件为一档，每增加一档，收费标准提高 100 元/件”理解为 "
        "31—40 件 200 元/件、41—50 件 300 元/件，依此类推；此分档读法尚待核实"
    ),
)

BY_VOLUME_SCHEDULE = Schedule(
    basis=BY_VOLUME,
    name="按量计收",
    article="第五条",
    unit="页",
    # 第五条: per application, pages of 纸质件、电子邮件、复制电子数据.
    bands=(Band(1, 30, 0), Band(31, 100, 10), Band(101, 200, 20), Band(201, None, 40)),
)

_SCHEDULES = {schedule.basis: schedule for schedule in (BY_COUNT_SCHEDULE, BY_VOLUME_SCHEDULE)}


@dataclass(frozen=True)
class FeeLine:
    """The part of the quantity that falls in one band."""

    band: str
    units: int
    rate: int
    amount: int


@dataclass(frozen=True)
class FeeCalculation:
    basis: str
    quantity: int
    lines: tuple[FeeLine, ...]
    total: int
    text: str
    # 按件 only: the applicant's items earlier in the same calendar month (0 for 按量).
    earlier_this_month: int = 0


def _band_label(band: Band, unit: str) -> str:
    if band.last is None:
        return f"{band.first} {unit}以上"
    if band.first == 1:
        return f"{band.last} {unit}以下"
    return f"{band.first}—{band.last} {unit}"


def _bands_from(schedule: Schedule, unit_number: int) -> Iterator[tuple[Band, bool]]:
    """The bands from the one holding ``unit_number`` on, each with whether it is escalated."""
    for band in schedule.bands:
        if band.last is None or band.last >= unit_number:
            yield band, False
    if schedule.escalation is None:
        return
    last = schedule.bands[-1]
    assert last.last is not None, "an escalation follows a bounded band"
    width, increase = schedule.escalation.width, schedule.escalation.increase
    # Skip straight to the escalated band holding unit_number; a huge count stays cheap.
    step = max(0, (unit_number - last.last - 1) // width)
    while True:
        first = last.last + 1 + step * width
        yield Band(first, first + width - 1, last.rate + (step + 1) * increase), True
        step += 1


def unit_rate(basis: str, unit_number: int) -> int:
    """The rate in 元 of the ``unit_number``-th unit (件 of the month, or 页 of the application)."""
    schedule = _schedule(basis)
    band, _ = next(_bands_from(schedule, _positive(unit_number, "序号")))
    return band.rate


def _calculate(schedule: Schedule, first_unit: int, last_unit: int) -> tuple[list[FeeLine], bool]:
    lines: list[FeeLine] = []
    escalated_used = False
    for band, escalated in _bands_from(schedule, first_unit):
        if band.first > last_unit:
            break
        low = max(first_unit, band.first)
        high = last_unit if band.last is None else min(last_unit, band.last)
        units = high - low + 1
        lines.append(FeeLine(_band_label(band, schedule.unit), units, band.rate, units * band.rate))
        escalated_used = escalated_used or escalated
    return lines, escalated_used


def _line_text(line: FeeLine, unit: str) -> str:
    if line.rate == 0:
        return f"{line.band}不收费"
    return f"{line.band} {line.units} {unit} × {line.rate} 元 = {line.amount} 元"


def _result(
    schedule: Schedule,
    quantity: int,
    first_unit: int,
    preamble: str,
) -> FeeCalculation:
    lines, escalated_used = _calculate(schedule, first_unit, first_unit + quantity - 1)
    total = sum(line.amount for line in lines)
    parts = [preamble] if preamble else []
    parts += [_line_text(line, schedule.unit) for line in lines]
    parts.append(f"合计 {total} 元")
    text = f"{schedule.name}（{schedule.legal_basis}）：" + "；".join(parts)
    if escalated_used:
        text += f"（{schedule.escalation_note}）"
    return FeeCalculation(
        basis=schedule.basis,
        quantity=quantity,
        lines=tuple(lines),
        total=total,
        text=text,
        earlier_this_month=first_unit - 1,
    )


def _whole(value: object, what: str) -> int:
    # bool is an int subclass; True pages is a caller's bug, not 1 page.
    if isinstance(value, bool) or not isinstance(value, int):
        raise FeeError(f"{what}应为整数，实际为 {value!r}")
    return value


def _positive(value: object, what: str) -> int:
    number = _whole(value, what)
    if number < 1:
        raise FeeError(f"{what}应为正整数，实际为 {number}")
    return number


def basis_choices() -> list[tuple[str, str]]:
    """(basis, its name) for a form's choice: the schedules are the one home of both."""
    return [(schedule.basis, schedule.name) for schedule in _SCHEDULES.values()]


def _schedule(basis: str) -> Schedule:
    try:
        return _SCHEDULES[basis]
    except (KeyError, TypeError):
        raise FeeError(
            f"未知的计收方式“{basis}”：应为 {BY_COUNT}（按件计收）或 {BY_VOLUME}（按量计收）；"
            "按件/按量 只能择一，不得同时按两种标准计算"
        ) from None


def fee_by_volume(pages: int) -> FeeCalculation:
    """按量计收 (109号 第五条) for one application of ``pages`` pages."""
    pages = _positive(pages, "页数")
    return _result(BY_VOLUME_SCHEDULE, pages, 1, "")


def fee_by_count(earlier_this_month: int, this_application: int = 1) -> FeeCalculation:
    """按件计收 (109号 第四条) for one application of ``this_application`` items.

    The items are numbered after the ``earlier_this_month`` items the same applicant made in
    the same calendar month (after 一事一申请 splitting) and each is charged at the rate of
    its number's band: with 8 earlier, an application of 5 is items 9–13, two free and three
    at 100 元.
    """
    earlier = _whole(earlier_this_month, "本自然月此前累计件数")
    if earlier < 0:
        raise FeeError(f"本自然月此前累计件数不能为负数，实际为 {earlier}")
    count = _positive(this_application, "本次申请件数")
    first, last = earlier + 1, earlier + count
    numbered = f"第 {first} 件" if count == 1 else f"第 {first}—{last} 件"
    preamble = f"同一申请人本自然月此前累计 {earlier} 件，本次 {count} 件计为{numbered}"
    return _result(BY_COUNT_SCHEDULE, count, first, preamble)


def fee_calculate(*, basis: str, quantity: int, earlier_this_month: int = 0) -> FeeCalculation:
    """The fee for one application on one basis, ``BY_COUNT`` or ``BY_VOLUME``.

    109号 第三条: 按件 and 按量 are alternatives and never both charged for one application —
    hence one ``basis`` per call and no way to ask for both. ``earlier_this_month`` (the
    applicant's earlier items this calendar month) only means something 按件; given with 按量
    it is refused rather than ignored, since it signals a mixed-up basis.
    """
    schedule = _schedule(basis)
    if schedule is BY_COUNT_SCHEDULE:
        return fee_by_count(earlier_this_month, quantity)
    if _whole(earlier_this_month, "本自然月此前累计件数") != 0:
        raise FeeError("按量计收按每次申请的页数计算，不按自然月累计；此前累计件数只用于按件计收")
    return fee_by_volume(quantity)
