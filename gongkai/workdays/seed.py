"""Holiday data from the ``chinese_calendar`` package (PyPI ``chinesecalendar``).

Kept apart from calendar.py so that the pure arithmetic does not need the package. The package
is a copy of the State Council's yearly notices, so each new year needs a new package release or
an import of the notice (services.calendar_year_import).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from importlib import metadata

from gongkai.workdays.calendar import CalendarEntry, WorkCalendar, is_weekend

DISTRIBUTION = "chinesecalendar"


def package_source() -> str:
    """The ``source`` recorded for seeded rows, e.g. "chinese-calendar 1.11.0"."""
    try:
        version = metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        version = "?"
    return f"chinese-calendar {version}"


def _tables() -> tuple[dict[date, str], dict[date, str], type]:
    from chinese_calendar.constants import Holiday, holidays, workdays

    return holidays, workdays, Holiday


def package_years() -> list[int]:
    """Years the installed package has a schedule for (every year it knows has holidays)."""
    holidays, _, _ = _tables()
    return sorted({day.year for day in holidays})


def _chinese_name(english: str, holiday_enum: type) -> str:
    for member in holiday_enum:
        if member.value == english:
            return str(member.chinese)
    return english


def package_exceptions(years: Iterable[int]) -> list[CalendarEntry]:
    """The exceptions of ``years`` in the package; a holiday on a weekend is no exception."""
    holidays, workdays, holiday_enum = _tables()
    wanted = set(years)
    found: list[CalendarEntry] = []
    for day, english in holidays.items():
        if day.year in wanted and not is_weekend(day):
            found.append(CalendarEntry(day, False, _chinese_name(english, holiday_enum)))
    for day, english in workdays.items():
        if day.year in wanted and is_weekend(day):
            name = f"调休上班（{_chinese_name(english, holiday_enum)}）"
            found.append(CalendarEntry(day, True, name))
    return sorted(found, key=lambda e: e.day)


def from_chinese_calendar(years: Iterable[int] | None = None) -> WorkCalendar:
    """A calendar of the given years (default: all the package has); unknown years are skipped."""
    available = set(package_years())
    loaded = available if years is None else available & set(years)
    exceptions = package_exceptions(loaded)
    return WorkCalendar(
        holidays=frozenset(e.day for e in exceptions if not e.is_workday),
        workdays=frozenset(e.day for e in exceptions if e.is_workday),
        years=frozenset(loaded),
    )
