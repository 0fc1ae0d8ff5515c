"""An application's deadline, derived from its clock events and the working-day calendar.

The result is cached on the application (``due_on`` and companions) for the workload screens;
it is recomputed after every event, and after the calendar changes, never edited by hand. A
calendar change only marks its years (``StaleDeadlineYear``, in the change's transaction): the
recompute of the deadlines running through them is ``gongkai recompute_deadlines``'s, out of
the request, which ``gongkai remind`` also does first, so that no reminder uses a stale date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gongkai.applications.event_kinds import EVENT_KINDS
from gongkai.applications.models import Application, ApplicationEvent, StaleDeadlineYear
from gongkai.workdays import clock
from gongkai.workdays.calendar import WorkCalendar
from gongkai.workdays.conf import convention_from_settings
from gongkai.workdays.services import calendar_current

# The clock event each kind of event records, as event_kinds declares it.
_CLOCK_KINDS = {k.key: k.clock_kind for k in EVENT_KINDS.values() if k.clock_kind}


def clock_events(events: Iterable[ApplicationEvent]) -> list[clock.ClockEvent]:
    """The clock events among an application's events, in the order they happened."""
    result = []
    for event in events:
        kind = _CLOCK_KINDS.get(event.kind)
        if kind is None or (kind == clock.RECEIVED and "received_on" not in event.data):
            continue
        until = event.data.get("until")
        result.append(
            clock.ClockEvent(
                kind=kind,
                on=event.on,
                days=event.data.get("days"),
                until=date.fromisoformat(until) if until else None,
                reason=event.data.get("reason", ""),
            )
        )
    return result


def application_deadline(
    application: Application, *, calendar: WorkCalendar | None = None
) -> clock.Deadline | None:
    """The reply deadline now, or None before the application is received."""
    if application.received_on is None:
        return None
    events = clock_events(application.events.order_by("on", "pk"))
    return clock.reply_deadline(events, calendar or calendar_current(), convention_from_settings())


def application_refresh_deadline(
    application: Application, *, calendar: WorkCalendar | None = None
) -> bool:
    """Recompute the cached deadline of one application and save it if it changed (True)."""
    deadline = application_deadline(application, calendar=calendar)
    if application.is_pending and deadline is not None:
        values = (deadline.due, deadline.provisional, deadline.explanation)
    else:
        values = (None, False, deadline.explanation if deadline else "")
    if values == (application.due_on, application.due_provisional, application.due_explanation):
        return False
    application.due_on, application.due_provisional, application.due_explanation = values
    application.save(update_fields=["due_on", "due_provisional", "due_explanation"])
    return True


@dataclass(frozen=True)
class Refreshed:
    """What a recompute did: the years it was for, applications looked at, deadlines moved."""

    years: tuple[int, ...]
    checked: int = 0
    changed: int = 0


def _running_through(years: Iterable[int]) -> Q:
    """Open applications whose deadline may count working days of one of ``years``: received
    in or before the year, with no cached deadline or one in or after the year."""
    condition = Q(pk__in=[])
    for year in years:
        condition |= Q(received_on__year__lte=year) & (
            Q(due_on__isnull=True) | Q(due_on__year__gte=year)
        )
    return Q(closed_on__isnull=True, received_on__isnull=False) & condition


def deadlines_refresh(*, years: Iterable[int] | None = None) -> Refreshed:
    """Recompute the open applications' deadlines that run through ``years`` (all open ones
    when None); each in its own small transaction, so a long run holds no lock for long."""
    calendar = calendar_current()
    wanted = tuple(sorted(set(years))) if years is not None else ()
    queryset = Application.objects.filter(closed_on__isnull=True)
    if years is not None:
        queryset = Application.objects.filter(_running_through(wanted))
    checked = changed = 0
    for pk in list(queryset.order_by("pk").values_list("pk", flat=True)):
        with transaction.atomic():
            application = Application.objects.select_for_update().filter(pk=pk).first()
            if application is None:
                continue
            checked += 1
            changed += application_refresh_deadline(application, calendar=calendar)
    return Refreshed(years=wanted, checked=checked, changed=changed)


def deadlines_mark_stale(years: Iterable[int]) -> None:
    """Mark ``years`` for the next recompute (in the caller's transaction)."""
    now = timezone.now()
    for year in set(years):
        StaleDeadlineYear.objects.update_or_create(year=year, defaults={"marked_at": now})


def deadlines_stale_years() -> list[int]:
    """The years marked and not yet recomputed."""
    return list(StaleDeadlineYear.objects.order_by("year").values_list("year", flat=True))


def deadlines_refresh_stale(
    *, years: Iterable[int] | None = None, all_open: bool = False
) -> Refreshed:
    """Recompute the marked years (or ``years``, or with ``all_open`` every open application)
    and unmark the years done; a year changed again meanwhile stays marked.

    The marks are read before the calendar, so the calendar used includes every change marked;
    a mark is removed only if its time is still the one read."""
    marks = list(StaleDeadlineYear.objects.values_list("year", "marked_at"))
    if all_open:
        result = deadlines_refresh()
    else:
        wanted = sorted(set(years)) if years is not None else [year for year, _ in marks]
        if not wanted:
            return Refreshed(years=())
        result = deadlines_refresh(years=wanted)
        marks = [(year, at) for year, at in marks if year in wanted]
    for year, marked_at in marks:
        StaleDeadlineYear.objects.filter(year=year, marked_at=marked_at).delete()
    return result


def mark_stale_on_calendar_change(
    sender: object, years: Iterable[int] = (), **kwargs: object
) -> None:
    """Receiver of ``calendar_changed``: the deadlines running through these years may have
    moved; ``gongkai recompute_deadlines`` recomputes them, outside the request."""
    deadlines_mark_stale(years)
