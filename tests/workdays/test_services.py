from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import transaction

from gongkai.workdays.clock import EXTENSION_APPROVED, RECEIVED, ClockEvent, reply_deadline
from gongkai.workdays.models import SOURCE_ADMIN, CalendarDay, CalendarYear
from gongkai.workdays.seed import package_source
from gongkai.workdays.services import (
    CalendarError,
    calendar_current,
    calendar_day_set,
    calendar_year_delete,
    calendar_year_import,
    calendar_years_seed,
    missing_years_now,
)
from gongkai.workdays.signals import calendar_changed
from tests.workdays.data import NOTICE_2027, SEEDED, TABLE

pytestmark = pytest.mark.django_db


@pytest.fixture
def changes() -> Any:
    """The ``years`` of every calendar_changed sent during the test."""
    sent: list[frozenset[int]] = []

    def receiver(sender: object, years: frozenset[int], **kwargs: object) -> None:
        sent.append(years)

    calendar_changed.connect(receiver, weak=False)
    yield sent
    calendar_changed.disconnect(receiver)


def test_migrations_seed_every_year_the_package_has() -> None:
    years = list(CalendarYear.objects.values_list("year", flat=True))
    assert years == list(range(2004, 2027))
    assert CalendarYear.objects.get(year=2026).source == package_source()
    assert CalendarDay.objects.get(date=date(2025, 9, 28)).is_workday


def test_the_stored_calendar_equals_the_package_calendar() -> None:
    calendar = calendar_current()
    assert calendar.years >= SEEDED.years
    for year in (2025, 2026):
        assert {d for d in calendar.holidays if d.year == year} == {
            d for d in SEEDED.holidays if d.year == year
        }
        assert {d for d in calendar.workdays if d.year == year} == {
            d for d in SEEDED.workdays if d.year == year
        }


@pytest.mark.parametrize(("on", "due", "extended", "correction_due"), TABLE)
def test_the_required_table_holds_on_the_stored_calendar(
    on: date, due: date, extended: date, correction_due: date
) -> None:
    calendar = calendar_current()
    assert reply_deadline([ClockEvent(RECEIVED, on)], calendar).due == due
    events = [ClockEvent(RECEIVED, on), ClockEvent(EXTENSION_APPROVED, on, days=20)]
    assert reply_deadline(events, calendar).due == extended
    assert calendar.add_workdays(on, 7) == correction_due


def test_calendar_current_is_cached_until_the_tables_change(
    django_assert_num_queries: Any,
) -> None:
    first = calendar_current()
    with django_assert_num_queries(2):  # the fingerprint only
        assert calendar_current() is first
    assert not first.is_workday(date(2026, 10, 7))
    CalendarDay.objects.filter(date=date(2026, 10, 7)).delete()  # not through a service
    assert calendar_current() is not first
    assert calendar_current().is_workday(date(2026, 10, 7))


def test_the_2027_scenario_provisional_then_loaded_then_recomputed(
    superuser: User, changes: list[frozenset[int]]
) -> None:
    events = [ClockEvent(RECEIVED, date(2026, 12, 15))]
    before = reply_deadline(events, calendar_current())
    assert (before.due, before.provisional) == (date(2027, 1, 12), True)

    result = calendar_year_import(year=2027, lines=NOTICE_2027, user=superuser, source="测试")
    assert (result.ok, result.holidays, result.workdays, result.replaced) == (True, 1, 0, 0)
    assert changes == [frozenset({2027})]

    after = reply_deadline(events, calendar_current())
    assert (after.due, after.provisional) == (date(2027, 1, 13), False)
    year = CalendarYear.objects.get(year=2027)
    assert (year.source, year.loaded_by) == ("测试", superuser)
    day = CalendarDay.objects.get(date=date(2027, 1, 1))
    assert (day.is_workday, day.name, day.updated_by) == (False, "元旦", superuser)


def test_an_import_with_any_error_stores_nothing(changes: list[frozenset[int]]) -> None:
    result = calendar_year_import(
        year=2027, lines="2027-01-01 休 元旦\n2027-02-30 休 春节\n", user=None
    )
    assert not result.ok
    assert result.errors == ("第 2 行：“2027-02-30”不是有效日期，应写作 YYYY-MM-DD，如 2027-10-01",)
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(date__year=2027).exists()
    assert changes == []


def test_an_import_replaces_the_years_old_exceptions() -> None:
    result = calendar_year_import(year=2026, lines="2026-03-02 休 测试假日\n", user=None)
    assert (result.ok, result.replaced) == (True, 25)
    assert list(CalendarDay.objects.filter(date__year=2026).values_list("date", flat=True)) == [
        date(2026, 3, 2)
    ]
    calendar = calendar_current()
    assert calendar.is_workday(date(2026, 10, 7)) and not calendar.is_workday(date(2026, 3, 2))


def test_a_database_error_rolls_the_whole_import_back(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(CalendarYear.objects, "update_or_create", fail)
    with pytest.raises(RuntimeError):
        calendar_year_import(year=2026, lines="2026-03-02 休 测试假日\n", user=None)
    assert CalendarDay.objects.filter(date__year=2026).count() == 25


def test_a_single_day_can_be_made_a_holiday_and_back(
    superuser: User, changes: list[frozenset[int]]
) -> None:
    day = calendar_day_set(day=date(2026, 3, 2), is_workday=False, name="临时放假", user=superuser)
    assert day is not None and (day.source, day.updated_by) == (SOURCE_ADMIN, superuser)
    assert not calendar_current().is_workday(date(2026, 3, 2))
    assert calendar_day_set(day=date(2026, 3, 2), is_workday=True, name="", user=superuser) is None
    assert not CalendarDay.objects.filter(date=date(2026, 3, 2)).exists()
    assert calendar_current().is_workday(date(2026, 3, 2))
    assert changes == [frozenset({2026}), frozenset({2026})]


def test_a_single_day_of_an_unloaded_year_is_refused() -> None:
    with pytest.raises(CalendarError, match="2027 年的节假日安排尚未载入"):
        calendar_day_set(day=date(2027, 1, 1), is_workday=False, name="元旦", user=None)


def test_deleting_a_year_makes_its_deadlines_provisional(changes: list[frozenset[int]]) -> None:
    assert calendar_year_delete(year=2026) == 25
    assert changes == [frozenset({2026})]
    deadline = reply_deadline([ClockEvent(RECEIVED, date(2026, 9, 25))], calendar_current())
    assert (deadline.due, deadline.provisional) == (date(2026, 10, 23), True)


def test_seeding_loads_missing_years_and_refuses_unknown_ones() -> None:
    calendar_year_delete(year=2025)
    assert calendar_years_seed() == [2025]
    assert calendar_years_seed() == []
    assert calendar_current().is_workday(date(2025, 9, 28))
    with pytest.raises(CalendarError, match="没有 2027 年的节假日数据"):
        calendar_years_seed(years=[2027])


def test_missing_years_are_this_year_and_next_when_unloaded() -> None:
    assert missing_years_now(date(2026, 6, 1)) == []
    assert missing_years_now(date(2026, 10, 1)) == [2027]
    assert missing_years_now(date(2027, 6, 1)) == [2027]
    assert missing_years_now(date(2027, 11, 1)) == [2027, 2028]
    assert missing_years_now(date(2025, 6, 1)) == []


def test_a_rolled_back_change_is_not_served_from_the_cache() -> None:
    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        calendar_year_import(year=2027, lines=NOTICE_2027, user=None)
        assert calendar_current().has_year(2027)
        raise Undo
    assert not calendar_current().has_year(2027)
