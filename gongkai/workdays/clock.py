"""Statutory deadlines derived from an application's clock events (条例 Art. 30–35).

Pure Python, no Django import. A deadline is never stored by hand: it is recomputed from the
events and the working-day calendar every time, so a corrected event or a newly loaded holiday
year changes it everywhere at once. The points of law that are not settled (whether the receipt
day counts, whether a fee notice pauses the clock) are fields of ``Convention``, not guesses.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from gongkai.workdays.calendar import WorkCalendar
from gongkai.workdays.counting import excluded_ranges, merge_ranges, walk

ONE_DAY = timedelta(days=1)

RECEIVED = "received"
CORRECTION_REQUESTED = "correction_requested"
CORRECTION_RECEIVED = "correction_received"
CONSULTATION_STARTED = "consultation_started"
CONSULTATION_ENDED = "consultation_ended"
EXTENSION_APPROVED = "extension_approved"
FEE_NOTICE_SENT = "fee_notice_sent"
FEE_PAID = "fee_paid"
CUSTOM_DEADLINE = "custom_deadline"

# The order doubles as the order of events on the same day: a correction requested and received
# on one day ends the wait, a consultation opened and closed on one day pauses nothing.
KIND_LABELS: dict[str, str] = {
    RECEIVED: "收到申请",
    CORRECTION_REQUESTED: "告知补正",
    CORRECTION_RECEIVED: "收到补正",
    CONSULTATION_STARTED: "征求意见开始",
    CONSULTATION_ENDED: "征求意见结束",
    FEE_NOTICE_SENT: "发出收费通知",
    FEE_PAID: "缴纳信息处理费",
    EXTENSION_APPROVED: "批准延期答复",
    CUSTOM_DEADLINE: "另行确定答复期限",
}
KINDS = tuple(KIND_LABELS)
_KIND_ORDER = {kind: position for position, kind in enumerate(KINDS)}

# Art. 32 and 34: a consulted third party or agency has 15 working days to answer.
CONSULTATION_ANSWER_DAYS = 15


class ClockError(ValueError):
    """Events that cannot describe a lawful clock; the message (Chinese) is for the user."""


@dataclass(frozen=True)
class ClockEvent:
    kind: str
    on: date
    days: int | None = None
    until: date | None = None
    reason: str = ""


@dataclass(frozen=True)
class Convention:
    """How the open points of Art. 33 and 国办函〔2020〕109号 are read (DOMAIN.md §2.1–2.2)."""

    # False: the day of receipt is day 0, the deadline is the 20th working day after it.
    count_receipt_day: bool = False
    reply_days: int = 20
    correction_notice_days: int = 7
    max_extension_days: int = 20
    # [U] whether fee notice → payment is excluded; False gives the earlier, stricter deadline.
    fee_pauses_clock: bool = False
    fee_payment_days: int = 20
    # Art. 26: proactive information within 20 working days of its forming or change; the day
    # itself counts as the receipt day does for Art. 33 (the same words, "自…之日起").
    publication_days: int = 20


DEFAULT_CONVENTION = Convention()


@dataclass(frozen=True)
class Deadline:
    """A computed deadline; ``due`` is None while the clock waits for the applicant or others.

    ``base`` is the day the clock runs from (receipt, or receipt of the correction); ``paused``
    lists the excluded days as inclusive (first, last) ranges.
    """

    due: date | None
    provisional: bool
    explanation: str
    base: date | None = None
    paused: tuple[tuple[date, date], ...] = ()


def _ordered(events: Iterable[ClockEvent]) -> list[ClockEvent]:
    events = list(events)
    for event in events:
        if event.kind not in _KIND_ORDER:
            raise ClockError(f"未知的时钟事件类型：{event.kind!r}")
    return sorted(events, key=lambda e: (e.on, _KIND_ORDER[e.kind]))


def _received(events: Sequence[ClockEvent]) -> date:
    received = [e.on for e in events if e.kind == RECEIVED]
    if not received:
        raise ClockError("缺少“收到申请”事件，无法计算答复期限")
    if len(received) > 1:
        dates = "、".join(d.isoformat() for d in received)
        raise ClockError(f"“收到申请”只能有一次，实有 {len(received)} 次（{dates}）")
    for event in events:
        if event.on < received[0]:
            raise ClockError(
                f"“{KIND_LABELS[event.kind]}”的日期 {event.on.isoformat()} "
                f"早于收到申请日期 {received[0].isoformat()}"
            )
    return received[0]


def _extension(events: Sequence[ClockEvent], convention: Convention) -> ClockEvent | None:
    extensions = [e for e in events if e.kind == EXTENSION_APPROVED]
    if not extensions:
        return None
    if len(extensions) > 1:
        raise ClockError(
            "答复期限只能延长一次（条例第三十三条）："
            f"已于 {extensions[0].on.isoformat()} 批准延期，"
            f"{extensions[1].on.isoformat()} 不能再次延期"
        )
    days = extension_days(extensions[0], convention)
    if days < 1:
        raise ClockError(f"延长的期限应至少为 1 个工作日，实为 {days} 个")
    if days > convention.max_extension_days:
        raise ClockError(
            f"延长的期限最长不得超过 {convention.max_extension_days} 个工作日（条例第三十三条），"
            f"实为 {days} 个"
        )
    return extensions[0]


def extension_days(event: ClockEvent, convention: Convention = DEFAULT_CONVENTION) -> int:
    """The working days an extension adds; an extension without a number takes the maximum."""
    return convention.max_extension_days if event.days is None else event.days


def _custom(events: Sequence[ClockEvent], received: date) -> ClockEvent | None:
    customs = [e for e in events if e.kind == CUSTOM_DEADLINE]
    for event in customs:
        if event.until is None:
            raise ClockError(f"{event.on.isoformat()} 另行确定的答复期限缺少截止日期")
        if not event.reason.strip():
            raise ClockError(
                f"{event.on.isoformat()} 另行确定答复期限（条例第三十五条）必须写明理由"
            )
        if event.until < received:
            raise ClockError(
                f"另行确定的答复期限 {event.until.isoformat()} 早于收到申请日期 "
                f"{received.isoformat()}"
            )
    # The agency may set a new date more than once; the latest decision stands.
    return customs[-1] if customs else None


def _pauses(
    events: Sequence[ClockEvent], start_kind: str, end_kind: str, label: str
) -> tuple[list[tuple[date, date]], date | None]:
    """Closed (start, end) pairs and the start of a pause still open.

    Starts nest: several third parties may be consulted at once, and the clock runs again only
    when the last of them has answered.
    """
    closed: list[tuple[date, date]] = []
    depth = 0
    since: date | None = None
    for event in events:
        if event.kind == start_kind:
            if depth == 0:
                since = event.on
            depth += 1
        elif event.kind == end_kind:
            if depth == 0 or since is None:
                raise ClockError(f"{label}于 {event.on.isoformat()} 结束，但此前没有对应的开始")
            depth -= 1
            if depth == 0:
                closed.append((since, event.on))
    return closed, since if depth else None


def provisional_note(years: Sequence[int]) -> str:
    """The note a deadline carries while a year it runs through has no holiday schedule."""
    return f"（{'、'.join(str(y) for y in years)} 年节假日未载入，暂按周末计算）"


def _start_phrase(days: int, base: date, what: str, convention: Convention) -> str:
    counted = "当日计入" if convention.count_receipt_day else "当日不计入"
    return f"{days} 个工作日，自 {base.isoformat()} 起算（{what}，{counted}）"


def reply_deadline(
    events: Iterable[ClockEvent],
    calendar: WorkCalendar,
    convention: Convention = DEFAULT_CONVENTION,
    *,
    today: date | None = None,
) -> Deadline:
    """The Art. 33 reply deadline for an application's events.

    ``today`` only adds a hint to a pending consultation once its 15-day answer period is over.
    """
    ordered = _ordered(events)
    received = _received(ordered)
    extension = _extension(ordered, convention)
    custom = _custom(ordered, received)

    base, what, waiting_since = received, "收到申请之日", None
    for event in ordered:
        if event.kind == CORRECTION_REQUESTED:
            waiting_since = event.on
        elif event.kind == CORRECTION_RECEIVED:
            # Art. 30: the clock runs anew from the receipt of the corrected application.
            base, what, waiting_since = event.on, "收到补正之日", None

    if custom is not None and custom.until is not None:
        return Deadline(
            due=custom.until,
            provisional=False,
            explanation=(
                f"按条例第三十五条另行确定答复期限为 {custom.until.isoformat()}"
                f"（{custom.on.isoformat()} 决定）；理由：{custom.reason.strip()}"
            ),
            base=base,
        )
    if waiting_since is not None:
        return Deadline(
            due=None,
            provisional=False,
            explanation=(
                f"等待申请人补正（{waiting_since.isoformat()} 告知补正）；"
                f"收到补正后重新起算 {convention.reply_days} 个工作日"
            ),
        )

    consultations, consulting_since = _pauses(
        ordered, CONSULTATION_STARTED, CONSULTATION_ENDED, "征求意见"
    )
    fees: list[tuple[date, date]] = []
    unpaid_since = None
    if convention.fee_pauses_clock:
        fees, unpaid_since = _fee_pauses(ordered)
    open_since = min((d for d in (consulting_since, unpaid_since) if d), default=None)

    anchor = base - ONE_DAY if convention.count_receipt_day else base
    extra = extension_days(extension, convention) if extension else 0
    walked = walk(anchor, convention.reply_days, extra, calendar, consultations + fees, open_since)
    if walked is None:
        return _waiting(consulting_since, unpaid_since, calendar, today, base)

    parts = [_start_phrase(convention.reply_days, base, what, convention)]
    for first, last in excluded_ranges(consultations, anchor, walked.due):
        parts.append(f"征求意见 {first.isoformat()} 至 {last.isoformat()} 不计入")
    for first, last in excluded_ranges(fees, anchor, walked.due):
        parts.append(f"收费通知至缴费 {first.isoformat()} 至 {last.isoformat()} 不计入")
    if extension is not None:
        parts.append(f"延期 {extra} 个工作日（{extension.on.isoformat()} 批准）")
        if extension.on > walked.statutory_due:
            parts.append(
                f"注意：延期批准日 {extension.on.isoformat()} 晚于原答复期限 "
                f"{walked.statutory_due.isoformat()}"
            )
    explanation = "；".join(parts)
    if walked.missing_years:
        explanation += provisional_note(walked.missing_years)
    paused = merge_ranges(excluded_ranges(consultations + fees, anchor, walked.due))
    return Deadline(
        due=walked.due,
        provisional=bool(walked.missing_years),
        explanation=explanation,
        base=base,
        paused=paused,
    )


def _fee_pauses(events: Sequence[ClockEvent]) -> tuple[list[tuple[date, date]], date | None]:
    """Fee notice → payment; a repeated notice while unpaid does not restart the pause."""
    closed: list[tuple[date, date]] = []
    since: date | None = None
    for event in events:
        if event.kind == FEE_NOTICE_SENT and since is None:
            since = event.on
        elif event.kind == FEE_PAID:
            if since is None:
                raise ClockError(f"{event.on.isoformat()} 缴纳信息处理费，但此前没有发出收费通知")
            closed.append((since, event.on))
            since = None
    return closed, since


def _waiting(
    consulting_since: date | None,
    unpaid_since: date | None,
    calendar: WorkCalendar,
    today: date | None,
    base: date,
) -> Deadline:
    parts = []
    if consulting_since is not None:
        text = f"等待第三方或其他机关意见（自 {consulting_since.isoformat()} 起征求意见）"
        answer_by = calendar.add_workdays(consulting_since, CONSULTATION_ANSWER_DAYS)
        if today is not None and today > answer_by:
            # Art. 32/34: silence after 15 working days (from the party's receipt of the letter,
            # which the clock does not see) lets the agency decide on its own.
            text += (
                f"，按发出日估算 {CONSULTATION_ANSWER_DAYS} 个工作日的答复期已于 "
                f"{answer_by.isoformat()} 届满（以对方收到征求意见书之日起算为准）"
            )
        parts.append(text)
    if unpaid_since is not None:
        parts.append(f"等待申请人缴纳信息处理费（{unpaid_since.isoformat()} 发出收费通知）")
    parts.append("期间不计入答复期限")
    return Deadline(due=None, provisional=False, explanation="；".join(parts), base=base)


def _simple(
    start: date, days: int, count_start: bool, title: str, what: str, calendar: WorkCalendar
) -> Deadline:
    anchor = start - ONE_DAY if count_start else start
    walked = walk(anchor, days, 0, calendar, (), None)
    assert walked is not None  # no open pause was given
    counted = "当日计入" if count_start else "当日不计入"
    explanation = f"{title} {days} 个工作日，自 {start.isoformat()} 起算（{what}，{counted}）"
    if walked.missing_years:
        explanation += provisional_note(walked.missing_years)
    return Deadline(
        due=walked.due, provisional=bool(walked.missing_years), explanation=explanation, base=start
    )


def correction_notice_deadline(
    received: date, calendar: WorkCalendar, convention: Convention = DEFAULT_CONVENTION
) -> Deadline:
    """Art. 30: the one-time request for correction is due 7 working days after receipt."""
    return _simple(
        received,
        convention.correction_notice_days,
        convention.count_receipt_day,
        "补正告知期限",
        "收到申请之日",
        calendar,
    )


def fee_payment_deadline(
    notice_received: date, calendar: WorkCalendar, convention: Convention = DEFAULT_CONVENTION
) -> Deadline:
    """The applicant pays within 20 working days, counted from the day after they received the
    notice ("自收到收费通知次日起", DOMAIN.md §2.2)."""
    return _simple(
        notice_received,
        convention.fee_payment_days,
        False,
        "缴费期限",
        "申请人收到收费通知之日",
        calendar,
    )


def publication_deadline(
    formed: date, calendar: WorkCalendar, convention: Convention = DEFAULT_CONVENTION
) -> Deadline:
    """Art. 26: proactive information is published within 20 working days of the day it was
    formed or changed."""
    return _simple(
        formed,
        convention.publication_days,
        convention.count_receipt_day,
        "主动公开期限",
        "信息形成或者变更之日",
        calendar,
    )
