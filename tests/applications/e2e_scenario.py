"""The end-to-end scenario: 60 applications to one agency over 2025 and 2026, declared as data.

Each case states what the report must count it as — its applicant column, receipt day, and
closing day and outcome — and the events on the way. ``expected_table3`` counts table 三 from
these declarations alone, never from the database, so it is an independent check of the
report computed from the records.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from gongkai.applications import fees
from gongkai.applications.demo.plan import (
    Case,
    Consultation,
    Correction,
    CustomDeadline,
    Extension,
    Fee,
)
from gongkai.reports.engine.editions import CellKey, Edition
from gongkai.workdays.calendar import WorkCalendar

AGENCY = "hlj-ipo"
TODAY = date(2026, 11, 27)  # the replay's "now": the last step of any case is on or before it
FREQUENT = "frequent-filer"  # one company filing eleven times in November 2025 (按件 fees)
ALL_COLUMNS = (
    "natural_person",
    "business",
    "research",
    "public_interest",
    "legal_services",
    "other_org",
)


def e2e_cases(cal: WorkCalendar) -> list[Case]:
    def w(text: str) -> date:  # the first working day on or after the date
        day = date.fromisoformat(text)
        return day if cal.is_workday(day) else cal.next_workday(day)

    def after(day: date, n: int) -> date:
        return cal.add_workdays(day, n)

    def case(key, column, channel, received, outcome=None, closed=None, **kw) -> Case:
        return Case(key, AGENCY, column, channel, received, outcome, closed, info=key, **kw)

    cases: list[Case] = []
    add = cases.append

    # --- 2025: every outcome once, every channel and applicant column ------------------------
    simple_2025 = [
        ("granted", "natural_person", "in_person", "2025-01-06", 10),
        ("partial", "business", "email", "2025-02-10", 12),
        ("withheld.1", "natural_person", "oral", "2025-02-17", 15),
        ("withheld.2", "research", "post_signed", "2025-03-03", 14),
        ("withheld.3", "natural_person", "fax", "2025-03-10", 9),
        ("withheld.5", "natural_person", "post_ordinary", "2025-04-07", 11),
        ("withheld.6", "public_interest", "email", "2025-04-14", 16),
        ("withheld.7", "legal_services", "in_person", "2025-04-21", 19),
        ("withheld.8", "natural_person", "online", "2025-05-06", 7),
        ("unavailable.1", "natural_person", "in_person", "2025-05-12", 13),
        ("unavailable.2", "other_org", "post_signed", "2025-05-19", 18),
        ("not_handled.1", "natural_person", "oral", "2025-06-09", 5),
        ("not_handled.2", "natural_person", "online", "2025-06-16", 6),
        ("not_handled.3", "public_interest", "post_ordinary", "2025-06-23", 8),
        ("not_handled.4", "natural_person", "email", "2025-07-01", 17),
        ("not_handled.5", "business", "fax", "2025-07-07", 12),
    ]
    for outcome, column, channel, received, days in simple_2025:
        r = w(received)
        submitted = r.replace(day=r.day - 1) if channel == "online" else None
        add(
            case(
                f"2025-{outcome}",
                column,
                channel,
                r,
                f"result.{outcome}",
                after(r, days),
                submitted=submitted,
            )
        )

    r = w("2025-01-13")  # submitted online on a Saturday, confirmed on Monday
    add(case("2025-online-granted", "natural_person", "online", r, "result.granted",
             after(r, 8), submitted=date(2025, 1, 11)))  # fmt: skip
    r = w("2025-03-17")
    start, end = after(r, 3), after(r, 16)
    add(case("2025-withheld.4-consulted", "business", "post_signed", r, "result.withheld.4",
             after(end, 4),
             consultation=Consultation(start, end, party="某某科技有限公司")))  # fmt: skip
    r = w("2025-06-03")
    asked = after(r, 3)
    add(case("2025-unavailable.3-corrected", "natural_person", "in_person", r,
             "result.unavailable.3", after(date(2025, 6, 13), 12),
             correction=Correction(asked, date(2025, 6, 23), date(2025, 6, 13))))  # fmt: skip
    r = w("2025-07-14")
    asked = after(r, 2)
    until = date(2025, 8, 1)
    add(case("2025-other.1-abandoned", "natural_person", "online", r, "result.other.1",
             w("2025-08-04"), submitted=date(2025, 7, 12),
             correction=Correction(asked, until)))  # fmt: skip
    r = w("2025-08-04")
    notice = after(r, 5)
    add(case("2025-other.2-fee-expired", "business", "post_signed", r, "result.other.2",
             after(notice, 22), fee=Fee(notice, fees.BY_VOLUME, 120)))  # fmt: skip
    r = w("2025-08-11")
    add(case("2025-other.3-withdrawn", "natural_person", "in_person", r, "result.other.3",
             after(r, 3), withdrawn=True))  # fmt: skip
    r = w("2025-09-01")
    add(case("2025-extended", "research", "post_ordinary", r, "result.granted", after(r, 30),
             extension=Extension(after(r, 18))))  # fmt: skip
    r = w("2025-09-08")
    add(case("2025-custom-deadline", "legal_services", "email", r, "result.granted",
             after(r, 40), custom=CustomDeadline(after(r, 5), after(r, 45))))  # fmt: skip
    r = w("2025-10-13")
    notice = after(r, 4)
    add(case("2025-fee-by-volume-paid", "natural_person", "in_person", r, "result.granted",
             after(after(notice, 10), 3),
             fee=Fee(notice, fees.BY_VOLUME, 250, paid=after(notice, 10))))  # fmt: skip
    r = w("2025-10-20")
    answered = date(2025, 10, 30)
    add(case("2025-corrected-returned", "other_org", "post_signed", r, "result.partial",
             after(answered, 15), returned=True,
             correction=Correction(after(r, 5), date(2025, 11, 10), answered)))  # fmt: skip
    r = w("2025-11-03")
    add(case("2025-agency-consulted", "natural_person", "fax", r, "result.granted",
             after(r, 18), consultation=Consultation(
                 after(r, 2), after(r, 12), party="国家知识产权局", kind="agency")))  # fmt: skip

    # The same company files ten applications in November 2025; the eleventh is charged by count.
    frequent_outcomes = ["granted"] * 6 + ["not_handled.2"] * 2 + ["unavailable.1"] * 2
    day = w("2025-11-03")
    for i, outcome in enumerate(frequent_outcomes, start=1):
        add(case(f"2025-frequent-{i:02d}", "business", "email", day, f"result.{outcome}",
                 after(day, 10), applicant=FREQUENT))  # fmt: skip
        day = after(day, 1)
    notice = after(day, 3)
    add(case("2025-frequent-11-fee-by-count", "business", "email", day, "result.granted",
             after(notice, 8), applicant=FREQUENT,
             fee=Fee(notice, fees.BY_COUNT, 1, paid=after(notice, 5))))  # fmt: skip

    # --- received in December 2025, still open on 12-31, closed in January 2026 -------------
    add(case("carry-extended", "natural_person", "in_person", w("2025-12-08"), "result.granted",
             w("2026-01-20"), extension=Extension(date(2025, 12, 30), 15)))  # fmt: skip
    add(case("carry-consulted", "business", "post_signed", w("2025-12-15"), "result.withheld.4",
             w("2026-01-16"),
             consultation=Consultation(w("2025-12-18"), w("2026-01-09"))))  # fmt: skip
    correction = Correction(w("2025-12-24"), date(2026, 1, 10), date(2026, 1, 7))
    add(case("carry-corrected", "natural_person", "email", w("2025-12-22"), "result.partial",
             w("2026-01-27"), correction=correction))  # fmt: skip
    add(case("carry-online", "natural_person", "online", w("2025-12-29"), "result.unavailable.1",
             w("2026-01-22"), submitted=date(2025, 12, 27)))  # fmt: skip
    add(case("carry-fee", "research", "post_signed", w("2025-12-10"), "result.granted",
             w("2026-01-12"),
             fee=Fee(w("2025-12-17"), fees.BY_VOLUME, 80, paid=w("2026-01-05"))))  # fmt: skip

    # --- 2026 ----------------------------------------------------------------------------------
    r = w("2026-02-02")
    add(case("2026-granted", "natural_person", "in_person", r, "result.granted", after(r, 10)))
    add(case("2026-consulted", "natural_person", "online", date(2026, 3, 2), "result.partial",
             w("2026-04-08"), submitted=date(2026, 3, 1),
             consultation=Consultation(date(2026, 3, 10), date(2026, 3, 20))))  # fmt: skip
    r = w("2026-04-13")
    add(case("2026-unavailable.1", "business", "email", r, "result.unavailable.1", after(r, 9)))
    r = w("2026-05-11")
    add(case("2026-not_handled.2", "natural_person", "online", r, "result.not_handled.2",
             after(r, 4), submitted=r))  # fmt: skip
    r = w("2026-06-01")
    add(case("2026-other.1-abandoned", "public_interest", "post_ordinary", r, "result.other.1",
             w("2026-06-22"), correction=Correction(after(r, 6), date(2026, 6, 19))))  # fmt: skip
    r = w("2026-06-15")
    notice = after(r, 2)
    add(case("2026-other.2-fee-expired", "natural_person", "in_person", r, "result.other.2",
             after(notice, 25), fee=Fee(notice, fees.BY_VOLUME, 60)))  # fmt: skip
    r = w("2026-07-06")
    add(case("2026-other.3-withdrawn", "natural_person", "fax", r, "result.other.3",
             after(r, 6), withdrawn=True))  # fmt: skip
    r = w("2026-08-03")
    add(case("2026-extended-10", "legal_services", "post_signed", r, "result.granted",
             after(r, 27), extension=Extension(after(r, 15), 10)))  # fmt: skip
    r = w("2026-09-07")
    add(case("2026-withheld.6", "research", "oral", r, "result.withheld.6", after(r, 14)))

    # --- open on TODAY (2026-11-27), so carried into 2027 ----------------------------------------
    add(case("open-overdue", "natural_person", "in_person", w("2026-10-12"),
             stop="assigned", stop_on=w("2026-10-13")))  # fmt: skip
    add(case("open-drafted", "natural_person", "post_signed", w("2026-11-02"),
             "result.granted", stop="drafted", stop_on=w("2026-11-20")))  # fmt: skip
    add(case("open-correction", "other_org", "email", w("2026-11-20"),
             correction=Correction(w("2026-11-24"), date(2026, 12, 8))))  # fmt: skip
    add(case("open-consulting", "business", "post_signed", w("2026-11-09"),
             consultation=Consultation(w("2026-11-16"))))  # fmt: skip
    add(case("open-fee", "natural_person", "in_person", w("2026-11-10"),
             fee=Fee(w("2026-11-19"), fees.BY_VOLUME, 150)))  # fmt: skip
    add(case("open-head-reviewed", "natural_person", "fax", w("2026-11-03"),
             "result.withheld.5", stop="head_reviewed", stop_on=w("2026-11-25")))  # fmt: skip
    add(case("open-cleared", "natural_person", "oral", w("2026-11-05"), "result.granted",
             stop="cleared", stop_on=w("2026-11-26")))  # fmt: skip
    add(case("open-registered", "public_interest", "post_ordinary", w("2026-11-26"),
             stop="registered"))  # fmt: skip
    add(case("open-unconfirmed", "natural_person", "online", None, stop="submitted",
             submitted=date(2026, 11, 26)))  # fmt: skip
    return cases


def expected_table3(cases: list[Case], year: int, edition: Edition) -> dict[CellKey, int]:
    """Table 三 for one year, counted from the declared cases only."""
    new: Counter = Counter()
    carried_in: Counter = Counter()
    carried_forward: Counter = Counter()
    results: Counter = Counter()
    rows = {row.key for row in edition.table3_rows}
    for c in cases:
        if c.received is not None and c.received.year == year:
            new[c.column] += 1
        if c.open_on(date(year - 1, 12, 31)):
            carried_in[c.column] += 1
        if c.open_on(date(year, 12, 31)):
            carried_forward[c.column] += 1
        if c.closed is not None and c.closed.year == year:
            # The 2019 edition has one （六） row for what 2021 splits in three.
            row = c.outcome if c.outcome in rows else "result.other"
            results[(row, c.column)] += 1
    counts: dict[CellKey, int] = {}
    for column in edition.table3_columns:
        keys = ALL_COLUMNS if column.key == "total" else (column.key,)
        for row in edition.table3_rows:
            if row.key == "new":
                value = sum(new[k] for k in keys)
            elif row.key == "carried_in":
                value = sum(carried_in[k] for k in keys)
            elif row.key == "carried_forward":
                value = sum(carried_forward[k] for k in keys)
            elif row.key == "result.total":
                value = sum(n for (_, k), n in results.items() if k in keys)
            else:
                value = sum(results[(row.key, k)] for k in keys)
            counts[edition.t3(row, column)] = value
    return counts
