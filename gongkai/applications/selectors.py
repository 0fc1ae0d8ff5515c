"""Reads for the workload screens and reminders: one home for what "due soon" and "overdue" mean."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from gongkai.applications.models import Application, State
from gongkai.workdays.services import calendar_current

# Waiting on the applicant (a correction, a fee) or on a third party: the reply clock is paused
# or restarts later, so these are listed apart from the agency's own backlog.
WAITING_ON_APPLICANT = (State.CORRECTION, State.AWAITING_FEE)
WAITING_ON_THIRD_PARTY = (State.CONSULTING,)
DUE_SOON_WORKING_DAYS = 5


def open_applications(qs: QuerySet[Application]) -> QuerySet[Application]:
    """Not yet answered: the reply clock still matters (served replies await only archiving)."""
    return qs.filter(closed_on__isnull=True)


def unconfirmed(qs: QuerySet[Application]) -> QuerySet[Application]:
    """Submitted online and not yet confirmed as received (Art. 31(4))."""
    return qs.filter(state=State.SUBMITTED)


def overdue(qs: QuerySet[Application], today: date) -> QuerySet[Application]:
    return open_applications(qs).filter(due_on__lt=today).order_by("due_on")


def due_soon(qs: QuerySet[Application], today: date, until: date) -> QuerySet[Application]:
    """Due from today up to and including ``until`` (see ``due_soon_until``)."""
    return open_applications(qs).filter(due_on__gte=today, due_on__lte=until).order_by("due_on")


def provisional(qs: QuerySet[Application]) -> QuerySet[Application]:
    """Deadlines computed without the holiday data of their year."""
    return open_applications(qs).filter(due_provisional=True).order_by("due_on")


def waiting_on_applicant(qs: QuerySet[Application]) -> QuerySet[Application]:
    return qs.filter(state__in=WAITING_ON_APPLICANT)


def waiting_on_third_party(qs: QuerySet[Application]) -> QuerySet[Application]:
    return qs.filter(state__in=WAITING_ON_THIRD_PARTY)


def due_soon_until(today: date) -> date:
    """The last day counted as "due soon": five working days ahead on the current calendar."""
    return calendar_current().add_workdays(today, DUE_SOON_WORKING_DAYS)
