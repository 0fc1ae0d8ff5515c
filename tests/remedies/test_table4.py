"""Table 四 from the case register: every cell equals a count written in plain Python from the
rule (not from the SQL predicates), R4 holds, each cell lists exactly the cases it counts, and
the count is one query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.agencies.models import Agency
from gongkai.remedies.models import Case
from gongkai.reports.compute.table4 import cases_in_cell, table4_counts
from gongkai.reports.engine import check
from gongkai.reports.engine.editions import (
    SECTION_NUMBERS,
    TABLE4_STREAMS,
    CellKey,
    edition_for_year,
)
from gongkai.reports.engine.model import Report

pytestmark = pytest.mark.django_db

STREAMS = ("review", "direct", "after_review")
RESULTS = ("upheld", "corrected", "other")
FIRST, LAST = date(2018, 10, 1), date(2026, 12, 31)
YEAR_ENDS = [date(y, m, d) for y in range(2019, 2027) for m, d in ((1, 1), (12, 31))]
YEARS = st.integers(min_value=2019, max_value=2026)
ALL_YEARS = range(2019, 2027)


@dataclass(frozen=True)
class Record:
    stream: str
    filed: date
    decided: date | None
    result: str


@st.composite
def records(draw) -> Record:
    stream = draw(st.sampled_from(STREAMS))
    # Dates on the year ends are where "decided in Y" and "open on 12-31" part, so drawn often.
    filed = draw(st.one_of(st.dates(FIRST, LAST), st.sampled_from(YEAR_ENDS)))
    if draw(st.booleans()):
        return Record(stream, filed, None, "")
    later = [d for d in YEAR_ENDS if d >= filed]
    if later and draw(st.booleans()):
        decided = draw(st.sampled_from(later))
    else:
        decided = filed + timedelta(days=draw(st.integers(0, 800)))
    return Record(stream, filed, decided, draw(st.sampled_from(RESULTS)))


def create_all(agency: Agency, ledger: list[Record]) -> list[Case]:
    return Case.objects.bulk_create(
        Case(
            agency=agency,
            stream=r.stream,
            filed_on=r.filed,
            decided_on=r.decided,
            result=r.result,
            body="某机关",
            challenged="答复",
        )
        for r in ledger
    )


def expected_kind(record: Record, year: int) -> str | None:
    """The one column of its stream a case is counted in for ``year`` (besides 总计), from the
    rule as written: a result if decided in the year, pending if open on its last day."""
    end = date(year, 12, 31)
    if record.decided is not None and record.decided.year == year:
        return record.result
    if record.filed <= end and (record.decided is None or record.decided > end):
        return "pending"
    return None


def expected_cells(ledger: list[Record], year: int) -> dict[CellKey, int]:
    counts = {f"{s}.{k}": 0 for s in STREAMS for k in (*RESULTS, "pending", "total")}
    for record in ledger:
        kind = expected_kind(record, year)
        if kind is not None:
            counts[f"{record.stream}.{kind}"] += 1
            counts[f"{record.stream}.total"] += 1
    edition = edition_for_year(year)
    return {CellKey("四", "", "", c.label): counts[c.key] for c in edition.table4_columns}


@pytest.fixture
def agencies() -> tuple[Agency, Agency]:
    return (
        Agency.objects.create(code="t4-one", name="甲机关"),
        Agency.objects.create(code="t4-two", name="乙机关"),
    )


class Rollback(Exception):
    """Undoes one example's cases, so examples do not see each other's."""


def run(agencies, ledger, noise, test) -> None:
    agency, other = agencies
    try:
        with transaction.atomic():
            cases = create_all(agency, ledger)
            create_all(other, noise)
            test(agency, cases)
            raise Rollback
    except Rollback:
        pass


LEDGERS = st.lists(records(), max_size=40)
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(ledger=LEDGERS, noise=st.lists(records(), max_size=5))
def test_every_cell_equals_the_independent_count(agencies, ledger, noise) -> None:
    def test(agency: Agency, cases: list[Case]) -> None:
        # Every year of the range, each: a case's dates fall on some year's edges more often.
        for year in ALL_YEARS:
            counts = table4_counts(agency, year)
            assert counts == expected_cells(ledger, year), year
            assert len(counts) == 15
            # R4: each stream's 总计 is its four cells together — and the engine's checker agrees.
            for stream in TABLE4_STREAMS:
                keys = [CellKey("四", "", "", c.label) for c in stream]
                assert counts[keys[4]] == sum(counts[k] for k in keys[:4])
            edition = edition_for_year(year)
            report = Report(edition=edition, omitted=frozenset(SECTION_NUMBERS) - {"四"})
            for key, value in counts.items():
                report.set(key, value)
            assert [f for f in check(report) if f.rule == "R4"] == []

    run(agencies, ledger, noise, test)


@settings(SETTINGS, max_examples=20)
@given(ledger=LEDGERS, noise=st.lists(records(), max_size=5), year=YEARS)
def test_each_cell_lists_exactly_the_cases_it_counts(agencies, ledger, noise, year) -> None:
    def test(agency: Agency, cases: list[Case]) -> None:
        counts = table4_counts(agency, year)
        pks = {id(r): c.pk for r, c in zip(ledger, cases, strict=True)}
        for column in edition_for_year(year).table4_columns:
            listed = {c.pk for c in cases_in_cell(agency, year, column.key)}
            assert len(listed) == counts[CellKey("四", "", "", column.label)]
            stream, kind = column.key.split(".")
            expected = {
                pks[id(r)]
                for r in ledger
                if r.stream == stream
                and (k := expected_kind(r, year)) is not None
                and kind in (k, "total")
            }
            assert listed == expected

    run(agencies, ledger, noise, test)


def test_a_case_decided_after_the_year_end_was_pending_in_that_year(agencies) -> None:
    agency, _ = agencies
    create_all(agency, [Record("review", date(2024, 11, 1), date(2025, 1, 1), "corrected")])
    cells = {c.key: c.label for c in edition_for_year(2024).table4_columns}
    in_2024, in_2025 = table4_counts(agency, 2024), table4_counts(agency, 2025)
    assert in_2024[CellKey("四", "", "", cells["review.pending"])] == 1
    assert in_2024[CellKey("四", "", "", cells["review.corrected"])] == 0
    assert in_2025[CellKey("四", "", "", cells["review.corrected"])] == 1
    assert in_2025[CellKey("四", "", "", cells["review.pending"])] == 0
    assert sum(table4_counts(agency, 2026).values()) == 0  # decided in an earlier year: nowhere


def test_a_case_decided_on_the_last_day_is_a_result_not_pending(agencies) -> None:
    agency, _ = agencies
    create_all(agency, [Record("direct", date(2024, 12, 31), date(2024, 12, 31), "other")])
    cells = {c.key: CellKey("四", "", "", c.label) for c in edition_for_year(2024).table4_columns}
    counts = table4_counts(agency, 2024)
    assert (counts[cells["direct.other"]], counts[cells["direct.pending"]]) == (1, 0)
    assert counts[cells["direct.total"]] == 1


def test_the_count_is_one_query_and_an_empty_register_counts_zeros(agencies) -> None:
    agency, _ = agencies
    with CaptureQueriesContext(connection) as queries:
        counts = table4_counts(agency, 2025)
    assert len(queries) == 1
    assert set(counts.values()) == {0} and len(counts) == 15
    create_all(agency, [Record(s, date(2025, 2, 1), None, "") for s in STREAMS])
    with CaptureQueriesContext(connection) as queries:
        table4_counts(agency, 2025)
    assert len(queries) == 1


def test_an_unknown_column_is_a_key_error(agencies) -> None:
    with pytest.raises(KeyError):
        cases_in_cell(agencies[0], 2025, "review.dismissed")
