"""The review chain through the staff's screens, as each persona: drafted and submitted by the
clerk, approved by the head and the leader, published by the reviewer with its 索引号; a send-back
with its reason; the same person refused a second step; personal information shown in context
and published only with a recorded reason."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gongkai.agencies.models import Role
from gongkai.publishing.models import EventKind, Item, State
from gongkai.publishing.services.drafting import item_update
from tests.applications.factories import Office, make_office, make_user, resident_id
from tests.publishing.factories import category, draft_item, published_item


@pytest.fixture
def office(db) -> Office:
    return make_office()


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def detail(item: Item) -> str:
    return reverse("publishing:detail", args=[item.pk])


def step(client: Client, item: Item, key: str, **fields: str):
    data = {f"{key}-{name}": value for name, value in fields.items()}
    return client.post(reverse("publishing:step", args=[item.pk, key]), data)


def new_item_data(office: Office, **overrides: str) -> dict[str, str]:
    data = {
        "category": str(category(office).pk),
        "title": "黑龙江省专利奖励办法",
        "document_number": "黑知发〔2026〕3号",
        "issuer": office.agency.name,
        "written_on": "2026-11-02",
        "formed_on": timezone.localdate().isoformat(),
        "topic": "知识产权",
        "summary": "规定专利奖励的评选和发放。",
        "body": "<p>为鼓励发明创造，制定本办法。</p><script>alert(1)</script>",
        "kind": "normative",
        "validity": "in_force",
        "department": str(office.department.pk),
    }
    data.update(overrides)
    return data


def test_an_item_goes_through_the_chain_as_each_persona_and_gets_its_index_number(office):
    office.agency.index_number_pattern = "{code}/{year}-{seq:05d}"
    office.agency.save()
    clerk = as_user(office.clerk)
    response = clerk.post(
        reverse("publishing:new") + f"?agency={office.agency.code}", new_item_data(office)
    )
    assert response.status_code == 302
    item = Item.objects.get()
    assert response["Location"] == detail(item)
    assert "<script>" not in item.body and "为鼓励发明创造" in item.body
    assert (item.drafter, item.state) == (office.clerk, State.DRAFT)

    page = clerk.get(detail(item)).text
    assert 'id="step-submit"' in page and 'id="step-head_approve"' not in page
    assert step(clerk, item, "submit").status_code == 302

    for user, key, after in (
        (office.head, "head_approve", State.HEAD_APPROVED),
        (office.leader, "leader_approve", State.LEADER_APPROVED),
        (office.reviewer, "publish", State.PUBLISHED),
    ):
        client = as_user(user)
        page = client.get(detail(item)).text
        assert f'id="step-{key}"' in page, key
        assert step(client, item, key).status_code == 302, key
        item.refresh_from_db()
        assert item.state == after

    year = timezone.localdate().year
    assert item.index_number == f"{office.agency.code}/{year}-00001"
    assert item.current_version.number == 1
    page = as_user(office.clerk).get(detail(item)).text
    assert item.index_number in page
    history = page[page.index('id="history"') :]
    for label in (
        "起草",
        "提交审核",
        "处室负责人审核通过",
        "分管领导审核通过",
        "保密审查通过并公开",
    ):
        assert label in history
    assert 'id="versions"' in page


def test_a_send_back_with_its_reason_returns_the_draft_and_the_reason_is_in_the_history(office):
    item = draft_item(office)
    assert step(as_user(office.clerk), item, "submit").status_code == 302
    head = as_user(office.head)
    # Without a reason the form says so beside the field, and nothing changes.
    response = step(head, item, "send_back", reason="")
    assert response.status_code == 200
    assert "请填写退回原因" in response.text
    item.refresh_from_db()
    assert item.state == State.SUBMITTED

    response = step(head, item, "send_back", reason="文号有误，请核对")
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == State.DRAFT
    event = item.events.get(kind=EventKind.SEND_BACK)
    assert (event.actor, event.note) == (office.head, "文号有误，请核对")
    page = as_user(office.clerk).get(detail(item)).text
    assert "文号有误，请核对" in page[page.index('id="history"') :]
    assert 'id="edit"' in page  # the clerk may edit the draft again


def test_the_same_person_cannot_take_two_steps_on_one_item(office):
    both = make_user("both", (office.agency, Role.HEAD), (office.agency, Role.LEADER))
    item = draft_item(office)
    client = as_user(office.clerk)
    step(client, item, "submit")
    client = as_user(both)
    assert step(client, item, "head_approve").status_code == 302
    item.refresh_from_db()
    assert item.state == State.HEAD_APPROVED
    page = client.get(detail(item)).text
    assert 'id="step-leader_approve"' not in page  # not offered...
    response = step(client, item, "leader_approve")  # ...and refused when posted by hand
    assert response.status_code == 403
    assert "同一人不能在同一信息的审核链中办理两个环节" in response.text
    item.refresh_from_db()
    assert item.state == State.HEAD_APPROVED
    assert step(as_user(office.leader), item, "leader_approve").status_code == 302


def test_a_step_not_offered_is_refused_with_its_reason_never_a_500(office):
    item = draft_item(office)
    response = step(as_user(office.reviewer), item, "publish")
    assert response.status_code == 403
    assert "不能执行" in response.text
    response = as_user(office.clerk).post(reverse("publishing:step", args=[item.pk, "nonsense"]))
    assert response.status_code == 404


def _to_review(office: Office, item: Item) -> Item:
    step(as_user(office.clerk), item, "submit")
    step(as_user(office.head), item, "head_approve")
    step(as_user(office.leader), item, "leader_approve")
    item.refresh_from_db()
    assert item.state == State.LEADER_APPROVED
    return item


def test_an_id_number_is_shown_in_context_and_publishing_needs_a_recorded_reason(office):
    number = resident_id()
    item = draft_item(office, body=f"<p>获奖人张三，身份证号码{number}，予以表彰。</p>")
    # The drafter sees it too, before submitting.
    page = as_user(office.clerk).get(detail(item)).text
    assert f"<mark>{number}</mark>" in page
    item = _to_review(office, item)

    reviewer = as_user(office.reviewer)
    page = reviewer.get(detail(item)).text
    form = page[page.index('id="step-publish"') :]
    assert re.search(rf"身份证号码<mark>{number}</mark>，予以表彰", form)
    assert "居民身份证号码" in form and "正文" in form

    response = step(reviewer, item, "publish", override_reason="")
    assert response.status_code == 200
    assert "发现 1 处疑似个人信息" in response.text
    assert 'id="id_publish-override_reason_error"' in response.text  # beside the field
    item.refresh_from_db()
    assert item.state == State.LEADER_APPROVED and item.index_number is None

    response = step(reviewer, item, "publish", override_reason="获奖人同意公开")
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == State.PUBLISHED
    event = item.events.get(kind=EventKind.PUBLISH)
    assert event.data["override_reason"] == "获奖人同意公开"
    assert event.data["pii"][0]["kind"] == "resident_id"
    assert number not in str(event.data)  # recorded masked
    page = reviewer.get(detail(item)).text
    history = page[page.index('id="history"') :]
    assert "获奖人同意公开" in history and "居民身份证号码" in history


def test_withdrawal_needs_a_reason_and_the_page_says_why(office):
    item = published_item(office)
    clerk = as_user(office.clerk)
    assert step(clerk, item, "withdraw", reason="").status_code == 200
    assert step(clerk, item, "withdraw", reason="内容已过时").status_code == 302
    page = clerk.get(detail(item)).text
    assert "撤回原因：内容已过时" in page


def test_the_provincial_office_reads_an_item_and_cannot_act_on_it(office):
    item = draft_item(office)
    provincial = as_user(office.provincial)
    page = provincial.get(detail(item))
    assert page.status_code == 200 and "只读" in page.text
    assert step(provincial, item, "submit").status_code == 403
    assert provincial.get(reverse("publishing:edit", args=[item.pk])).status_code == 403
    outsider = as_user(office.outsider)
    assert outsider.get(detail(item)).status_code == 404
    assert step(outsider, item, "submit").status_code == 404
    item.refresh_from_db()
    assert item.state == State.DRAFT


def test_the_item_page_costs_the_same_queries_however_long_its_history(office):
    item = draft_item(office)
    reviewer = as_user(office.reviewer)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert reviewer.get(detail(item)).status_code == 200
        return len(captured)

    item = _to_review(office, item)
    queries()  # the calendar read once into its cache
    few = queries()
    for n in range(3):  # three more rounds: sent back, edited, reviewed again
        step(as_user(office.reviewer), item, "send_back", reason=f"第 {n} 次退回")
        item_update(item=item, actor=office.clerk, title=f"名称 {n}")
        item = _to_review(office, item)
    assert queries() == few
