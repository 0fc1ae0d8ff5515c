"""The parts table 三 reads a year in (predicates.relevant_parts), and the stored fact they rest
on (Application.year_ends_open): the parts hold exactly the applications that can count, each
as its declaration says, and the fact cannot disagree with the dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.agencies.models import Agency
from gongkai.applications.models import Application
from gongkai.applications.models.application import YEAR_ENDS_OPEN_SQL, year_ends_open
from gongkai.reports.compute.predicates import (
    CLOSED,
    date_predicates,
    relevant,
    relevant_parts,
)
from gongkai.reports.compute.table3 import table3_query
from gongkai.reports.engine.editions import CARRIED_FORWARD, CARRIED_IN, NEW
from tests.reports.records import Record, application, create_all
from tests.reports.test_compute_properties import LEDGERS

pytestmark = pytest.mark.django_db

SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
DAYS = st.dates(date(2017, 1, 1), date(2027, 12, 31))


@pytest.fixture
def agency() -> Agency:
    return Agency.objects.create(code="zscqj", name="测试知识产权局")


def _pks(agency: Agency, q: Q) -> set[int]:
    return set(Application.objects.filter(agency=agency).filter(q).values_list("pk", flat=True))


@SETTINGS
@given(ledger=LEDGERS)
def test_the_parts_hold_exactly_the_applications_that_can_count_each_as_declared(
    agency, ledger
) -> None:
    with transaction.atomic():
        create_all(agency, ledger)
        for year in range(2019, 2027):
            rules = {key: _pks(agency, q) for key, q in date_predicates(year).items()}
            anywhere = set().union(*rules.values())
            parts = [(part, _pks(agency, part.q)) for part in relevant_parts(year)]
            seen: set[int] = set()
            for part, pks in parts:
                assert not pks & seen, "the parts overlap"
                seen |= pks
                other = NEW.key if part.row == CARRIED_IN.key else CARRIED_IN.key
                assert pks <= rules[part.row] and not pks & rules[other]
                received = Application.objects.filter(pk__in=pks).values_list(
                    "received_on", flat=True
                )
                low = part.received_from or date.min
                assert all(low <= r <= part.received_to for r in received)
            assert seen == anywhere == _pks(agency, relevant(year))
            # Each is closed in the year or open at its end, never both (table3.py's closed).
            assert not rules[CLOSED] & rules[CARRIED_FORWARD.key]
            assert rules[CLOSED] | rules[CARRIED_FORWARD.key] == anywhere
        transaction.set_rollback(True)


def test_the_count_is_one_statement(agency, django_assert_num_queries) -> None:
    create_all(agency, [Record(date(2024, 12, 30), date(2025, 1, 6), "result.granted")])
    with django_assert_num_queries(1):
        rows = list(table3_query(agency, 2025))
    assert rows == [(1, "natural_person", "result.granted", 1, 0)]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan names its indexes")
def test_each_part_is_one_range_of_an_index_read_alone(agency) -> None:
    sql, params = table3_query(agency, 2025).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = [row[-1] for row in cursor.fetchall()]
    searches = [line for line in plan if line.startswith("SEARCH")]
    assert searches == [
        "SEARCH applications_application USING COVERING INDEX application_report_idx "
        "(agency_id=? AND received_on>? AND received_on<?)",
        "SEARCH applications_application USING COVERING INDEX application_carried_idx "
        "(agency_id=? AND year_ends_open=? AND received_on>? AND received_on<?)",
        "SEARCH applications_application USING COVERING INDEX application_carried_idx "
        "(agency_id=? AND year_ends_open=? AND received_on<?)",
    ]


# -- the stored fact ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "closed", "expected"),
    [
        (None, None, None),
        (date(2025, 3, 1), None, 2),
        (date(2025, 3, 1), date(2025, 12, 31), None),
        (date(2025, 12, 31), date(2026, 1, 1), 1),
        (date(2025, 1, 1), date(2026, 12, 31), 1),
        (date(2025, 12, 31), date(2027, 1, 1), 2),
        (date(2019, 5, 5), date(2025, 5, 5), 2),
    ],
)
def test_year_ends_open_counts_the_year_ends_an_application_is_open_at(
    agency, received, closed, expected
) -> None:
    outcome = "result.granted" if closed else ""
    app = application(agency, Record(received, closed, outcome))
    assert app.year_ends_open == expected == year_ends_open(received, closed)
    app.refresh_from_db()
    assert app.year_ends_open == expected


@SETTINGS
@given(received=st.one_of(st.none(), DAYS), open_days=st.one_of(st.none(), st.integers(0, 1200)))
def test_what_a_save_writes_is_what_the_databases_rule_gives(agency, received, open_days) -> None:
    closed = None if received is None or open_days is None else received + timedelta(open_days)
    with transaction.atomic():
        app = application(agency, Record(received, closed, "result.granted" if closed else ""))
        stored, by_sql = (
            Application.objects.filter(pk=app.pk)
            .annotate(by_sql=YEAR_ENDS_OPEN_SQL)
            .values_list("year_ends_open", "by_sql")
            .get()
        )
        assert stored == by_sql == year_ends_open(received, closed)
        transaction.set_rollback(True)


def test_bulk_create_writes_it_too(agency) -> None:
    create_all(agency, [Record(date(2024, 12, 30), date(2025, 1, 6), "result.granted")])
    assert Application.objects.get(agency=agency).year_ends_open == 1


def test_a_write_that_leaves_it_stale_is_refused_by_the_database(agency) -> None:
    app = application(agency, Record(date(2024, 12, 30)))
    assert app.year_ends_open == 2
    queryset = Application.objects.filter(pk=app.pk)
    stale = [
        # A closing date written past save(): the fact would still say "open".
        dict(closed_on=date(2025, 1, 6), outcome="result.granted", state="closed"),
        dict(year_ends_open=None),
        dict(year_ends_open=1),
        dict(received_on=date(2024, 1, 1), closed_on=date(2024, 2, 1), outcome="result.granted"),
    ]
    for values in stale:
        with pytest.raises(IntegrityError), transaction.atomic():
            queryset.update(**values)
    # A write of the dates that also writes the fact they give is accepted.
    queryset.update(closed_on=date(2025, 1, 6), outcome="result.granted", year_ends_open=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        app.closed_on = date(2026, 1, 6)
        app.save(update_fields=["closed_on"])  # the fact is not among the fields written
    app.refresh_from_db()
    app.closed_on = date(2026, 1, 6)
    app.save()
    app.refresh_from_db()
    assert app.year_ends_open == 2


def test_the_ledger_import_writes_it(office_clerk_agency) -> None:
    from gongkai.applications.ledger.service import ledger_import
    from tests.applications.test_ledger_fixtures import closed, csv_text, person_row

    office = office_clerk_agency
    rows = [
        closed(person_row(收到申请日期=date(2025, 12, 20)), "予以公开", after_days=20),
        closed(person_row(收到申请日期=date(2025, 3, 2)), "予以公开", after_days=20),
        person_row(收到申请日期=date(2025, 12, 29)),
    ]
    result = ledger_import(
        agency=office.agency,
        actor=office.clerk,
        content=csv_text(rows).encode(),
        filename="台账.csv",
    )
    assert result.ok, [str(e) for e in result.errors]
    stored = Application.objects.filter(agency=office.agency).order_by("received_on")
    assert [a.year_ends_open for a in stored] == [None, 1, 2]


@pytest.fixture
def office_clerk_agency():
    from tests.applications.factories import make_office

    return make_office()
