"""Every kind of event the code records is declared once (applications.event_kinds), and what
the declarations name — clock events, notices, consulted parties' letters — exists."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.applications import event_kinds
from gongkai.applications.event_kinds import CONSULTED_PARTIES, EVENT_KINDS
from gongkai.applications.ledger.repeats import EVENT_KIND as IMPORT_KIND
from gongkai.applications.models import ApplicationEvent
from gongkai.applications.notices import kinds as notice_kinds
from gongkai.applications.services.registration import application_register
from gongkai.applications.services.withdrawal import WITHDRAW
from gongkai.applications.workflow import ACTIONS
from gongkai.workdays import clock
from tests.applications.factories import person_intake

RECORDED = {
    *ACTIONS,
    event_kinds.SUBMIT,
    event_kinds.REGISTER,
    IMPORT_KIND,
    WITHDRAW,
    event_kinds.PURGE_PERSONAL_DATA,
}


def test_the_kinds_the_code_records_are_exactly_the_declared_ones():
    assert set(EVENT_KINDS) == RECORDED
    assert IMPORT_KIND == event_kinds.IMPORT


def test_a_workflow_action_is_labelled_as_the_event_it_records():
    for key, act in ACTIONS.items():
        assert act.label == EVENT_KINDS[key].label


def test_the_model_offers_the_declared_kinds_as_choices():
    field = ApplicationEvent._meta.get_field("kind")
    assert [key for key, _ in field.choices] == list(EVENT_KINDS)
    assert dict(field.choices)["serve"] == "送达答复告知书"


def test_the_clock_events_and_notices_named_exist():
    for kind in EVENT_KINDS.values():
        assert kind.clock_kind is None or kind.clock_kind in clock.KINDS, kind.key
        assert kind.notice_kind is None or kind.notice_kind in notice_kinds.KINDS, kind.key
    for party in CONSULTED_PARTIES.values():
        assert party.letter in notice_kinds.KINDS


def test_the_receipt_is_recorded_by_confirmation_registration_and_import():
    received = {k.key for k in EVENT_KINDS.values() if k.clock_kind == clock.RECEIVED}
    assert received == {"confirm_receipt", "register", "import"}


def test_the_steps_issuing_a_notice_are_found_from_the_declaration():
    assert event_kinds.kinds_issuing(notice_kinds.RECEIPT) == ["register", "confirm_receipt"]
    assert set(event_kinds.kinds_issuing(notice_kinds.REPLY)) == {"abandon", "expire_fee", "serve"}
    for letter in (notice_kinds.CONSULTATION, notice_kinds.AGENCY_CONSULTATION):
        assert event_kinds.kinds_issuing(letter) == ["start_consultation"]
    issued = {k.notice_kind for k in EVENT_KINDS.values()} | {
        p.letter for p in CONSULTED_PARTIES.values()
    }
    assert issued - {None} == set(notice_kinds.KINDS)  # every notice is issued by some step


def test_an_event_of_an_undeclared_kind_is_refused(office):
    application = application_register(
        agency=office.agency,
        intake=person_intake(),
        received_on=date(2026, 3, 2),
        actor=office.clerk,
    )
    with pytest.raises(ValueError, match="未声明的办理记录事项“note”"):
        ApplicationEvent.objects.create(application=application, kind="note", on=date(2026, 3, 2))
    with pytest.raises(ValueError, match="未知的办理记录事项"):
        event_kinds.event_kind("note")
