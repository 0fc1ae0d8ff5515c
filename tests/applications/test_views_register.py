"""Staff register applications from every other channel, with the Art. 31 receipt day."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.agencies.models import Membership, Role
from gongkai.applications.models import Application, Channel, State
from tests.applications.factories import uscc
from tests.applications.views_helpers import days_ago, days_ahead, field_html, public_form_data

NEW = reverse("applications:register")


def form_data(office, **overrides) -> dict[str, str]:
    data = public_form_data(
        agency=str(office.agency.pk),
        channel="in_person",
        received_on=days_ago(1).isoformat(),
    )
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_the_form_offers_every_channel_but_online_and_explains_art_31(client, office):
    client.force_login(office.clerk)
    response = client.get(NEW)
    assert response.status_code == 200
    choices = dict(response.context["form"].fields["channel"].choices)
    assert Channel.ONLINE not in choices and Channel.ORAL not in choices
    assert {"in_person", "post_signed", "post_ordinary", "email", "fax"} <= set(choices)
    receipt = field_html(response.text, "received_on")
    assert "签收之日" in receipt and "确认之日" in receipt
    assert "口头申请，代为填写" in response.text


@pytest.mark.parametrize("channel", ["in_person", "post_signed", "post_ordinary", "email", "fax"])
def test_a_clerk_registers_an_application_received_by_any_channel(client, office, channel):
    client.force_login(office.clerk)
    response = client.post(NEW, form_data(office, channel=channel))
    app = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:detail", args=[app.pk])
    assert (app.channel, app.state, app.received_on) == (channel, State.REGISTERED, days_ago(1))
    assert app.received_confirmed_by == office.clerk and app.due_on is not None


def test_an_oral_application_is_filled_in_on_the_applicants_behalf(client, office):
    client.force_login(office.clerk)
    client.post(NEW, form_data(office, channel="", oral="on", note="申请人不便书写，当面口述"))
    app = Application.objects.get()
    assert app.channel == Channel.ORAL
    assert app.events.get().note == "申请人不便书写，当面口述"


def test_an_organisation_is_registered_with_its_kind(client, office):
    client.force_login(office.admin)
    data = form_data(
        office,
        applicant_kind="organisation",
        applicant_name="某研究院",
        uscc=uscc(),
        org_kind="research",
        contact_person="周九",
        id_type="",
        id_number="",
    )
    assert client.post(NEW, data).status_code == 302
    assert Application.objects.get().report_column == "research"


def test_registering_the_same_form_twice_registers_once(client, office):
    client.force_login(office.clerk)
    data = form_data(office)
    first, second = client.post(NEW, data), client.post(NEW, data)
    assert Application.objects.count() == 1
    assert first["Location"] == second["Location"]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"received_on": ""}, "received_on", "请填写收到申请日期"),
        ({"received_on": days_ahead(3).isoformat()}, "received_on", "晚于今天"),
        ({"received_on": "2026-13-40"}, "received_on", "收到申请日期不是有效日期"),
        ({"channel": ""}, "channel", "请填写申请方式"),
        ({"channel": "online"}, "channel", "申请方式的选项无效"),
        ({"agency": ""}, "agency", "请填写受理机关"),
        ({"id_number": "12345"}, "id_number", "身份证号码应为 18 位"),
    ],
)
def test_bad_input_is_named_at_its_field_and_kept(client, office, overrides, field, message):
    client.force_login(office.clerk)
    data = form_data(office, applicant_name="吴十", **overrides)
    response = client.post(NEW, data)
    assert response.status_code == 200 and not Application.objects.exists()
    assert message in " ".join(response.context["form"].errors[field])
    assert message in field_html(response.text, field)
    assert 'value="吴十"' in response.text


def test_another_agencys_clerk_cannot_register_here(client, office):
    client.force_login(office.outsider)
    response = client.post(NEW, form_data(office))
    assert response.status_code == 200 and not Application.objects.exists()
    assert response.context["form"].errors["agency"] == ["受理机关的选项无效，请重新选择"]


@pytest.mark.parametrize("persona", ["head", "leader", "reviewer", "provincial"])
def test_only_clerks_and_admins_register(client, office, persona):
    client.force_login(getattr(office, persona))
    assert client.get(NEW).status_code == 403
    response = client.post(NEW, form_data(office))
    assert response.status_code == 403 and "承办人或机关管理员" in response.text
    assert not Application.objects.exists()


def test_a_clerk_of_two_agencies_chooses_where_it_is_registered(client, office):
    Membership.objects.create(user=office.clerk, agency=office.other_agency, role=Role.CLERK)
    client.force_login(office.clerk)
    client.post(NEW, form_data(office, agency=str(office.other_agency.pk)))
    assert Application.objects.get().agency == office.other_agency
