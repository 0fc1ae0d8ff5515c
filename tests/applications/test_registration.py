"""Intake: what an application must contain, Art. 31 receipt days, and no double submissions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from gongkai.applications.intake import Intake, intake_problems
from gongkai.applications.models import Application, ApplicationEvent, State
from gongkai.applications.services import (
    IntakeError,
    SubmissionKeyReused,
    application_act,
    application_register,
    application_submit_online,
)
from gongkai.core.errors import DomainError
from tests.applications.factories import organisation_intake, person_intake


def test_a_complete_application_of_a_person_has_no_problems():
    assert intake_problems(person_intake()) == {}


def test_an_organisation_needs_its_credit_code_kind_and_contact_person():
    problems = intake_problems(organisation_intake(uscc="", org_kind="", contact_person=""))
    assert set(problems) == {"uscc", "org_kind", "contact_person"}
    assert problems["uscc"] == "请填写统一社会信用代码"


def test_a_wrong_id_check_digit_is_named_on_the_id_number_field():
    good = person_intake().id_number
    wrong = good[:-1] + ("0" if good[-1] != "0" else "1")
    problems = intake_problems(person_intake(id_number=wrong))
    assert list(problems) == ["id_number"]
    assert "校验位" in problems["id_number"]


def test_a_wrong_credit_code_check_character_is_named_on_its_field():
    good = organisation_intake().uscc
    wrong = good[:-1] + ("1" if good[-1] != "1" else "2")
    assert "校验位" in intake_problems(organisation_intake(uscc=wrong))["uscc"]


def test_an_unknown_choice_lists_the_valid_ones():
    problem = intake_problems(person_intake(form_wanted="fax"))["form_wanted"]
    assert "纸质文本" in problem and "fax" in problem


def test_delivery_by_post_needs_an_address_and_by_email_an_email():
    assert "address" in intake_problems(person_intake(delivery="post", address=""))
    assert "email" in intake_problems(person_intake(delivery="email", email=""))


def test_intake_from_a_mapping_fills_missing_fields_with_empty_strings():
    intake = Intake.from_mapping({"applicant_name": " 王五 "})
    assert intake.applicant_name == "王五" and intake.uscc == ""


def test_staff_register_an_in_person_application_as_received_that_day(office):
    today = timezone.localdate()
    app = application_register(
        agency=office.agency, intake=person_intake(), received_on=today, actor=office.clerk
    )
    assert app.state == State.REGISTERED
    assert app.received_on == today and app.received_confirmed_by == office.clerk
    assert app.number == f"{today.year}-00001"
    assert app.report_column == "natural_person"
    assert app.due_on is not None and "20 个工作日" in app.due_explanation
    event = app.events.get()
    assert (event.kind, event.actor, event.state_before, event.state_after) == (
        "register",
        office.clerk,
        "",
        State.REGISTERED,
    )


def test_an_organisation_counts_in_its_kinds_column(office):
    app = application_register(
        agency=office.agency,
        intake=organisation_intake(org_kind="legal_services"),
        received_on=date(2026, 3, 2),
        actor=office.clerk,
    )
    assert app.report_column == "legal_services"


def test_a_receipt_day_in_the_future_is_refused_on_its_field(office):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(IntakeError) as error:
        application_register(
            agency=office.agency, intake=person_intake(), received_on=tomorrow, actor=office.clerk
        )
    assert error.value.field == "received_on"
    assert Application.objects.count() == 0


def test_bad_input_stores_nothing_and_names_every_field(office):
    with pytest.raises(IntakeError) as error:
        application_register(
            agency=office.agency,
            intake=person_intake(applicant_name="", phone="12"),
            received_on=timezone.localdate(),
            actor=office.clerk,
        )
    assert set(error.value.problems) == {"applicant_name", "phone"}
    assert Application.objects.count() == ApplicationEvent.objects.count() == 0


def test_only_the_agencys_clerks_register(office):
    with pytest.raises(DomainError):
        application_register(
            agency=office.agency,
            intake=person_intake(),
            received_on=timezone.localdate(),
            actor=office.outsider,
        )


def test_an_online_application_waits_for_the_office_to_confirm_the_receipt_day(office):
    app = application_submit_online(agency=office.agency, intake=person_intake())
    assert app.state == State.SUBMITTED and app.received_on is None and app.due_on is None
    assert app.channel == "online" and app.registered_by is None
    confirmed = application_act(
        application=app,
        action="confirm_receipt",
        actor=office.clerk,
        on=timezone.localdate(),
    )
    assert confirmed.received_on == timezone.localdate()
    assert confirmed.received_confirmed_by == office.clerk
    assert confirmed.due_on is not None


def test_submitting_the_same_form_twice_creates_one_application(office):
    intake = person_intake()
    first = application_submit_online(agency=office.agency, intake=intake, submission_key="k-1")
    second = application_submit_online(agency=office.agency, intake=intake, submission_key="k-1")
    assert first.pk == second.pk and first.query_code == second.query_code
    assert Application.objects.count() == 1


def test_staff_registering_twice_with_one_key_creates_one_application(office):
    kwargs = dict(
        agency=office.agency,
        intake=person_intake(),
        received_on=timezone.localdate(),
        actor=office.clerk,
        submission_key="desk-7",
    )
    first = application_register(**kwargs)
    second = application_register(**kwargs)
    assert first.pk == second.pk


@pytest.mark.parametrize("other_agency", [False, True])
def test_a_key_sent_again_with_another_application_never_returns_the_first(office, other_agency):
    first = application_submit_online(
        agency=office.agency, intake=person_intake(), submission_key="kiosk-1"
    )
    agency = office.other_agency if other_agency else office.agency
    different = person_intake(applicant_name="李四", info_name="另一项信息")
    with pytest.raises(SubmissionKeyReused):
        application_submit_online(agency=agency, intake=different, submission_key="kiosk-1")
    assert Application.objects.get() == first


def test_numbers_run_per_agency_and_query_codes_differ(office):
    apps = [
        application_submit_online(agency=office.agency, intake=person_intake()) for _ in range(3)
    ]
    year = timezone.localdate().year
    assert [a.number for a in apps] == [f"{year}-0000{i}" for i in (1, 2, 3)]
    assert len({a.query_code for a in apps}) == 3
    other = application_submit_online(agency=office.other_agency, intake=person_intake())
    assert other.number == f"{year}-00001"


def test_numbers_never_run_out_past_the_99999th_application_of_a_year(office):
    year = timezone.localdate().year
    first = application_submit_online(agency=office.agency, intake=person_intake())
    # Stand in for 99,998 earlier applications: the sequence continues from the highest number.
    Application.objects.filter(pk=first.pk).update(number=f"{year}-99999")
    numbers = [
        application_submit_online(agency=office.agency, intake=person_intake()).number
        for _ in range(2)
    ]
    assert numbers == [f"{year}-100000", f"{year}-100001"]
    # A number of last year or another shape does not disturb the sequence.
    Application.objects.filter(number=f"{year}-100001").update(number=f"{year}-0100002")
    assert (
        application_submit_online(agency=office.agency, intake=person_intake()).number
        == f"{year}-100001"
    )
