"""The public online form: no account, every Art. 29 field, a query code, no double applications."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.applications.models import Application, Channel, State
from gongkai.applications.views.access import APPLICANT_SESSION_KEY
from tests.applications.factories import uscc
from tests.applications.views_helpers import field_html, public_form_data


def apply_url(office) -> str:
    return reverse("applications:apply", args=[office.agency.code])


def test_the_form_is_public_mobile_ready_and_asks_every_art_29_field(client, office):
    response = client.get(apply_url(office))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert office.agency.name in html
    for name in (
        "applicant_kind", "applicant_name", "id_type", "id_number", "uscc", "org_kind",
        "contact_person", "phone", "email", "address", "info_name", "doc_number",
        "description", "form_wanted", "delivery",
    ):  # fmt: skip
        assert f'name="{name}"' in html, name
    key = re.search(r'name="submission_key" value="([0-9a-f-]{36})"', html)
    assert key, "the form carries a fresh submission key"


def test_each_showing_of_the_form_has_its_own_submission_key(client, office):
    keys = {
        re.search(r'name="submission_key" value="([^"]+)"', client.get(apply_url(office)).text)[1]
        for _ in range(2)
    }
    assert len(keys) == 2


def test_an_unknown_agency_has_no_form(client, db):
    assert client.get(reverse("applications:apply", args=["no-such-agency"])).status_code == 404


def test_a_person_applies_and_sees_the_query_code_with_how_to_follow_it(client, office):
    response = client.post(apply_url(office), public_form_data(), follow=True)
    application = Application.objects.get()
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse(
        "applications:apply_done", args=[office.agency.code]
    )
    assert re.search(r'id="query-code">' + re.escape(application.query_code) + "<", html)
    assert reverse("applications:track") in html
    assert "联系电话" in html  # how to open it again: code plus phone or ID number
    assert (application.channel, application.state) == (Channel.ONLINE, State.SUBMITTED)
    assert application.received_on is None  # the office confirms the receipt day
    assert client.session[APPLICANT_SESSION_KEY] == [application.pk]


def test_an_organisation_applies_with_its_credit_code_and_kind(client, office):
    data = public_form_data(
        applicant_kind="organisation",
        applicant_name="某某律师事务所",
        id_type="",
        id_number="",
        uscc=uscc(),
        org_kind="legal_services",
        contact_person="王五",
    )
    assert client.post(apply_url(office), data).status_code == 302
    application = Application.objects.get()
    assert (application.org_kind, application.report_column) == ("legal_services", "legal_services")
    assert application.contact_person == "王五"


def test_submitting_the_same_form_twice_registers_one_application(client, office):
    data = public_form_data()
    first = client.post(apply_url(office), data, follow=True)
    second = client.post(apply_url(office), data, follow=True)
    application = Application.objects.get()
    for response in (first, second):
        assert f'id="query-code">{application.query_code}<' in response.content.decode()


def test_two_forms_shown_separately_are_two_applications(client, office):
    client.post(
        apply_url(office), public_form_data(submission_key="11111111-1111-4111-8111-111111111111")
    )
    client.post(
        apply_url(office), public_form_data(submission_key="22222222-2222-4222-8222-222222222222")
    )
    assert Application.objects.count() == 2


def test_a_form_without_its_key_still_submits(client, office):
    response = client.post(apply_url(office), public_form_data(submission_key="not-a-uuid"))
    assert response.status_code == 302
    assert Application.objects.get().submission_key is None


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"applicant_name": ""}, "applicant_name", "请填写姓名或名称"),
        ({"phone": ""}, "phone", "请填写联系电话"),
        ({"phone": "12"}, "phone", "联系电话应为 7 至 15 位数字"),
        ({"info_name": ""}, "info_name", "请填写所需信息名称"),
        ({"id_number": "230103198506150020"}, "id_number", "校验"),
        ({"delivery": "post", "address": ""}, "address", "请填写通信地址"),
        ({"delivery": "email", "email": ""}, "email", "请填写电子邮箱"),
        ({"email": "not-an-address"}, "email", "电子邮箱格式不正确"),
        ({"delivery": "pigeon"}, "delivery", "获取信息的方式的选项无效"),
        ({"form_wanted": None}, "form_wanted", "请填写获取信息的形式"),
        ({"info_name": "长" * 301}, "info_name", "所需信息名称最多 300 个字"),
        (
            {"applicant_kind": "organisation", "id_number": "", "id_type": ""},
            "uscc",
            "请填写统一社会信用代码",
        ),
    ],
)
def test_bad_input_is_named_at_its_field_and_nothing_typed_is_lost(
    client, office, overrides, field, message
):
    data = public_form_data(**{"info_name": "专利行政执法案件目录", **overrides})
    response = client.post(apply_url(office), data)
    assert response.status_code == 200
    assert not Application.objects.exists()
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field]), errors
    html = response.content.decode()
    assert message in field_html(html, field), "the message sits at its field"
    assert 'class="error-summary"' in html
    for name in ("applicant_name", "phone", "info_name", "email", "address"):
        value = data.get(name)
        if value and name != field:
            assert f'value="{value}"' in html, name  # kept, not to be typed again
    assert data["submission_key"] in html  # and resubmitting still registers once


def test_every_missing_field_is_named_at_once(client, office):
    response = client.post(
        apply_url(office), {"submission_key": public_form_data()["submission_key"]}
    )
    errors = response.context["form"].errors
    assert {"applicant_name", "phone", "info_name", "form_wanted", "delivery"} <= set(errors)


def test_the_done_page_without_a_submission_goes_back_to_the_form(client, office):
    response = client.get(reverse("applications:apply_done", args=[office.agency.code]))
    assert response.status_code == 302 and response["Location"] == apply_url(office)


def test_a_service_refusal_lands_on_the_field_it_names(client, office, monkeypatch):
    from gongkai.applications.services import IntakeError
    from gongkai.applications.views import public

    def refuse(**kwargs):
        raise IntakeError({"phone": "联系电话已停用", "somewhere": "其他问题"})

    monkeypatch.setattr(public, "application_submit_online", refuse)
    response = client.post(apply_url(office), public_form_data())
    form = response.context["form"]
    assert form.errors["phone"] == ["联系电话已停用"]
    assert form.non_field_errors() == ["其他问题"]


def test_a_reused_page_with_another_persons_application_gets_a_fresh_key_not_their_code(
    client, office
):
    first = public_form_data()
    client.post(apply_url(office), first)
    mine = Application.objects.get()
    # Another person at the same kiosk: back button, new content, the old page's key.
    other = Client()
    data = public_form_data(submission_key=first["submission_key"], applicant_name="另一位申请人")
    response = other.post(apply_url(office), data)
    html = response.content.decode()
    assert response.status_code == 200 and "此表单已提交过另一份申请" in html
    assert mine.query_code not in html and "另一位申请人" in html  # input kept
    fresh = re.search(r'name="submission_key" value="([0-9a-f-]{36})"', html)[1]
    assert fresh != first["submission_key"]
    other.post(apply_url(office), {**data, "submission_key": fresh})
    assert Application.objects.count() == 2


def test_submissions_from_one_address_are_bounded_and_the_refused_one_keeps_what_was_typed(
    client, office, monkeypatch
):
    from gongkai.applications.views import public
    from gongkai.core.throttle import Throttle

    monkeypatch.setattr(public, "SUBMIT_THROTTLE", Throttle("apply", limit=2, window_seconds=60))
    for n in range(2):
        key = f"6f1c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2{n}"
        assert (
            client.post(apply_url(office), public_form_data(submission_key=key)).status_code == 302
        )
    refused = client.post(
        apply_url(office), public_form_data(submission_key="6f1c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e29")
    )
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "提交过于频繁" in html and "2025 年专利资助资金分配结果" in html
    assert Application.objects.count() == 2
    # Another address is not held back by this one.
    other = Client(REMOTE_ADDR="10.0.0.9")
    key = "6f1c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e30"
    assert other.post(apply_url(office), public_form_data(submission_key=key)).status_code == 302
