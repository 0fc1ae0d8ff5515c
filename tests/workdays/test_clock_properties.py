"""Properties of the deadline arithmetic, over random events on the real 2025–2026 calendar."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import assume, given
from hypothesis import strategies as st

from gongkai.workdays.calendar import WorkCalendar
from gongkai.workdays.clock import (
    CONSULTATION_ENDED,
    CONSULTATION_STARTED,
    CORRECTION_RECEIVED,
    CORRECTION_REQUESTED,
    EXTENSION_APPROVED,
    RECEIVED,
    ClockEvent,
    Convention,
    Deadline,
    reply_deadline,
)
from gongkai.workdays.seed import from_chinese_calendar
from tests.workdays.data import SEEDED

received_dates = st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31))
# (days after receipt the consultation starts, its length in days)
pause_specs = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 30)), min_size=0, max_size=3)
extensions = st.none() | st.integers(1, 20)
conventions = st.builds(Convention, count_receipt_day=st.booleans())
# Any subset of the years the package has near the window, so year ends cross into gaps.
calendars = st.sets(st.sampled_from([2024, 2025, 2026])).map(from_chinese_calendar)


def events_for(
    on: date, pauses: list[tuple[int, int]], extension: int | None = None
) -> list[ClockEvent]:
    events = [ClockEvent(RECEIVED, on)]
    for offset, length in pauses:
        start = on + timedelta(days=offset)
        events.append(ClockEvent(CONSULTATION_STARTED, start))
        events.append(ClockEvent(CONSULTATION_ENDED, start + timedelta(days=length)))
    if extension is not None:
        events.append(ClockEvent(EXTENSION_APPROVED, on, days=extension))
    return events


def counted_days(deadline: Deadline, convention: Convention) -> list[date]:
    """Every day from the clock's start to the due date that no pause removed."""
    assert deadline.base is not None and deadline.due is not None
    day = deadline.base - timedelta(days=1 if convention.count_receipt_day else 0)
    days = []
    while day < deadline.due:
        day += timedelta(days=1)
        if not any(first <= day <= last for first, last in deadline.paused):
            days.append(day)
    return days


@given(received_dates, pause_specs, st.tuples(st.integers(0, 40), st.integers(0, 30)), extensions)
def test_a_pause_never_makes_a_deadline_earlier(
    on: date, pauses: list[tuple[int, int]], extra: tuple[int, int], extension: int | None
) -> None:
    without = reply_deadline(events_for(on, pauses, extension), SEEDED)
    with_pause = reply_deadline(events_for(on, [*pauses, extra], extension), SEEDED)
    assert without.due is not None and with_pause.due is not None
    assert with_pause.due >= without.due


@given(received_dates, st.integers(1, 20), conventions)
def test_an_extension_adds_exactly_its_working_days(
    on: date, days: int, convention: Convention
) -> None:
    plain = reply_deadline(events_for(on, []), SEEDED, convention)
    extended = reply_deadline(events_for(on, [], days), SEEDED, convention)
    assert plain.due is not None and extended.due is not None
    assert SEEDED.workdays_between(plain.due, extended.due) == days


@given(received_dates, pause_specs, extensions, conventions)
def test_the_due_date_is_a_working_day_after_exactly_the_counted_working_days(
    on: date, pauses: list[tuple[int, int]], extension: int | None, convention: Convention
) -> None:
    deadline = reply_deadline(events_for(on, pauses, extension), SEEDED, convention)
    assert deadline.due is not None
    assert SEEDED.is_workday(deadline.due)
    working = [d for d in counted_days(deadline, convention) if SEEDED.is_workday(d)]
    assert len(working) == convention.reply_days + (extension or 0)


@given(received_dates, st.integers(0, 10), st.integers(0, 60), conventions)
def test_a_correction_restarts_the_clock_from_the_correction_date(
    on: date, asked_after: int, answered_after: int, convention: Convention
) -> None:
    asked = on + timedelta(days=asked_after)
    corrected = asked + timedelta(days=answered_after)
    events = [
        ClockEvent(RECEIVED, on),
        ClockEvent(CORRECTION_REQUESTED, asked),
        ClockEvent(CORRECTION_RECEIVED, corrected),
    ]
    restarted = reply_deadline(events, SEEDED, convention)
    fresh = reply_deadline([ClockEvent(RECEIVED, corrected)], SEEDED, convention)
    assert restarted.base == corrected
    assert restarted.due == fresh.due


@given(calendars, received_dates, pause_specs, extensions)
def test_provisional_iff_a_counted_day_is_in_an_unloaded_year(
    calendar: WorkCalendar, on: date, pauses: list[tuple[int, int]], extension: int | None
) -> None:
    convention = Convention()
    deadline = reply_deadline(events_for(on, pauses, extension), calendar, convention)
    assume(deadline.due is not None)
    unloaded = any(not calendar.has_year(d.year) for d in counted_days(deadline, convention))
    assert deadline.provisional == unloaded
    assert ("未载入" in deadline.explanation) == unloaded
