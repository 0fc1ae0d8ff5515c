"""Reads for the workload screens and reminders: one home for what "pending", "overdue", "due soon"
and "a waiting period is over" mean, so the screen and the e-mails never disagree about a case.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet

from gongkai.applications.models import Application, ApplicationEvent, State
from gongkai.workdays import clock
from gongkai.workdays.calendar import WorkCalendar
from gongkai.workdays.conf import convention_from_settings
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

# The workflow steps whose day starts a waiting period (the action keys recorded as events).
_CONSULTATION_STARTED = "start_consultation"
_FEE_NOTICE_SENT = "send_fee_notice"


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
    """An application whose waiting period has ended: ``ended`` is the period's last day."""

    application: Application
    started: date
    ended: date
    provisional: bool
    explanation: str


def consultation_answer_due(started: date, calendar: WorkCalendar | None = None) -> date:
    """Art. 32/34: the last day of the consulted party's 15 working days (start day not counted)."""
    return (calendar or calendar_current()).add_workdays(started, clock.CONSULTATION_ANSWER_DAYS)


def _with_starts(qs: QuerySet[Application], state: str, kind: str) -> QuerySet[Application]:
    # Few applications are in CONSULTING or AWAITING_FEE at a time, and the working-day
    # arithmetic cannot be done in SQL: iterate in Python, with the one event kind prefetched
    # (two queries whatever the number).
    starts = ApplicationEvent.objects.filter(kind=kind).order_by("on", "pk")
    return (
        pending(qs)
        .filter(state=state)
        .select_related("agency", "assignee")
        .prefetch_related(Prefetch("events", queryset=starts, to_attr="period_starts"))
    )


def _latest_start(app: Application) -> date | None:
    starts = getattr(app, "period_starts", [])
    return starts[-1].on if starts else None


def _by_end(periods: Iterable[PeriodOver]) -> list[PeriodOver]:
    return sorted(periods, key=lambda p: (p.ended, p.application.pk))


def consultations_over(
    qs: QuerySet[Application], today: date, calendar: WorkCalendar | None = None
) -> list[PeriodOver]:
    """Consulting applications whose consultation answer period ended before today.

    The period runs from the latest ``start_consultation`` (a second consultation, after an
    earlier one ended, starts a new period); once over, the agency decides on its own and records
    the consultation's end, which restarts the reply clock.
    """
    calendar = calendar or calendar_current()
    found = []
    for app in _with_starts(qs, State.CONSULTING, _CONSULTATION_STARTED):
        started = _latest_start(app)
        if started is None:
            continue
        ended = consultation_answer_due(started, calendar)
        if not ended < today:
            continue
        missing = calendar.missing_years(started, ended)
        explanation = (
            f"征求意见答复期 {clock.CONSULTATION_ANSWER_DAYS} 个工作日，"
            f"自 {started.isoformat()} 起算（征求意见之日，当日不计入）"
        )
        if missing:
            explanation += clock.provisional_note(missing)
        found.append(PeriodOver(app, started, ended, bool(missing), explanation))
    return _by_end(found)


def fee_windows_over(
    qs: QuerySet[Application], today: date, calendar: WorkCalendar | None = None
) -> list[PeriodOver]:
    """Applications awaiting a fee whose payment window (from the notice) ended before today.

    Once over, the clerk closes the application as unpaid (``expire_fee``, table 三 （六）2).
    """
    calendar = calendar or calendar_current()
    convention = convention_from_settings()
    found = []
    for app in _with_starts(qs, State.AWAITING_FEE, _FEE_NOTICE_SENT):
        sent = _latest_start(app)
        if sent is None:
            continue
        window = clock.fee_payment_deadline(sent, calendar, convention)
        if window.due is not None and window.due < today:
            found.append(PeriodOver(app, sent, window.due, window.provisional, window.explanation))
    return _by_end(found)
