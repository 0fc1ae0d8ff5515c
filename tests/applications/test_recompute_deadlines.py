"""A calendar change marks its years; ``recompute_deadlines`` recomputes only the deadlines that run
through them, outside the request, and ``remind`` does so before it reminds."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongkai.applications.models import Application, StaleDeadlineYear
from gongkai.applications.services import application_act, application_register
from gongkai.workdays.services import calendar_day_set, calendar_year_import
from tests.applications.factories import person_intake

NEW_YEAR_2027 = "2027-01-01 休 元旦\n2027-01-04 休 元旦补休\n"


def _run(*args: str) -> str:
    out = StringIO()
    call_command("recompute_deadlines", *args, stdout=out)
    return out.getvalue()


def _register(office, received_on: date) -> Application:
    return application_register(
        agency=office.agency, intake=person_intake(), received_on=received_on, actor=office.clerk
    )


@pytest.fixture
def december(office, monkeypatch) -> Application:
    """Received 2026-12-15: its 20 working days run into 2027, whose schedule is not loaded."""
    monkeypatch.setattr(timezone, "localdate", lambda *a: date(2026, 12, 15))
    app = _register(office, date(2026, 12, 15))
    assert app.due_provisional and app.due_on == date(2027, 1, 12)
    return app


def _marked() -> list[int]:
    return list(StaleDeadlineYear.objects.values_list("year", flat=True))


def test_loading_a_year_only_marks_it_and_the_command_recomputes(december, office):
    assert calendar_year_import(year=2027, lines=NEW_YEAR_2027, user=office.admin).ok
    december.refresh_from_db()
    assert december.due_on == date(2027, 1, 12) and december.due_provisional
    assert _marked() == [2027]

    assert _run() == "已重算期限经过 2027 年的申请：共 1 件，期限有变化 1 件\n"

    december.refresh_from_db()
    assert december.due_on == date(2027, 1, 14) and not december.due_provisional
    assert _marked() == []
    assert _run() == "没有待重算的年份（节假日安排修改后会自动标记）\n"


def test_the_request_that_changes_the_calendar_does_not_touch_the_applications(december, office):
    with CaptureQueriesContext(connection) as queries:
        calendar_year_import(year=2027, lines=NEW_YEAR_2027, user=office.admin)
    touched = [q["sql"] for q in queries if "applications_application" in q["sql"]]
    assert touched == []


def test_only_the_deadlines_running_through_a_changed_year_are_recomputed(december, office):
    # Received and due within 2026: a change to 2027 cannot move it.
    march = _register(office, date(2026, 3, 2))
    calendar_year_import(year=2027, lines=NEW_YEAR_2027, user=office.admin)

    assert _run() == "已重算期限经过 2027 年的申请：共 1 件，期限有变化 1 件\n"
    assert "共 2 件" in _run("--year", "2026")  # both count working days of 2026
    assert "共 2 件" in _run("--all")
    march.refresh_from_db()
    assert march.due_on.year == 2026


def test_a_day_changed_in_the_admin_marks_its_year(office):
    app = _register(office, date(2026, 9, 28))
    before = app.due_on
    calendar_day_set(day=before, is_workday=False, name="测试休息日", user=office.admin)
    assert _marked() == [before.year]
    app.refresh_from_db()
    assert app.due_on == before

    _run()

    app.refresh_from_db()
    assert app.due_on > before


def test_a_year_given_is_recomputed_whether_marked_or_not_and_unmarked(december, office):
    calendar_year_import(year=2027, lines=NEW_YEAR_2027, user=office.admin)
    StaleDeadlineYear.objects.create(year=2030)

    assert _run("--year", "2027") == "已重算期限经过 2027 年的申请：共 1 件，期限有变化 1 件\n"

    assert _marked() == [2030]
    assert _run("--list") == "待重算期限的年份：2030\n"


def test_a_year_changed_again_during_a_recompute_stays_marked(december, office, monkeypatch):
    from gongkai.applications.services import deadlines

    calendar_year_import(year=2027, lines=NEW_YEAR_2027, user=office.admin)
    refresh = deadlines.deadlines_refresh

    def refresh_while_the_calendar_changes(**kwargs):
        result = refresh(**kwargs)
        deadlines.deadlines_mark_stale({2027})  # another admin saves a holiday meanwhile
        return result

    monkeypatch.setattr(deadlines, "deadlines_refresh", refresh_while_the_calendar_changes)
    _run()
    assert _marked() == [2027]


def test_a_closed_application_is_not_looked_at(december, office):
    application_act(application=december, action="withdraw", actor=office.clerk)
    StaleDeadlineYear.objects.create(year=2027)
    assert "共 0 件" in _run()


def test_a_year_that_is_no_year_is_refused(db):
    with pytest.raises(CommandError, match="不是 2000–2100 之间的年份"):
        _run("--year", "27")
    with pytest.raises(CommandError):
        _run("--year", "2027", "--all")


def test_remind_recomputes_the_marked_years_first(december, office):
    calendar_year_import(year=2027, lines=NEW_YEAR_2027, user=office.admin)
    out, err = StringIO(), StringIO()

    call_command("remind", "--dry-run", "--today", "2026-12-16", stdout=out, stderr=err)
    assert "2027 年的期限待重算" in err.getvalue() and _marked() == [2027]

    call_command("remind", "--today", "2026-12-16", stdout=out, stderr=err)
    assert "已重算 2027 年的期限：1 件，有变化 1 件" in out.getvalue()
    december.refresh_from_db()
    assert december.due_on == date(2027, 1, 14) and _marked() == []
