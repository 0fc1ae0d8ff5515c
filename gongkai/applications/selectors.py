"""Reads for the workload screens and reminders: one home for what "pending", "overdue", "due soon"
and "a waiting period is over" mean, so the screen and the e-mails never disagree about a case;
and what waits for one person (``queues_of``): the steps they may take now, as action_refusal
says.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Prefetch, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy

from gongkai.agencies.models import Agency, Department
from gongkai.agencies.permissions import access_of
from gongkai.applications import step_rules, workflow
from gongkai.applications.models import Application, ApplicationEvent, State
from gongkai.applications.permissions import action_refusal
from gongkai.workdays import clock
from gongkai.workdays.calendar import WorkCalendar
from gongkai.workdays.services import calendar_current

# Waiting on the applicant (a correction, a fee) or on a third party: the reply clock is paused
# or restarts later, so these are listed apart from the agency's own backlog.
WAITING_ON_APPLICANT = (State.CORRECTION, State.AWAITING_FEE)
WAITING_ON_THIRD_PARTY = (State.CONSULTING,)

# "Due soon" has two horizons on purpose. The workload screen is looked at when planning, and a
# week ahead (5 working days) leaves room to get a reply through its reviews. A reminder e-mail
# interrupts and is sent once per due date, so it comes later (3 working days), when the reply
# must be moving; sent a week early it would be stale by the time it matters.
DUE_SOON_WORKING_DAYS = 5
REMINDER_DUE_SOON_WORKING_DAYS = 3


def pending(qs: QuerySet[Application]) -> QuerySet[Application]:
    """Not yet answered (no closing date): the reply clock still matters.

    A served reply has its closing date and awaits only archiving, so it is not pending.
    """
    return qs.filter(closed_on__isnull=True)


def unconfirmed(qs: QuerySet[Application]) -> QuerySet[Application]:
    """Submitted online and not yet confirmed as received (Art. 31(4))."""
    return qs.filter(state=State.SUBMITTED)


def is_overdue(due: date | None, today: date) -> bool:
    return due is not None and due < today


def is_due_soon(due: date | None, today: date, until: date) -> bool:
    """Due from today up to and including ``until`` (see ``due_soon_until``)."""
    return due is not None and today <= due <= until


def overdue(qs: QuerySet[Application], today: date) -> QuerySet[Application]:
    """Pending with a reply deadline before today (the query form of ``is_overdue``)."""
    return pending(qs).filter(due_on__lt=today).order_by("due_on", "pk")


def due_soon(qs: QuerySet[Application], today: date, until: date) -> QuerySet[Application]:
    """Pending and due from today up to ``until`` (the query form of ``is_due_soon``)."""
    return pending(qs).filter(due_on__gte=today, due_on__lte=until).order_by("due_on", "pk")


def provisional(qs: QuerySet[Application]) -> QuerySet[Application]:
    """Deadlines computed without the holiday data of their year."""
    return pending(qs).filter(due_provisional=True).order_by("due_on", "pk")


def waiting_on_applicant(qs: QuerySet[Application]) -> QuerySet[Application]:
    return qs.filter(state__in=WAITING_ON_APPLICANT)


def waiting_on_third_party(qs: QuerySet[Application]) -> QuerySet[Application]:
    return qs.filter(state__in=WAITING_ON_THIRD_PARTY)


def due_soon_until(
    today: date, days: int = DUE_SOON_WORKING_DAYS, calendar: WorkCalendar | None = None
) -> date:
    """The last day counted as "due soon": ``days`` working days ahead (the screen's 5 unless
    the reminders ask for their 3)."""
    return (calendar or calendar_current()).add_workdays(today, days)


# -- waiting periods that end without anyone acting ---------------------------------------------
#
# While consulting, the reply deadline is paused (None), and while a fee is unpaid the applicant
# holds the next move: neither can ever become overdue. Without these two reads a clerk who
# forgets would leave the application waiting forever.


@dataclass(frozen=True)
class PeriodOver:
    """An application whose waiting period has ended: ``ended`` is the period's last day.

    ``estimated``: the day the period runs from (the consulted party's receipt of the letter,
    the applicant's receipt of the fee notice) is not recorded yet, so the period is counted
    from the sending day, which is the earliest it can be.
    """

    application: Application
    started: date
    ended: date
    provisional: bool
    explanation: str
    estimated: bool = False


def consultation_answer_due(received: date, calendar: WorkCalendar | None = None) -> date:
    """Art. 32/34: the last day of the consulted party's 15 working days, counted from its
    receipt of the letter (that day not counted)."""
    return (calendar or calendar_current()).add_workdays(received, clock.CONSULTATION_ANSWER_DAYS)


def _with_periods(
    qs: QuerySet[Application], state: str, kinds: tuple[str, ...]
) -> QuerySet[Application]:
    # Few applications are in CONSULTING or AWAITING_FEE at a time, and the working-day
    # arithmetic cannot be done in SQL: iterate in Python, with the period's event kinds
    # prefetched (two queries whatever the number).
    starts = ApplicationEvent.objects.filter(kind__in=kinds).order_by("on", "pk")
    return (
        pending(qs)
        .filter(state=state)
        .select_related("agency", "assignee")
        .prefetch_related(Prefetch("events", queryset=starts, to_attr="period_events"))
    )


def _latest(events: list[ApplicationEvent], kind: str) -> ApplicationEvent | None:
    found = [e for e in events if e.kind == kind]
    return found[-1] if found else None


def _by_end(periods: Iterable[PeriodOver]) -> list[PeriodOver]:
    return sorted(periods, key=lambda p: (p.ended, p.application.pk))


_ESTIMATE_NOTE = "；对方收到日期尚未记录，按发出日估算（实际期满日可能更晚）"


def consultations_over(
    qs: QuerySet[Application], today: date, calendar: WorkCalendar | None = None
) -> list[PeriodOver]:
    """Consulting applications whose consultation answer period ended before today.

    The period belongs to the latest ``start_consultation`` (a second consultation, after an
    earlier one ended, starts a new period) and runs from the consulted party's receipt of the
    letter; until that is recorded it is estimated from the sending day, and says so. Once over,
    the agency decides on its own and records the consultation's end, which restarts the clock.
    """
    calendar = calendar or calendar_current()
    found = []
    for app in _with_periods(qs, State.CONSULTING, step_rules.CONSULTATION_RECEIPT_KINDS):
        start = _latest(app.period_events, "start_consultation")
        if start is None:
            continue
        received = step_rules.consultation_received_on(app.period_events)
        counted_from = received or start.on
        ended = consultation_answer_due(counted_from, calendar)
        if not ended < today:
            continue
        missing = calendar.missing_years(counted_from, ended)
        what = "对方收到征求意见书之日" if received else "发出征求意见书之日"
        explanation = (
            f"征求意见答复期 {clock.CONSULTATION_ANSWER_DAYS} 个工作日，"
            f"自 {counted_from.isoformat()} 起算（{what}，当日不计入）"
        )
        if received is None:
            explanation += _ESTIMATE_NOTE
        if missing:
            explanation += clock.provisional_note(missing)
        found.append(PeriodOver(app, start.on, ended, bool(missing), explanation, received is None))
    return _by_end(found)


def fee_windows_over(
    qs: QuerySet[Application], today: date, calendar: WorkCalendar | None = None
) -> list[PeriodOver]:
    """Applications awaiting a fee whose payment window ended before today.

    The window runs from the day after the applicant received the notice (109号); until the
    delivery is recorded it is estimated from the sending day, and the clerk is asked to record
    it before closing the application as unpaid (``expire_fee``, table 三 （六）2).
    """
    calendar = calendar or calendar_current()
    found = []
    for app in _with_periods(qs, State.AWAITING_FEE, step_rules.FEE_DELIVERY_KINDS):
        if (estimate := step_rules.fee_window_or_estimate(app.period_events, calendar)) is None:
            continue
        window, estimated = estimate
        if window.due is not None and window.due < today:
            explanation = window.explanation
            if estimated:
                explanation += "；申请人收到日期尚未记录，按发出日估算，请先记录送达日期"
            sent = _latest(app.period_events, "send_fee_notice")
            found.append(
                PeriodOver(app, sent.on, window.due, window.provisional, explanation, estimated)
            )
    return _by_end(found)


# -- what waits for one person -------------------------------------------------------------------
#
# Each queue is one step: the applications in a state the step starts from (the workflow's
# table), narrowed to the queue's own (assigned to me; due soon), then kept only where
# action_refusal lets this person take the step today — the one home of who may do what, so a
# queue never lists what the detail page would not offer. The candidates are read with what
# action_refusal looks at (agency, department, events), so a queue costs two queries however
# long it is.


@dataclass(frozen=True)
class Queue:
    key: str
    action: str
    applications: list[Application]
    title: str = ""
    hint: str = ""


StrOrPromise = str | Promise
Narrow = Callable[[QuerySet[Application], AbstractBaseUser, date, date], QuerySet[Application]]
# The values a queue's hint names (%(departments)s, %(days)s), read only for a queue shown.
HintValues = Callable[[AbstractBaseUser, Agency], dict[str, object]]


def _assigned_to_me(qs: QuerySet[Application], user: AbstractBaseUser, *_: date):
    return qs.filter(assignee_id=user.pk)


def _everything(qs: QuerySet[Application], *_: object) -> QuerySet[Application]:
    return qs


def _due_soon(qs: QuerySet[Application], user: AbstractBaseUser, today: date, until: date):
    return due_soon(qs, today, until)


def _no_values(user: AbstractBaseUser, agency: Agency) -> dict[str, object]:
    return {}


def _headed_departments(user: AbstractBaseUser, agency: Agency) -> dict[str, object]:
    headed = access_of(user).headed_departments(agency.pk)
    if None in headed:
        return {"departments": gettext("全部处室")}
    names = Department.objects.filter(pk__in=headed).order_by("name").values_list("name", flat=True)
    return {"departments": "、".join(names)}


def _due_soon_days(user: AbstractBaseUser, agency: Agency) -> dict[str, object]:
    return {"days": DUE_SOON_WORKING_DAYS}


@dataclass(frozen=True)
class QueueKind:
    """One queue as declared: its step, how it narrows the candidates, and what the screen
    calls it."""

    key: str
    action: str
    narrow: Narrow
    title: StrOrPromise
    hint: StrOrPromise
    hint_values: HintValues = _no_values


# In the order of the reply's way through the agency.
QUEUES: tuple[QueueKind, ...] = (
    QueueKind(
        "my_drafts",
        "draft",
        _assigned_to_me,
        gettext_lazy("待我拟写答复"),
        gettext_lazy("分办给我、待拟写答复的申请"),
    ),
    QueueKind(
        "my_head_reviews",
        "head_review",
        _everything,
        gettext_lazy("待我审核的答复（处室负责人）"),
        gettext_lazy("承办处室为我负责的处室（%(departments)s）的答复"),
        _headed_departments,
    ),
    QueueKind(
        "my_leader_approvals",
        "leader_approve",
        _everything,
        gettext_lazy("待我批准的答复（分管领导）"),
        gettext_lazy("答复结果须经分管领导批准的（如不予公开、部分公开）"),
    ),
    QueueKind(
        "my_clearances",
        "clear",
        _everything,
        gettext_lazy("待我保密审查的答复"),
        gettext_lazy("保密审查通过后方可送达答复"),
    ),
    QueueKind(
        "my_extensions",
        "approve_extension",
        _due_soon,
        gettext_lazy("临近期限、可批准延期的申请"),
        gettext_lazy(
            "%(days)s 个工作日内到期且尚未延期的申请；延期答复须经政府信息公开工作机构"
            "负责人同意（《条例》第三十三条）"
        ),
        _due_soon_days,
    ),
)


def with_what_rules_read(qs: QuerySet[Application]) -> QuerySet[Application]:
    """Applications read with what action_refusal asks of each: no query per application."""
    return qs.select_related(
        "agency__disclosure_office", "department", "assignee"
    ).prefetch_related("events")


def queues_of(user: AbstractBaseUser, agency: Agency, today: date, until: date) -> list[Queue]:
    """The queues of the steps the user's roles in the agency allow, each with the applications
    of the agency on which the user may take that step today (``until``: the due-soon horizon)."""
    roles = access_of(user).roles_in(agency.pk)
    found = []
    for queue in QUEUES:
        step = workflow.ACTIONS[queue.action]
        if not step.roles & roles:
            continue
        candidates = Application.objects.filter(agency=agency, state__in=step.sources)
        candidates = with_what_rules_read(queue.narrow(candidates, user, today, until))
        mine = [
            app
            for app in candidates.order_by("due_on", "pk")
            if action_refusal(user, app, queue.action, on=today) is None
        ]
        hint = str(queue.hint) % queue.hint_values(user, agency)
        found.append(Queue(queue.key, queue.action, mine, str(queue.title), hint))
    return found
