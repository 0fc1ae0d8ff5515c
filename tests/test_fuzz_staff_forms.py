"""Whatever staff type into the forms of 依申请公开 and of the agency admin's pages, the answer is
the form again with a message at the field, or the step taken with what was typed — never a 500,
never half a write, never a value echoed unescaped.

Covered: the staff registration form; every workflow action's form on the application page
(each in the state it is offered in, posted by the role that takes it); the notice template
editor (preview, save and an unknown button); the agency admin's person, role, department and
settings forms. Each example runs in a savepoint rolled back after it (tests/fuzz_helpers.py).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.agencies.forms import AgencySettingsForm, DepartmentForm, PersonAddForm, RoleFields
from gongkai.agencies.models import Agency, Department, Membership
from gongkai.applications import outcomes
from gongkai.applications.forms import StaffRegistrationForm
from gongkai.applications.forms.actions import action_form
from gongkai.applications.models import Application, ApplicationEvent, NoticeTemplate
from gongkai.applications.notices.views_templates import TemplateForm
from tests.applications.factories import Office, make_office
from tests.applications.views_helpers import (
    act,
    assigned,
    days_ago,
    days_ahead,
    drafted,
    fee_notice_sent,
    public_form_data,
    registered,
    submitted_online,
    today,
)
from tests.fuzz_helpers import (
    FUZZ,
    OMIT,
    TEXT,
    UPLOADS,
    XSS,
    check_answer,
    check_followed,
    form_data,
    rolled_back,
)


@pytest.fixture
def office(db) -> Office:
    return make_office()


def _logged_in(client, user):
    client.force_login(user)
    return client


# -- registration by staff ------------------------------------------------------------------


@FUZZ
@given(data=st.data())
def test_the_staff_registration_form_answers_any_input_with_a_page_or_one_application(
    client, office, data
):
    _logged_in(client, office.clerk)
    form = StaffRegistrationForm(agencies=Agency.objects.filter(pk=office.agency.pk))
    valid = {
        **public_form_data(),
        "agency": str(office.agency.pk),
        "channel": "in_person",
        "received_on": today().isoformat(),
        "submission_key": OMIT,
    }
    sent = data.draw(form_data(form, valid=valid, max_mutated=4))
    with rolled_back():
        count = Application.objects.count()
        response = client.post(reverse("applications:register"), sent)
        if check_answer(response, sent):
            assert Application.objects.count() == count + 1
            app = Application.objects.latest("pk")
            for name in ("applicant_name", "info_name", "address"):
                if name in sent:
                    assert getattr(app, name) == sent[name].strip(), name
            check_followed(client, response, sent)
        else:
            assert Application.objects.count() == count  # nothing half-written


# -- every workflow action's form -----------------------------------------------------------


def _consulting(office: Office) -> Application:
    return act(
        assigned(office), "start_consultation", office.clerk, party="某公司", kind="third_party"
    )


def _awaiting_fee(office: Office) -> Application:
    return act(assigned(office), "send_fee_notice", office.clerk, basis="by_volume", quantity=50)


def _corrections(office: Office) -> Application:
    return act(
        registered(office),
        "request_correction",
        office.clerk,
        items="请补充文号",
        until=days_ahead(10).isoformat(),
    )


def _corrections_over(office: Office) -> Application:
    """Correction requested long ago, its period over: abandoning is offered."""
    app = registered(office, received=days_ago(60))
    return act(
        app,
        "request_correction",
        office.clerk,
        on=days_ago(59),
        items="请补充文号",
        until=days_ago(45).isoformat(),
    )


def _fee_window_over(office: Office) -> Application:
    app = act(
        registered(office, received=days_ago(80)),
        "assign",
        office.clerk,
        on=days_ago(79),
        department=office.department.pk,
    )
    return fee_notice_sent(app, office.clerk, days_ago(78), quantity=50)


def _cleared(office: Office) -> Application:
    app = act(drafted(office), "head_review", office.head)
    return act(app, "clear", office.reviewer)


def _served(office: Office) -> Application:
    return act(_cleared(office), "serve", office.clerk, method="email")


# action: (how to bring an application to a state where it is offered, who takes it)
ACTIONS: dict[str, tuple[Callable[[Office], Application], str]] = {
    "confirm_receipt": (submitted_online, "clerk"),
    "request_correction": (registered, "clerk"),
    "receive_correction": (_corrections, "clerk"),
    "abandon": (_corrections_over, "clerk"),
    "assign": (registered, "clerk"),
    "start_consultation": (assigned, "clerk"),
    "record_consultation_receipt": (_consulting, "clerk"),
    "end_consultation": (_consulting, "clerk"),
    "send_fee_notice": (assigned, "clerk"),
    "record_fee_delivery": (_awaiting_fee, "clerk"),
    "receive_fee": (_awaiting_fee, "clerk"),
    "expire_fee": (_fee_window_over, "clerk"),
    "approve_extension": (assigned, "head"),
    "set_custom_deadline": (assigned, "leader"),
    "draft": (assigned, "clerk"),
    "return": (drafted, "head"),
    "head_review": (drafted, "head"),
    "serve": (_cleared, "clerk"),
    "close": (_served, "clerk"),
    "withdraw": (assigned, "clerk"),
}
# Valid values the form alone cannot guess.
ACTION_VALID = {
    "draft": {"outcome": outcomes.GRANTED},
    "send_fee_notice": {"basis": "by_volume"},
    "serve": {"method": "email", "files": OMIT},
    "start_consultation": {"kind": "third_party"},
}


def test_every_workflow_action_has_a_row_here():
    from gongkai.applications import workflow

    # leader_approve and clear are the same plain date-and-note form as head_review.
    assert set(workflow.ACTIONS) - set(ACTIONS) == {"leader_approve", "clear"}


@pytest.fixture
def action_app(office: Office, action: str) -> Application:
    """The application in the state the action is offered in (made once per test)."""
    return ACTIONS[action][0](office)


@pytest.mark.parametrize("action", sorted(ACTIONS))
@settings(FUZZ, max_examples=15)  # twenty actions: fewer examples each
@given(data=st.data())
def test_each_action_form_answers_any_input_with_the_form_again_or_the_step_taken(
    client, office, action, action_app, data
):
    who = ACTIONS[action][1]
    app = Application.objects.get(pk=action_app.pk)
    _logged_in(client, getattr(office, who))
    form = action_form(action, app)
    valid = {**ACTION_VALID.get(action, {}), "on": today().isoformat()}
    if "department" in form.fields:
        valid["department"] = str(office.department.pk)
    sent = data.draw(form_data(form, valid=valid, max_mutated=3))
    if "files" in form.fields and data.draw(st.booleans(), label="with files"):
        sent[form.add_prefix("files")] = data.draw(st.lists(UPLOADS, max_size=2), label="files")
    with rolled_back():
        before = (app.state, app.events.count(), ApplicationEvent.objects.count())
        response = client.post(reverse("applications:act", args=[app.pk, action]), sent)
        app.refresh_from_db()
        if check_answer(response, sent):
            assert app.events.count() == before[1] + 1
            note = sent.get(f"{action}-note")
            if isinstance(note, str):
                assert app.events.latest("pk").note == note.strip()
            check_followed(client, response, sent)
        else:
            assert (app.state, app.events.count()) == before[:2]
            assert ApplicationEvent.objects.count() == before[2]


# -- the notice template editor -------------------------------------------------------------


@pytest.mark.parametrize(("kind", "outcome"), [("receipt", ""), ("reply", outcomes.PARTIAL)])
@FUZZ
@given(data=st.data())
def test_the_notice_template_editor_answers_any_wording_without_a_server_error(
    client, office, kind, outcome, data
):
    _logged_in(client, office.admin)
    url = reverse("notices:template_edit", args=[office.agency.code, kind])
    url += f"?outcome={outcome}" if outcome else ""
    shown = client.get(url).context["form"]
    valid = {"body": shown.initial["body"], "closing": shown.initial["closing"]}
    sent = data.draw(form_data(TemplateForm(), valid=valid, max_mutated=2))
    if data.draw(st.booleans(), label="splice"):  # hostile text inside a valid template
        sent["body"] = valid["body"] + data.draw(TEXT, label="appended")
    sent["action"] = data.draw(st.sampled_from(["preview", "save", "reset", "", XSS]))
    with rolled_back():
        count = NoticeTemplate.objects.count()
        response = client.post(url, sent)
        accepted = check_answer(response, sent, page_without_error=True)
        if response.status_code == 302:
            check_followed(client, response, sent)
        if not (accepted and sent["action"] == "save"):
            assert NoticeTemplate.objects.count() == count


# -- the agency admin's pages ---------------------------------------------------------------


@FUZZ
@given(data=st.data())
def test_adding_a_person_answers_any_input_with_the_form_again_or_the_person_added(
    client, office, data
):
    _logged_in(client, office.admin)
    form = PersonAddForm(agency=office.agency)
    valid = {
        "mode": "new",
        "username": "new-person",
        "name": "王五",
        "password": "pw-for-tests-only",
        "role": "clerk",
    }
    sent = data.draw(form_data(form, valid=valid, max_mutated=3))
    with rolled_back():
        counts = (get_user_model().objects.count(), Membership.objects.count())
        response = client.post(reverse("agencies:person_add", args=[office.agency.code]), sent)
        if check_answer(response, sent):
            assert Membership.objects.count() == counts[1] + 1
            check_followed(client, response, sent)
        else:
            assert (get_user_model().objects.count(), Membership.objects.count()) == counts


@FUZZ
@given(data=st.data())
def test_granting_a_role_answers_any_input_with_the_form_again_or_the_role(client, office, data):
    _logged_in(client, office.admin)
    form = RoleFields(agency=office.agency)
    valid = {"role": "head", "department": str(office.department.pk)}
    sent = data.draw(form_data(form, valid=valid, max_mutated=2))
    url = reverse("agencies:person", args=[office.agency.code, office.clerk2.pk])
    with rolled_back():
        count = Membership.objects.count()
        response = client.post(url, sent)
        if check_answer(response, sent):
            check_followed(client, response, sent)
        else:
            assert Membership.objects.count() == count


@pytest.mark.parametrize("page", ["add", "rename"])
@FUZZ
@given(name=TEXT)
def test_a_department_s_name_is_stored_as_typed_or_refused_with_a_message(
    client, office, page, name
):
    _logged_in(client, office.admin)
    if page == "add":
        url = reverse("agencies:departments", args=[office.agency.code])
    else:
        url = reverse("agencies:department_rename", args=[office.agency.code, office.department.pk])
    sent = {"name": name}
    with rolled_back():
        names = set(Department.objects.values_list("name", flat=True))
        response = client.post(url, sent)
        after = set(Department.objects.values_list("name", flat=True))
        if check_answer(response, sent):
            assert name.strip() in after
            check_followed(client, response, sent)
        else:
            assert after == names


@FUZZ
@given(data=st.data())
def test_the_agency_settings_answer_any_input_with_the_form_again_or_the_settings_saved(
    client, office, data
):
    _logged_in(client, office.admin)
    agency = Agency.objects.get(pk=office.agency.pk)
    form = AgencySettingsForm(instance=agency)
    valid = {name: form[name].value() for name in form.fields}
    valid = {k: (OMIT if v in (None, False) else v) for k, v in valid.items()}
    valid.update(level="province", disclosure_office=str(office.department.pk))
    sent = data.draw(form_data(form, valid=valid, max_mutated=4))
    url = reverse("agencies:settings", args=[office.agency.code])
    with rolled_back():
        response = client.post(url, sent)
        stored = Agency.objects.get(pk=agency.pk)
        if check_answer(response, sent):
            for name in ("office_name", "office_address"):
                if isinstance(sent.get(name), str):
                    assert getattr(stored, name) == sent[name].strip(), name
            check_followed(client, response, sent)
        else:
            for name in ("office_name", "office_address", "notice_number_pattern"):
                assert getattr(stored, name) == getattr(agency, name), name


def test_a_department_name_with_a_script_tag_is_shown_escaped(client, office):
    _logged_in(client, office.admin)
    url = reverse("agencies:departments", args=[office.agency.code])
    response = client.post(url, {"name": XSS}, follow=True)
    assert XSS not in response.text and "&lt;script&gt;x&lt;/script&gt;" in response.text
    assert DepartmentForm  # the form under test
