"""Counting working days past pauses: the one loop behind every deadline in clock.py.

Pure Python, no Django import.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from gongkai.workdays.calendar import WorkCalendar

ONE_DAY = timedelta(days=1)


@dataclass
class Walk:
    """Where a count ended; ``statutory_due`` is where it stood before any extension."""

    due: date
    statutory_due: date
    missing_years: list[int]


def walk(
    anchor: date,
    statutory_days: int,
    extra_days: int,
    calendar: WorkCalendar,
    pauses: Sequence[tuple[date, date]],
    open_since: date | None,
) -> Walk | None:
    """Count working days after ``anchor``, skipping paused days; None if an open pause is hit."""
    counted = 0
    day = anchor
    statutory_due = anchor
    missing: set[int] = set()
    while counted < statutory_days + extra_days:
        day += ONE_DAY
        if open_since is not None and day > open_since:
            return None
        if any(start < day <= end for start, end in pauses):
            continue
        # A counted day in an unloaded year may turn out a holiday or a 调休 working day.
        if not calendar.has_year(day.year):
            missing.add(day.year)
        if calendar.is_workday(day):
            counted += 1
            if counted == statutory_days:
                statutory_due = day
    return Walk(due=day, statutory_due=statutory_due, missing_years=sorted(missing))


def excluded_ranges(
    pauses: Sequence[tuple[date, date]], anchor: date, due: date
) -> list[tuple[date, date]]:
    """The days a pause actually removed from (anchor, due], as inclusive ranges."""
    ranges = []
    for start, end in pauses:
        first, last = max(start, anchor) + ONE_DAY, min(end, due)
        if first <= last:
            ranges.append((first, last))
    return ranges


def merge_ranges(ranges: Iterable[tuple[date, date]]) -> tuple[tuple[date, date], ...]:
    """Overlapping or adjacent inclusive ranges joined, in date order."""
    merged: list[tuple[date, date]] = []
    for first, last in sorted(ranges):
        if merged and first <= merged[-1][1] + ONE_DAY:
            merged[-1] = (merged[-1][0], max(last, merged[-1][1]))
        else:
            merged.append((first, last))
    return tuple(merged)
