"""An application's deadline, derived from its clock events and the working-day calendar.

The result is cached on the application (``due_on`` and companions) for the workload screens;
it is recomputed after every event and whenever the calendar changes, never edited by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from gongkai.applications.models import Application, ApplicationEvent
from gongkai.applications.workflow import ACTIONS
from gongkai.workdays import clock
from gongkai.workdays.calendar import WorkCalendar
from gongkai.workdays.conf import convention_from_settings
from gongkai.workdays.services import calendar_current

_CLOCK_KINDS = {a.key: a.clock_kind for a in ACTIONS.values() if a.clock_kind}
# Registration by staff and a ledger import record the receipt directly, without a confirm step.
_CLOCK_KINDS["register"] = clock.RECEIVED
_CLOCK_KINDS["import"] = clock.RECEIVED


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
) -> None:
    """Recompute the cached deadline of one application and save it if it changed."""
    deadline = application_deadline(application, calendar=calendar)
    if application.is_pending and deadline is not None:
        values = (deadline.due, deadline.provisional, deadline.explanation)
    else:
        values = (None, False, deadline.explanation if deadline else "")
    if values != (application.due_on, application.due_provisional, application.due_explanation):
        application.due_on, application.due_provisional, application.due_explanation = values
        application.save(update_fields=["due_on", "due_provisional", "due_explanation"])


def deadlines_refresh_open() -> int:
    """Recompute every open application's deadline (after the calendar changed)."""
    calendar = calendar_current()
    count = 0
    for application in Application.objects.filter(closed_on__isnull=True).iterator():
        application_refresh_deadline(application, calendar=calendar)
        count += 1
    return count


def recompute_on_calendar_change(sender: object, **kwargs: object) -> None:
    """Receiver of ``calendar_changed``: every open deadline may have moved."""
    deadlines_refresh_open()
