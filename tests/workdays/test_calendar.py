from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.workdays.calendar import WorkCalendar
from gongkai.workdays.seed import from_chinese_calendar, package_exceptions, package_years
from tests.workdays.data import SEEDED

REPO_ROOT = Path(__file__).resolve().parents[2]

dates = st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 9, 30))
counts = st.integers(min_value=0, max_value=60)


def test_weekends_are_off_and_weekdays_on_in_an_unloaded_year() -> None:
    calendar = WorkCalendar()
    assert calendar.is_workday(date(2027, 1, 1))  # a Friday; 元旦 is not known without data
    assert not calendar.is_workday(date(2027, 1, 2))
    assert not calendar.has_year(2027)


def test_the_package_data_has_the_2025_national_day_and_its_make_up_working_days() -> None:
    assert not SEEDED.is_workday(date(2025, 10, 1))
    assert not SEEDED.is_workday(date(2025, 10, 8))
    # 调休: Sunday 2025-09-28 and Saturday 2025-10-11 are working days.
    assert SEEDED.is_workday(date(2025, 9, 28))
    assert SEEDED.is_workday(date(2025, 10, 11))
    assert not SEEDED.is_workday(date(2025, 10, 12))


def test_the_package_data_has_the_2026_spring_festival() -> None:
    assert [SEEDED.is_workday(date(2026, 2, d)) for d in range(14, 24)] == [
        True,  # Saturday 02-14, worked
        *[False] * 9,  # 02-15..02-23
    ]
    assert SEEDED.is_workday(date(2026, 2, 28))


def test_exceptions_of_an_unloaded_year_are_ignored() -> None:
    calendar = WorkCalendar(holidays=frozenset({date(2027, 1, 1)}), years=frozenset({2026}))
    assert calendar.is_workday(date(2027, 1, 1))
    assert not calendar.with_year(2027, holidays=[date(2027, 1, 1)]).is_workday(date(2027, 1, 1))


def test_with_year_replaces_only_that_year() -> None:
    replaced = SEEDED.with_year(2026, holidays=[date(2026, 3, 2)])
    assert not replaced.is_workday(date(2026, 3, 2))
    assert replaced.is_workday(date(2026, 10, 8))  # the old 2026 schedule is gone
    assert not replaced.is_workday(date(2025, 10, 8))  # 2025 is untouched
    with pytest.raises(ValueError, match="不属于 2026 年"):
        SEEDED.with_year(2026, holidays=[date(2027, 1, 1)])


def test_add_workdays_does_not_count_the_start_day() -> None:
    friday = date(2026, 3, 6)
    assert SEEDED.add_workdays(friday, 0) == friday
    assert SEEDED.add_workdays(friday, 1) == date(2026, 3, 9)
    assert SEEDED.next_workday(friday) == date(2026, 3, 9)
    assert SEEDED.next_workday(date(2026, 9, 30)) == date(2026, 10, 8)
    with pytest.raises(ValueError):
        SEEDED.add_workdays(friday, -1)


def test_workdays_between_counts_the_half_open_interval() -> None:
    assert SEEDED.workdays_between(date(2026, 3, 6), date(2026, 3, 9)) == 1
    assert SEEDED.workdays_between(date(2026, 3, 9), date(2026, 3, 9)) == 0
    assert SEEDED.workdays_between(date(2026, 3, 9), date(2026, 3, 6)) == -1
    assert SEEDED.workdays_between(date(2026, 9, 30), date(2026, 10, 8)) == 1


def test_seeding_skips_years_the_package_does_not_have() -> None:
    calendar = from_chinese_calendar([2026, 2027])
    assert calendar.years == frozenset({2026})
    assert package_years()[0] == 2004 and package_years()[-1] == 2026


def test_seeded_exceptions_are_weekday_holidays_and_weekend_workdays_with_chinese_names() -> None:
    entries = package_exceptions([2025])
    assert all(e.is_workday == (e.day.weekday() >= 5) for e in entries)
    names = {e.day: e.name for e in entries}
    assert names[date(2025, 10, 1)] == "国庆节"
    assert names[date(2025, 10, 6)] == "中秋"
    assert names[date(2025, 9, 28)] == "调休上班（国庆节）"


@given(dates, counts, counts)
def test_add_workdays_is_monotone_in_the_count(start: date, n: int, m: int) -> None:
    low, high = sorted((n, m))
    assert SEEDED.add_workdays(start, low) <= SEEDED.add_workdays(start, high)
    if low < high:
        assert SEEDED.add_workdays(start, low) < SEEDED.add_workdays(start, high)


@given(dates, dates, counts)
def test_add_workdays_is_monotone_in_the_start(a: date, b: date, n: int) -> None:
    a, b = sorted((a, b))
    assert SEEDED.add_workdays(a, n) <= SEEDED.add_workdays(b, n)


@given(dates, st.integers(min_value=1, max_value=60))
def test_add_workdays_lands_on_a_working_day_and_inverts_workdays_between(
    start: date, n: int
) -> None:
    end = SEEDED.add_workdays(start, n)
    assert SEEDED.is_workday(end)
    assert SEEDED.workdays_between(start, end) == n
    # No working day is skipped: the day before the result has one fewer.
    assert SEEDED.workdays_between(start, end - timedelta(days=1)) == n - 1


def test_the_arithmetic_modules_import_no_django() -> None:
    code = (
        "import sys\n"
        "import gongkai.workdays.calendar, gongkai.workdays.clock, gongkai.workdays.counting\n"
        "import gongkai.workdays.notice, gongkai.workdays.seed\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO_ROOT)
