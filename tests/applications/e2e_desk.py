"""A desk for single-application tests: register, step and expect refusals that leave no trace."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import AbstractBaseUser

from gongkai.agencies.models import Membership
from gongkai.applications.models import Application
from gongkai.applications.services import application_act, application_register
from gongkai.core.errors import DomainError
from gongkai.workdays.calendar import WorkCalendar
from gongkai.workdays.services import calendar_current
from tests.applications.factories import Office, make_user, person_intake


class Desk:
    def __init__(self, office: Office) -> None:
        self.o = office
        self.calendar: WorkCalendar = calendar_current()

    def user(self, username: str, *roles: str) -> AbstractBaseUser:
        user = make_user(username)
        for role in roles:
            Membership.objects.create(user=user, agency=self.o.agency, role=role)
        return user

    def act(self, app: Application, action: str, user, on: date, **data) -> Application:
        return application_act(application=app, action=action, actor=user, on=on, data=data)

    def registered(self, received: date) -> Application:
        return application_register(
            agency=self.o.agency, intake=person_intake(), received_on=received, actor=self.o.clerk
        )

    def assigned(self, received: date) -> Application:
        app = self.registered(received)
        on = self.calendar.next_workday(received)
        return self.act(app, "assign", self.o.clerk, on, department=self.o.department.pk)

    def drafted(self, received: date, outcome: str) -> Application:
        app = self.assigned(received)
        on = self.calendar.next_workday(received)
        return self.act(app, "draft", self.o.clerk, on, outcome=outcome, reply_text="答复")

    def refused(
        self, app: Application, action: str, user, on: date, match: str | None = None, **data
    ) -> DomainError:
        """The step is refused (``match`` in its reason) and nothing about the record changes."""
        before = Application.objects.get(pk=app.pk)
        events = before.events.count()
        with pytest.raises(DomainError, match=match) as refusal:
            self.act(app, action, user, on, **data)
        after = Application.objects.get(pk=app.pk)
        assert (after.state, after.outcome, after.closed_on, after.due_on) == (
            before.state,
            before.outcome,
            before.closed_on,
            before.due_on,
        )
        assert after.events.count() == events
        return refusal.value
