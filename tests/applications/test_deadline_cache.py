"""The cached deadline follows the calendar: provisional until the year is loaded, then final."""

from __future__ import annotations

from datetime import date
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from gongkai.applications.services import application_act, application_register
from gongkai.workdays.services import calendar_current, calendar_year_import
from tests.applications.factories import person_intake


def test_a_december_application_is_provisional_until_next_year_is_loaded(office, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: date(2026, 12, 15))
    app = application_register(
        agency=office.agency,
        intake=person_intake(),
        received_on=date(2026, 12, 15),
        actor=office.clerk,
    )
    assert app.due_provisional and "2027" in app.due_explanation
    weekends_only = app.due_on
    assert weekends_only == date(2027, 1, 12)  # 20 weekdays after 12-15 (no 2027 holidays known)

    result = calendar_year_import(
        year=2027,
        lines="2027-01-01 休 元旦\n2027-01-04 休 元旦补休\n",
        user=office.admin,
        source="测试",
    )
    assert result.ok, result.errors
    app.refresh_from_db()
    assert app.due_on == weekends_only  # the import only marks 2027 for the recompute command
    call_command("recompute_deadlines", stdout=StringIO())
    app.refresh_from_db()
    assert not app.due_provisional and "2027" not in app.due_explanation.split("；")[-1]
    assert app.due_on == calendar_current().add_workdays(date(2026, 12, 15), 20)
    assert app.due_on == date(2027, 1, 14)


def test_a_closed_application_keeps_no_deadline(office):
    app = application_register(
        agency=office.agency,
        intake=person_intake(),
        received_on=date(2026, 3, 2),
        actor=office.clerk,
    )
    app = application_act(
        application=app, action="withdraw", actor=office.clerk, on=date(2026, 3, 3)
    )
    assert app.due_on is None and not app.due_provisional
