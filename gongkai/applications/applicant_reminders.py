"""Reminding the applicant before a window they must act in closes: a correction, a fee.

Run by ``gongkai remind`` with the staff reminders. For each application waiting on its
applicant, the window's last day is found as the office's own screens find it (the ``until`` of
the correction notice; the fee window from the recorded delivery, or estimated from the sending
day — earlier, so a reminder is never late); when it falls within
``APPLICANT_WARNING_WORKING_DAYS`` working days, the applicant is told by e-mail and SMS
(applications.notify, deduplicated per window and closing day).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy

from gongkai.applications import notify, selectors, step_rules
from gongkai.applications.models import Application, ApplicationEvent, State
from gongkai.workdays.calendar import WorkCalendar
from gongkai.workdays.services import calendar_current

APPLICANT_WARNING_WORKING_DAYS = 3

# The window as the applicant's message names it (translated when the message is written).
CORRECTION_WINDOW = gettext_lazy("补正期限")
FEE_WINDOW = gettext_lazy("缴费期限")

_WINDOW_KINDS = ("request_correction", *step_rules.FEE_DELIVERY_KINDS)


def _closing_day(
    app: Application, events: list[ApplicationEvent], calendar: WorkCalendar
) -> tuple[str, date] | None:
    if app.state == State.CORRECTION:
        asked = [e for e in events if e.kind == "request_correction"]
        until = asked[-1].data.get("until") if asked else None
        return (str(CORRECTION_WINDOW), date.fromisoformat(until)) if until else None
    found = step_rules.fee_window_or_estimate(events, calendar)
    if found is None or found[0].due is None:
        return None
    return (str(FEE_WINDOW), found[0].due)


def applicant_windows_closing(
    today: date, calendar: WorkCalendar | None = None
) -> list[tuple[Application, str, date]]:
    """(application, which window, its last day) for each window closing within the warning."""
    calendar = calendar or calendar_current()
    until = calendar.add_workdays(today, APPLICANT_WARNING_WORKING_DAYS)
    events = ApplicationEvent.objects.filter(kind__in=_WINDOW_KINDS).order_by("on", "pk")
    apps = (
        selectors.pending(Application.objects)
        .filter(state__in=(State.CORRECTION, State.AWAITING_FEE))
        .select_related("agency")
        .prefetch_related(Prefetch("events", queryset=events, to_attr="window_events"))
        .order_by("pk")
    )
    found = []
    for app in apps:
        closing = _closing_day(app, app.window_events, calendar)
        if closing is not None and today <= closing[1] <= until:
            found.append((app, *closing))
    return found


def applicant_reminders_enqueue(*, today: date) -> int:
    """Queue the applicant reminders due ``today``; returns how many windows were found."""
    closing = applicant_windows_closing(today)
    for app, what, closes_on in closing:
        notify.notify_window_closing(application=app, what=what, closes_on=closes_on)
    return len(closing)
