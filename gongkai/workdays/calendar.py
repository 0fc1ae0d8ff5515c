"""The working-day calendar: weekends, statutory holidays and 调休 make-up working days.

Pure Python, no Django import, so the deadline arithmetic can be used and tested on its own.
A calendar holds only the exceptions to the weekly rhythm (weekdays that are off, weekend days
that are worked) and the years whose holiday schedule has been loaded; for any other year it can
only apply the weekly rhythm, and callers mark results that depend on such a year as provisional.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)
SATURDAY = 5


def is_weekend(day: date) -> bool:
    return day.weekday() >= SATURDAY


@dataclass(frozen=True)
class CalendarEntry:
    """One exception to the weekly rhythm: a weekday off or a weekend day worked, with its name."""

    day: date
    is_workday: bool
    name: str = ""


@dataclass(frozen=True)
class WorkCalendar:
    """Which days are working days.

    ``holidays`` are weekdays that are off, ``workdays`` are weekend days that are worked (调休),
    ``years`` are the years whose schedule is loaded. Exceptions in a year that is not loaded are
    ignored, so a half-entered year never looks authoritative.
    """

    holidays: frozenset[date] = field(default_factory=frozenset)
    workdays: frozenset[date] = field(default_factory=frozenset)
    years: frozenset[int] = field(default_factory=frozenset)

    def has_year(self, year: int) -> bool:
        return year in self.years

    def is_workday(self, day: date) -> bool:
        if day.year not in self.years:
            return not is_weekend(day)
        if is_weekend(day):
            return day in self.workdays
        return day not in self.holidays

    def add_workdays(self, start: date, n: int) -> date:
        """The n-th working day after ``start`` (``start`` itself is not counted); n=0 is start."""
        if n < 0:
            raise ValueError(f"工作日数不能为负数：{n}")
        day = start
        while n:
            day += ONE_DAY
            if self.is_workday(day):
                n -= 1
        return day

    def workdays_between(self, a: date, b: date) -> int:
        """Working days in (a, b]; negative when b is before a, so add_workdays inverts it."""
        if b < a:
            return -self.workdays_between(b, a)
        count = 0
        day = a
        while day < b:
            day += ONE_DAY
            if self.is_workday(day):
                count += 1
        return count

    def next_workday(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        return self.add_workdays(day, 1)

    def missing_years(self, first: date, last: date) -> list[int]:
        """Years touched by the days first..last (inclusive) whose schedule is not loaded."""
        if last < first:
            return []
        return [y for y in range(first.year, last.year + 1) if y not in self.years]

    def with_year(
        self, year: int, holidays: Iterable[date] = (), workdays: Iterable[date] = ()
    ) -> WorkCalendar:
        """A copy with ``year`` loaded from these exceptions, replacing that year's old ones."""
        new_holidays = {d for d in holidays if not is_weekend(d)}
        new_workdays = {d for d in workdays if is_weekend(d)}
        for day in new_holidays | new_workdays:
            if day.year != year:
                raise ValueError(f"{day.isoformat()} 不属于 {year} 年")
        return WorkCalendar(
            holidays=frozenset({d for d in self.holidays if d.year != year} | new_holidays),
            workdays=frozenset({d for d in self.workdays if d.year != year} | new_workdays),
            years=self.years | {year},
        )
