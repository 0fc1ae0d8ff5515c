"""The event log is append-only in the database itself, on SQLite and on PostgreSQL alike."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from gongkai.applications.models import Application, ApplicationEvent
from gongkai.applications.services import application_register
from gongkai.core.append_only import LIFT_TABLE, append_only_lifted, append_only_tables
from gongkai.publishing.models import ItemEvent
from gongkai.remedies.models import CaseEvent
from gongkai.reports.models import ReportEvent, ReportVersion
from tests.applications.factories import make_office, person_intake

TABLE = ApplicationEvent._meta.db_table
REFUSED = "办理记录只能追加，不能修改/删除"


@pytest.fixture
def event(office) -> ApplicationEvent:
    """An event that nothing refers to (the registration's event has its receipt notice, which
    PROTECTs it in the ORM already)."""
    application = application_register(
        agency=office.agency,
        intake=person_intake(),
        received_on=date(2026, 3, 2),
        actor=office.clerk,
    )
    return ApplicationEvent.objects.create(
        application=application, kind="close", on=date(2026, 3, 2), actor=office.clerk
    )


def _refused(run) -> None:
    """``run`` fails with the triggers' error, and the test's transaction is still usable."""
    with pytest.raises(IntegrityError, match=REFUSED), transaction.atomic():
        run()


def test_the_event_tables_are_append_only(db):
    frozen = (ItemEvent, CaseEvent, ReportEvent, ReportVersion)  # histories, published reports
    assert append_only_tables() == sorted([TABLE, *(m._meta.db_table for m in frozen)])


def test_a_raw_update_is_refused(event):
    def update() -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {TABLE} SET note = %s WHERE id = %s", ["改写", event.pk])

    _refused(update)
    event.refresh_from_db()
    assert event.note == ""


def test_a_raw_delete_is_refused(event):
    def delete() -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE id = %s", [event.pk])

    _refused(delete)
    assert ApplicationEvent.objects.filter(pk=event.pk).exists()


def test_a_queryset_update_is_refused(event):
    _refused(lambda: ApplicationEvent.objects.filter(pk=event.pk).update(kind="received"))
    _refused(lambda: ApplicationEvent.objects.update(on=date(2026, 3, 1)))
    event.refresh_from_db()
    assert (event.kind, event.on) == ("close", date(2026, 3, 2))


def test_a_queryset_delete_is_refused(event):
    _refused(lambda: ApplicationEvent.objects.filter(pk=event.pk).delete())
    _refused(lambda: ApplicationEvent.objects.filter(kind="close").delete())
    assert ApplicationEvent.objects.count() == 2


def test_the_model_refuses_before_the_database_is_asked(event):
    event.note = "改写"
    with pytest.raises(ValueError, match="办理记录只能追加，不能修改"):
        event.save()
    with pytest.raises(ValueError, match="办理记录只能追加，不能删除"):
        event.delete()


def test_appending_still_works(event):
    ApplicationEvent.objects.create(
        application=event.application, kind="close", on=date(2026, 3, 3), note="补记"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO {TABLE} (application_id, kind, "on", at, state_before, state_after,'
            " data, note) VALUES (%s, 'note', %s, %s, '', '', '{}', '')",
            [event.application_id, date(2026, 3, 4), event.at],
        )
    assert ApplicationEvent.objects.filter(application=event.application).count() == 4


def test_an_application_with_events_cannot_be_deleted(event):
    application = event.application
    with pytest.raises(ProtectedError), transaction.atomic():
        application.delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        Application.objects.filter(pk=application.pk).delete()
    assert ApplicationEvent.objects.filter(application=application).count() == 2


def test_a_lift_lets_changes_through_only_inside_its_block(event):
    with append_only_lifted(TABLE):
        ApplicationEvent.objects.filter(pk=event.pk).update(note="回填")
    event.refresh_from_db()
    assert event.note == "回填"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {LIFT_TABLE}")
        assert cursor.fetchone() == (0,)
    _refused(lambda: ApplicationEvent.objects.filter(pk=event.pk).update(note="再改"))


def test_a_lift_that_fails_takes_its_changes_with_it(event):
    with pytest.raises(RuntimeError), append_only_lifted(TABLE):
        ApplicationEvent.objects.filter(pk=event.pk).delete()
        raise RuntimeError
    assert ApplicationEvent.objects.filter(pk=event.pk).exists()
    _refused(lambda: ApplicationEvent.objects.filter(pk=event.pk).delete())


def test_a_lift_of_another_table_does_not_lift_the_events(event):
    with append_only_lifted("applications_application"):
        _refused(lambda: ApplicationEvent.objects.filter(pk=event.pk).delete())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_flush_empties_the_event_table_too():
    """What the test runner does after a transactional (live_server) test, and an operator's
    ``manage.py flush``: on SQLite a DELETE the triggers would refuse without the lift."""
    office = make_office()
    application_register(
        agency=office.agency,
        intake=person_intake(),
        received_on=date(2026, 3, 2),
        actor=office.clerk,
    )
    assert ApplicationEvent.objects.exists()

    call_command("flush", interactive=False, verbosity=0)

    assert not ApplicationEvent.objects.exists() and not Application.objects.exists()
    assert TABLE in append_only_tables()  # the triggers are still there
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {LIFT_TABLE}")
        assert cursor.fetchone() == (0,)
