"""The demo's calendar arithmetic and case-making, relative to today and seeded.

``Story`` draws days from a seeded generator, snaps them to working days and adds cases; a case
whose steps would run past today is replaced by its fallback (usually: still open) or left out,
so the demo can be built on any day of the year.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

from gongkai.applications.demo.plan import Case, plan, workday_on_or_after, workdays_before
from gongkai.applications.models import State
from gongkai.workdays.calendar import WorkCalendar

IPO = "hlj-ipo"
EDU = "hlj-edu"


class Story:
    def __init__(self, today: date, calendar: WorkCalendar, rng: random.Random) -> None:
        self.today, self.cal, self.rng = today, calendar, rng
        self.Y, self.P = today.year, today.year - 1
        self.cases: list[Case] = []

    # --- days -------------------------------------------------------------------------------

    def w(self, day: date) -> date:
        """The first working day on or after ``day``."""
        return workday_on_or_after(self.cal, day)

    def after(self, day: date, n: int) -> date:
        return self.cal.add_workdays(day, n)

    def ago(self, n: int) -> date:
        """n working days before today."""
        return workdays_before(self.cal, self.today, n)

    def between(self, first: date, last: date) -> date:
        """A working day drawn from first..last (snapped forward)."""
        span = max((last - first).days, 0)
        return self.w(first + timedelta(days=self.rng.randint(0, span)))

    def month(self, year: int, month: int) -> date:
        """A working day in the first three weeks of a month."""
        return self.between(date(year, month, 2), date(year, month, 21))

    def pick(self, choices):
        return self.rng.choice(choices)

    # --- cases ------------------------------------------------------------------------------

    def add(
        self,
        key: str,
        column: str,
        channel: str,
        received: date | None,
        *,
        agency: str = IPO,
        fallback: Callable[[Case], Case | None] | None = None,
        **kw,
    ) -> None:
        """Add a case (info may use {P}, {Y}); online ones were submitted 0–2 days before."""
        kw["info"] = kw.get("info", "政府信息公开申请").format(P=self.P, Y=self.Y)
        if channel == "online" and received is not None and "submitted" not in kw:
            kw["submitted"] = received - timedelta(days=self.rng.randint(0, 2))
        case = Case(key, agency, column, channel, received, **kw)
        if max(step.on for step in plan(case, self.cal)) > self.today:
            case = fallback(case) if fallback else None
        if case is not None:
            self.cases.append(case)

    def closed(
        self, key: str, outcome: str, column: str, channel: str, received: date, days: int, **kw
    ) -> None:
        """A case replied to ``days`` working days after receipt (or after its last event)."""
        start = kw.pop("start", received)
        outcome_key = outcome if outcome.startswith("result.") else f"result.{outcome}"
        self.add(
            key,
            column,
            channel,
            received,
            outcome=outcome_key,
            closed=self.after(start, days),
            **kw,
        )


def still_open(case: Case) -> Case:
    """The fallback of a case that would close after today: received and assigned, no more."""
    return Case(
        case.key,
        case.agency,
        case.column,
        case.channel,
        case.received,
        submitted=case.submitted,
        info=case.info,
        stop=State.ASSIGNED,
    )
