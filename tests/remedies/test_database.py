"""What the database itself refuses: a half-entered decision, a decision before the filing, an
unknown stream, one 案号 twice, and any change to the cases' history."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction

from gongkai.core.append_only import append_only_lifted, append_only_tables
from gongkai.remedies.models import Case, CaseEvent, EventKind
from tests.applications.factories import Office
from tests.remedies.factories import registered_case

pytestmark = pytest.mark.django_db


def raw_case(office: Office, **fields) -> Case:
    values = {
        "agency": office.agency,
        "stream": "review",
        "filed_on": date(2025, 5, 6),
        "body": "黑龙江省人民政府",
        "challenged": "答复",
    }
    values.update(fields)
    return Case.objects.create(**values)


@pytest.mark.parametrize(
    "fields",
    [
        {"decided_on": date(2025, 6, 1)},  # a date without a result
        {"result": "upheld"},  # a result without a date
        {"decided_on": date(2025, 6, 1), "result": "dismissed"},  # a result table 四 lacks
        {"decided_on": date(2025, 5, 5), "result": "upheld"},  # decided before it was filed
        {"stream": "appeal"},
    ],
)
def test_the_database_refuses_a_case_the_report_would_miscount(office: Office, fields) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        raw_case(office, **fields)
    assert not Case.objects.exists()


def test_the_database_takes_an_open_case_and_a_decided_one(office: Office) -> None:
    raw_case(office)
    raw_case(office, decided_on=date(2025, 5, 6), result="other")  # decided the day it was filed
    assert Case.objects.count() == 2


def test_the_database_refuses_an_update_that_half_decides(office: Office) -> None:
    case = raw_case(office)
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(result="upheld")


def test_one_number_once_per_agency_but_blank_numbers_any_number_of_times(office: Office) -> None:
    raw_case(office, number="A-1")
    raw_case(office)
    raw_case(office)
    raw_case(office, number="A-1", agency=office.other_agency)
    with pytest.raises(IntegrityError), transaction.atomic():
        raw_case(office, number="A-1")


def test_the_case_events_table_is_append_only(office: Office) -> None:
    assert "remedies_caseevent" in append_only_tables()
    event = registered_case(office).events.get()
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseEvent.objects.filter(pk=event.pk).update(note="改写")
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE remedies_caseevent SET kind = 'updated'")
    event.refresh_from_db()
    assert (event.kind, event.note) == (EventKind.REGISTERED, "")


def test_a_lift_lets_the_demo_erase_the_history(office: Office) -> None:
    case = registered_case(office)
    with append_only_lifted("remedies_caseevent"):
        CaseEvent.objects.filter(case=case).delete()
    assert not CaseEvent.objects.exists()


def test_an_undeclared_event_kind_is_refused(office: Office) -> None:
    case = registered_case(office)
    with pytest.raises(ValueError, match="未声明的记录事项"):
        CaseEvent.objects.create(case=case, kind="closed", on=date(2025, 5, 6))
