"""A handling history declared as data, and the workflow steps that carry it out.

A ``Case`` says what happened to one application in the terms the report counts — who applied
(the table 三 column), when it was received, when it was closed and on which outcome — plus the
events on the way (a correction, a consultation, an extension, an Art. 35 deadline, a fee, a
return for revision). ``plan`` turns it into the dated steps a clerk, head, leader and reviewer
would take; ``replay`` performs them through the services. The expected counts of a report can
then be taken from the cases alone, independently of what the services stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from gongkai.applications import outcomes
from gongkai.applications.models import Channel, State
from gongkai.workdays.calendar import WorkCalendar

# The states an open case may be left in when nothing else (a correction, a consultation, a fee
# notice) holds it; the reply chain stops right after the step that reaches the state. (A served
# reply answers the application: that is its closing day.)
STOPS = (
    State.SUBMITTED,
    State.REGISTERED,
    State.ASSIGNED,
    State.DRAFTED,
    State.HEAD_REVIEWED,
    State.LEADER_APPROVED,
    State.CLEARED,
)


@dataclass(frozen=True)
class Correction:
    """Art. 30: asked on ``requested`` to correct by ``until``; answered on ``answered``.

    Unanswered and the case closed: abandoned (（六）1) on the closing day, after ``until``.
    """

    requested: date
    until: date
    answered: date | None = None
    items: str = "请明确所需政府信息的名称、文号或者便于查询的特征性描述"


@dataclass(frozen=True)
class Consultation:
    """Art. 32/34: a third party (or another agency) asked on ``started``; answered on ``ended``."""

    started: date
    ended: date | None = None
    party: str = "相关第三方"
    kind: str = "third_party"  # or "agency" (Art. 34)


@dataclass(frozen=True)
class Fee:
    """109号: a fee notice on ``notice``; paid on ``paid``, or the case closes as （六）2 unpaid."""

    notice: date
    basis: str  # fees.BY_VOLUME or fees.BY_COUNT
    quantity: int
    paid: date | None = None
    # The applicant's receipt of the notice; the demo serves it electronically the same day
    # unless told otherwise, when the delivery is recorded on its own day.
    delivered: date | None = None


@dataclass(frozen=True)
class Extension:
    """Art. 33: approved once, at most 20 working days."""

    on: date
    days: int = 20
    reason: str = "所需信息涉及多个处室，需调阅档案核实"


@dataclass(frozen=True)
class CustomDeadline:
    """Art. 35: a reasonable later deadline, set with its reason."""

    on: date
    until: date
    reason: str = "申请数量明显超过合理范围，需逐件检索，另行确定合理答复期限"


@dataclass(frozen=True)
class Case:
    """One application's history, as declared (not as stored)."""

    key: str
    agency: str  # agency code
    column: str  # table 三 column key: natural_person, business, research, ...
    channel: str
    received: date | None  # Art. 31 receipt day; None: submitted online, not yet confirmed
    outcome: str | None = None  # when closed: the outcome key it is counted in
    closed: date | None = None
    submitted: date | None = None  # online: the submission day (defaults to ``received``)
    registered: date | None = None  # staff channels: the registration day (default ``received``)
    applicant: str = ""  # the same name → the same applicant (identity), e.g. for 按件 fees
    info: str = ""
    department: str = ""
    correction: Correction | None = None
    consultation: Consultation | None = None
    fee: Fee | None = None
    extension: Extension | None = None
    custom: CustomDeadline | None = None
    returned: bool = False  # the head returns the first draft for revision
    withdrawn: bool = False  # the applicant withdraws on ``closed`` (（六）3)
    stop: str = ""  # open cases: the state to leave it in (see STOPS)
    stop_on: date | None = None  # open cases: the day of the last step
    notes: tuple[str, ...] = field(default=())

    @property
    def is_open(self) -> bool:
        return self.closed is None

    def open_on(self, day: date) -> bool:
        """Received on or before ``day`` and not closed by then (carried over at a year end)."""
        if self.received is None or self.received > day:
            return False
        return self.closed is None or self.closed > day


@dataclass(frozen=True)
class Step:
    on: date
    action: str  # a workflow action, or "submit" / "register"
    role: str = ""  # who takes it: clerk, head, leader, reviewer (resolved per agency)
    data: dict[str, Any] = field(default_factory=dict)


def workday_on_or_after(calendar: WorkCalendar, day: date) -> date:
    return day if calendar.is_workday(day) else calendar.next_workday(day)


def workdays_before(calendar: WorkCalendar, day: date, n: int) -> date:
    """The n-th working day before ``day`` (``day`` itself not counted)."""
    while n:
        day -= timedelta(days=1)
        if calendar.is_workday(day):
            n -= 1
    return day


def _spread(calendar: WorkCalendar, start: date, end: date, count: int) -> list[date]:
    """``count`` ordered working days from after ``start`` up to ``end`` (repeats if few)."""
    span = max(calendar.workdays_between(start, end), 0)
    days = []
    for i in range(1, count + 1):
        n = round(i * span / (count + 1)) if count else 0
        days.append(min(calendar.add_workdays(start, n), end) if n else start)
    return days


def _reply_chain(case: Case) -> list[tuple[str, str, dict[str, Any]]]:
    """The reply's steps from drafting to archiving: (action, role, data)."""
    assert case.outcome is not None
    draft = (
        "draft",
        "clerk",
        {"outcome": case.outcome, "reply_text": f"关于“{case.info or case.key}”的答复"},
    )
    chain = [draft]
    if case.returned:
        chain += [("return", "head", {"reason": "答复依据引用不全，请补充后重新报审"}), draft]
    chain.append(("head_review", "head", {}))
    if outcomes.outcome(case.outcome).needs_leader:
        chain.append(("leader_approve", "leader", {}))
    chain += [("clear", "reviewer", {}), ("serve", "clerk", {}), ("close", "clerk", {})]
    return chain


_REACHES = {
    "draft": State.DRAFTED,
    "head_review": State.HEAD_REVIEWED,
    "leader_approve": State.LEADER_APPROVED,
    "clear": State.CLEARED,
    "serve": State.SERVED,
}


def plan(case: Case, calendar: WorkCalendar) -> list[Step]:
    """The dated steps that carry out a case, in order; ValueError if its dates cannot be."""
    steps = _intake(case, calendar)
    if case.received is not None and case.stop != State.REGISTERED:
        steps += _handling(case, calendar)
    _insert_dated(steps, case)
    for before, after in zip(steps, steps[1:], strict=False):
        if after.on < before.on:
            raise ValueError(f"{case.key}: {after.action} {after.on} 早于 {before.action}")
    return steps


def _intake(case: Case, calendar: WorkCalendar) -> list[Step]:
    if case.channel == Channel.ONLINE:
        steps = [Step(case.submitted or case.received, "submit")]
        if case.received is not None:
            steps.append(Step(case.received, "confirm_receipt", "clerk"))
        return steps
    return [Step(case.registered or case.received, "register", "clerk")]


def _handling(case: Case, calendar: WorkCalendar) -> list[Step]:
    steps: list[Step] = []
    start = case.received
    if c := case.correction:
        data = {"items": c.items, "until": c.until.isoformat()}
        steps.append(Step(c.requested, "request_correction", "clerk", data))
        if c.answered is None:
            if case.closed is not None:
                steps.append(Step(case.closed, "abandon", "clerk"))
            return steps
        steps.append(Step(c.answered, "receive_correction", "clerk"))
        start = c.answered
    end = case.closed or case.stop_on or start
    assign_on = min(calendar.next_workday(start), end)
    steps.append(Step(assign_on, "assign", "clerk", {"department": case.department}))
    if case.withdrawn:
        steps.append(Step(case.closed, "withdraw", "clerk", {"reason": "申请人书面撤回申请"}))
        return steps
    if k := case.consultation:
        steps.append(
            Step(k.started, "start_consultation", "clerk", {"party": k.party, "kind": k.kind})
        )
        if k.ended is None:
            return steps
        steps.append(Step(k.ended, "end_consultation", "clerk", {"result": "已收到书面意见"}))
    if f := case.fee:
        data = {"basis": f.basis, "quantity": f.quantity}
        if f.delivered is None:
            data["delivered_on"] = f.notice.isoformat()
        steps.append(Step(f.notice, "send_fee_notice", "clerk", data))
        if f.delivered is not None:
            delivery = {"delivered_on": f.delivered.isoformat()}
            steps.append(Step(f.delivered, "record_fee_delivery", "clerk", delivery))
        if f.paid is None:
            if case.closed is not None:
                steps.append(Step(case.closed, "expire_fee", "clerk"))
            return steps
        steps.append(Step(f.paid, "receive_fee", "clerk"))
    if case.closed is None and case.stop in ("", State.ASSIGNED):
        return steps
    chain = _reply_chain(case) if case.outcome else []
    if case.closed is None:
        cut = next(i for i, (action, _, _) in enumerate(chain) if _REACHES.get(action) == case.stop)
        chain = chain[: cut + 1]
        last = case.stop_on or end
    else:
        last = case.closed
    begin = max(s.on for s in steps)
    # Serving and archiving happen on the closing day; the reviews in the days before it.
    tail = 2 if case.closed is not None else 1
    days = _spread(calendar, begin, last, len(chain) - tail) + [last] * tail
    steps += [
        Step(on, action, role, data) for on, (action, role, data) in zip(days, chain, strict=True)
    ]
    return steps


def _insert_dated(steps: list[Step], case: Case) -> None:
    """Put the extension and the Art. 35 deadline among the steps by their day."""
    dated = []
    if e := case.extension:
        dated.append(Step(e.on, "approve_extension", "head", {"days": e.days, "reason": e.reason}))
    if c := case.custom:
        data = {"until": c.until.isoformat(), "reason": c.reason}
        dated.append(Step(c.on, "set_custom_deadline", "leader", data))
    for step in dated:
        # After every step of that day but before serving (the reply must still be pending).
        position = next(
            (i for i, s in enumerate(steps) if s.on > step.on or s.action in ("serve", "close")),
            len(steps),
        )
        steps.insert(position, step)
