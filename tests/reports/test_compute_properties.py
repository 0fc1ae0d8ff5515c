"""Property tests: for random ledgers, table 三 equals an independent count and checks clean."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.agencies.models import Agency
from gongkai.applications.outcomes import OUTCOMES
from gongkai.reports.compute import table3_counts
from gongkai.reports.compute.report import report_compute
from gongkai.reports.drilldown import applications_in_cell
from gongkai.reports.engine import check, compare
from gongkai.reports.engine.editions import CARRIED_FORWARD, CARRIED_IN, edition_for_year
from tests.reports.records import KINDS, Record, create_all, expected_cells, expected_pks

pytestmark = pytest.mark.django_db

FIRST, LAST = date(2018, 10, 1), date(2026, 12, 31)
YEAR_ENDS = [date(y, m, d) for y in range(2019, 2027) for m, d in ((1, 1), (12, 31))]
YEARS = st.integers(min_value=2019, max_value=2026)


@st.composite
def records(draw) -> Record:
    """An application anywhere from late 2018 to 2026: unreceived, open, drafted or closed."""
    kind = draw(st.sampled_from(sorted(KINDS)))
    if draw(st.integers(0, 9)) == 0:
        return Record(None, None, "", kind)
    # Dates near the year ends are where the rules differ, so they are drawn often.
    received = draw(
        st.one_of(
            st.dates(FIRST, LAST),
            st.sampled_from(YEAR_ENDS),
        )
    )
    if draw(st.booleans()):
        outcome = draw(st.sampled_from(["", *OUTCOMES]))  # open; maybe a draft's outcome
        return Record(received, None, outcome, kind)
    later_ends = [d for d in YEAR_ENDS if d >= received]
    if later_ends and draw(st.booleans()):
        closed = draw(st.sampled_from(later_ends))  # closed on a year's first or last day
    else:
        closed = received + timedelta(days=draw(st.integers(0, 500)))
    return Record(received, closed, draw(st.sampled_from(sorted(OUTCOMES))), kind)


LEDGERS = st.lists(records(), max_size=40)
SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def agencies() -> tuple[Agency, Agency]:
    return (
        Agency.objects.create(code="p-one", name="甲机关"),
        Agency.objects.create(code="p-two", name="乙机关"),
    )


class Rollback(Exception):
    """Raised to undo one example's records, so examples do not see each other's."""


def run(agencies, ledger, noise, test) -> None:
    agency, other = agencies
    try:
        with transaction.atomic():
            create_all(agency, ledger)
            create_all(other, noise)
            test(agency)
            raise Rollback
    except Rollback:
        pass


@SETTINGS
@given(ledger=LEDGERS, noise=st.lists(records(), max_size=5), year=YEARS)
def test_every_cell_equals_the_independent_count(agencies, ledger, noise, year) -> None:
    def test(agency: Agency) -> None:
        edition = edition_for_year(year)
        assert table3_counts(agency, year) == expected_cells(agency, edition, year)

    run(agencies, ledger, noise, test)


@SETTINGS
@given(ledger=LEDGERS, year=YEARS)
def test_the_computed_report_checks_clean_and_r1_holds(agencies, ledger, year) -> None:
    def test(agency: Agency) -> None:
        report = report_compute(agency, year)
        assert check(report) == []
        e = report.edition
        for column in e.table3_columns:
            new, carried_in, results, forward = (
                report.number(e.t3(row, column))
                for row in ("new", "carried_in", "result.total", "carried_forward")
            )
            assert new + carried_in == results + forward

    run(agencies, ledger, [], test)


@SETTINGS
@given(ledger=LEDGERS, year=st.integers(min_value=2020, max_value=2026))
def test_carried_in_equals_last_years_carried_forward(agencies, ledger, year) -> None:
    def test(agency: Agency) -> None:
        last, this = report_compute(agency, year - 1), report_compute(agency, year)
        for column in this.edition.table3_columns:
            carried_in = this.number(this.edition.t3(CARRIED_IN, column))
            assert carried_in == last.number(last.edition.t3(CARRIED_FORWARD, column))
        assert compare(last, this) == []

    run(agencies, ledger, [], test)


@settings(SETTINGS, max_examples=15)
@given(ledger=LEDGERS, noise=st.lists(records(), max_size=5), year=YEARS)
def test_each_cell_lists_exactly_the_applications_it_counts(agencies, ledger, noise, year) -> None:
    def test(agency: Agency) -> None:
        edition = edition_for_year(year)
        counts = table3_counts(agency, year)
        for row in edition.table3_rows:
            for column in edition.table3_columns:
                listed = {a.pk for a in applications_in_cell(agency, year, row.key, column.key)}
                assert len(listed) == counts[edition.t3(row, column)]
                assert listed == expected_pks(agency, edition, year, row.key, column.key)

    run(agencies, ledger, noise, test)
