"""The agency admin's notice template editor: their agency's wording only, placeholders listed,
a preview composed before saving, a bad placeholder refused at its field."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.http import urlencode

from gongkai.agencies.models import Role
from gongkai.applications import outcomes
from gongkai.applications.models import Notice, NoticeTemplate
from gongkai.applications.notices import kinds
from gongkai.applications.notices.services import notice_wording
from tests.applications.factories import Office, make_user
from tests.applications.test_notices_support import registered

BODY = "{applicant_name}：\n本局来函告知。\n{reply_text}"


def _list(office: Office) -> str:
    return reverse("notices:templates", args=[office.agency.code])


def _edit(office: Office, kind: str = kinds.REPLY, outcome: str = "") -> str:
    url = reverse("notices:template_edit", args=[office.agency.code, kind])
    return url + ("?" + urlencode({"outcome": outcome}) if outcome else "")


def test_the_list_shows_every_kind_and_each_reply_outcome(client, office):
    client.force_login(office.admin)
    page = client.get(_list(office)).text
    for kind in kinds.KINDS.values():
        assert kind.title in page
    assert outcomes.outcome(outcomes.PARTIAL).label in page


def test_the_editor_lists_the_placeholders_of_the_kind_with_their_meaning(client, office):
    client.force_login(office.admin)
    page = client.get(_edit(office, kinds.FEE)).text
    assert "{amount}" in page and "金额（元）" in page
    assert "{applicant_name}" in page and "申请人姓名或名称" in page
    assert "{reply_text}" not in page  # a reply's, not a fee notice's


def test_an_admin_of_another_agency_finds_no_editor(client, office):
    stranger = make_user("admin-b", (office.other_agency, Role.ADMIN))
    client.force_login(stranger)
    assert client.get(_list(office)).status_code == 404
    response = client.post(_edit(office), {"action": "save", "body": BODY, "closing": ""})
    assert response.status_code == 404
    assert not NoticeTemplate.objects.exists()


def test_a_clerk_is_refused(client, office):
    client.force_login(office.clerk)
    assert client.get(_edit(office)).status_code == 403


def test_an_unknown_kind_or_outcome_is_not_found(client, office):
    client.force_login(office.admin)
    assert client.get(_edit(office, "nonsense")).status_code == 404
    assert client.get(_edit(office, kinds.FEE, outcomes.GRANTED)).status_code == 404


def test_a_preview_shows_the_composed_notice_and_saves_nothing(client, office):
    client.force_login(office.admin)
    body = "{applicant_name}：\n本局特别说明：请查收。\n{reply_text}"
    response = client.post(_edit(office), {"action": "preview", "body": body, "closing": ""})
    assert response.status_code == 200
    page = response.text
    assert "本局特别说明：请查收。" in page
    assert "张三（示例）" in page  # the sample application
    assert "如对本答复不服" in page  # the fixed legal text is appended
    assert not NoticeTemplate.objects.exists()


def test_a_preview_for_one_of_the_agencys_applications_uses_its_facts(client, office):
    application = registered(office, applicant_name="李雷")
    client.force_login(office.admin)
    data = {
        "action": "preview",
        "body": "{applicant_name}：\n编号{application_number}已收到。",
        "closing": "",
        "application": application.number,
    }
    page = client.post(_edit(office, kinds.RECEIPT), data).text
    assert "李雷：" in page and f"编号{application.number}已收到。" in page
    assert Notice.objects.filter(application=application).count() == 1  # only its own receipt


def test_another_agencys_application_cannot_be_previewed(client, office):
    client.force_login(office.admin)
    data = {"action": "preview", "body": BODY, "closing": "", "application": "nope-1"}
    page = client.post(_edit(office), data).text
    assert "预览所用申请编号：本机关没有编号为" in page


def test_a_preview_of_a_fee_notice_fills_the_steps_values_with_samples(client, office):
    client.force_login(office.admin)
    body = kinds.kind(kinds.FEE).default_body
    page = client.post(_edit(office, kinds.FEE), {"action": "preview", "body": body}).text
    assert "金额：100元" in page


def test_saving_makes_the_agencys_own_template_the_one_in_force(client, office):
    client.force_login(office.admin)
    response = client.post(
        _edit(office, outcome=outcomes.GRANTED),
        {"action": "save", "body": BODY.replace("\n", "\r\n"), "closing": ""},
    )
    assert response.status_code == 302
    template = NoticeTemplate.objects.get()
    assert (template.agency, template.kind, template.outcome) == (
        office.agency,
        kinds.REPLY,
        outcomes.GRANTED,
    )
    assert template.body == BODY
    assert notice_wording(office.agency, kinds.REPLY, outcomes.GRANTED).body == BODY
    # Saved again: the same row, changed.
    client.post(
        _edit(office, outcome=outcomes.GRANTED),
        {"action": "save", "body": BODY + "\n此致", "closing": ""},
    )
    assert NoticeTemplate.objects.get().body.endswith("此致")


def test_a_bad_placeholder_is_refused_at_its_field(client, office):
    client.force_login(office.admin)
    for action in ("save", "preview"):
        response = client.post(
            _edit(office), {"action": action, "body": BODY + "{secret}", "closing": ""}
        )
        assert response.status_code == 200
        assert "正文中的占位符“{secret}”无法识别" in response.text
    assert not NoticeTemplate.objects.exists()


def test_legal_text_and_a_missing_required_placeholder_are_refused(client, office):
    client.force_login(office.admin)
    response = client.post(
        _edit(office), {"action": "save", "body": "{applicant_name}：\n特此告知。", "closing": ""}
    )
    assert "的正文必须包含占位符" in response.text and "{reply_text}" in response.text
    response = client.post(
        _edit(office), {"action": "save", "body": BODY, "closing": "可申请行政复议"}
    )
    assert "落款前的联系信息不能包含法律依据或救济途径的文字" in response.text
    assert not NoticeTemplate.objects.exists()


def test_resetting_removes_the_agencys_own_template(client, office):
    NoticeTemplate.objects.create(agency=office.agency, kind=kinds.REPLY, body=BODY)
    client.force_login(office.admin)
    response = client.post(_edit(office), {"action": "reset"})
    assert response.status_code == 302
    assert not NoticeTemplate.objects.exists()


@pytest.mark.parametrize(
    ("kind", "outcome"),
    [(key, "") for key in kinds.KINDS] + [(kinds.REPLY, key) for key in outcomes.OUTCOMES],
)
def test_every_kind_and_outcome_previews_its_default_wording(client, office, kind, outcome):
    client.force_login(office.admin)
    body = kinds.default_body_for(kind, outcome)
    response = client.post(_edit(office, kind, outcome), {"action": "preview", "body": body})
    assert response.status_code == 200
    assert 'id="preview"' in response.text, response.text
    shown = outcome or (outcomes.GRANTED if kind == kinds.REPLY else "")  # a reply needs one
    assert f'<h3 style="text-align:center">{kinds.title_for(kind, shown)}</h3>' in response.text
