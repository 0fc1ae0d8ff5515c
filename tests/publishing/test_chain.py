"""The review chain of an item, through the services: draft → head → leader → confidentiality
review → published; send-backs, no second step by one person, the PII override, versions,
withdrawal, and the 索引号."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.agencies.models import Membership, Role
from gongkai.agencies.numbering import INDEX_NUMBER
from gongkai.core.errors import DomainError
from gongkai.core.identity import resident_id_check_char
from gongkai.publishing.models import EventKind, Item, ItemEvent, State
from gongkai.publishing.services.drafting import item_create, item_update
from gongkai.publishing.services.steps import item_act
from gongkai.search.index import search
from tests.applications.factories import make_office, make_user
from tests.publishing.factories import category, draft_item, published_item, review

pytestmark = pytest.mark.django_db

ID17 = "23010319850615123"
RESIDENT = ID17 + resident_id_check_char(ID17)


@pytest.fixture
def office():
    return make_office()


def kinds(item: Item) -> list[str]:
    return list(item.events.order_by("at", "pk").values_list("kind", flat=True))


def test_an_item_passes_every_step_and_is_published_with_an_index_number(office):
    office.agency.index_number_pattern = "{code}/{year}-{seq:05d}"
    office.agency.save()
    item = published_item(office)
    year = timezone.localdate().year
    assert item.state == State.PUBLISHED
    assert item.index_number == f"hlj-ipo/{year}-00001"
    assert item.published_on == timezone.localdate()
    assert item.current_version.number == 1
    assert item.current_version.title == item.title
    assert kinds(item) == ["create", "submit", "head_approve", "leader_approve", "publish"]
    second = published_item(office, title="第二条")
    assert second.index_number == f"hlj-ipo/{year}-00002"


def test_the_published_item_is_found_by_search_in_the_same_transaction(office):
    item = published_item(office, body="<p>加强专利保护，严厉打击侵权。</p>")
    results = search("专利", agency_id=office.agency.pk)
    assert [hit.doc_id for hit in results.hits] == [item.pk]


def test_a_draft_is_not_in_search(office):
    draft_item(office, body="<p>加强专利保护</p>")
    assert search("专利").total == 0


def test_the_steps_must_come_in_order(office):
    item = draft_item(office)
    with pytest.raises(DomainError, match="草稿"):
        item_act(item=item, actor=office.head, key="head_approve")
    item = item_act(item=item, actor=office.clerk, key="submit")
    with pytest.raises(DomainError, match="待处室负责人审核"):
        item_act(item=item, actor=office.leader, key="leader_approve")


def test_each_step_needs_its_role(office):
    item = item_act(item=draft_item(office), actor=office.clerk, key="submit")
    with pytest.raises(DomainError, match="处室负责人"):
        item_act(item=item, actor=office.clerk2, key="head_approve")
    with pytest.raises(DomainError):
        item_act(item=item, actor=office.outsider, key="head_approve")


def test_a_head_of_another_department_cannot_review(office):
    other = office.agency.departments.create(name="专利管理处")
    head = make_user("head-other")
    Membership.objects.create(user=head, agency=office.agency, role=Role.HEAD, department=other)
    item = item_act(item=draft_item(office), actor=office.clerk, key="submit")
    with pytest.raises(DomainError, match="综合协调处"):
        item_act(item=item, actor=head, key="head_approve")


def test_no_one_takes_two_steps_on_the_same_item(office):
    both = make_user("head-and-leader", (office.agency, Role.HEAD), (office.agency, Role.LEADER))
    item = item_act(item=draft_item(office), actor=office.clerk, key="submit")
    item = item_act(item=item, actor=both, key="head_approve")
    with pytest.raises(DomainError, match="两个环节"):
        item_act(item=item, actor=both, key="leader_approve")
    assert Item.objects.get(pk=item.pk).state == State.HEAD_APPROVED


def test_the_drafter_cannot_review_their_own_draft(office):
    drafter = make_user("clerk-and-reviewer", (office.agency, Role.CLERK))
    Membership.objects.create(user=drafter, agency=office.agency, role=Role.REVIEWER)
    item = draft_item(office)
    item = item_act(item=item, actor=office.clerk, key="submit")
    item = item_act(item=item, actor=office.head, key="head_approve")
    item = item_act(item=item, actor=office.leader, key="leader_approve")
    # The clerk drafted and submitted: made reviewer too, they still may not clear it.
    Membership.objects.create(user=office.clerk, agency=office.agency, role=Role.REVIEWER)
    with pytest.raises(DomainError, match="两个环节"):
        item_act(item=item, actor=office.clerk, key="publish")


def test_a_send_back_needs_a_reason_and_returns_the_item_to_draft(office):
    item = item_act(item=draft_item(office), actor=office.clerk, key="submit")
    item = item_act(item=item, actor=office.head, key="head_approve")
    with pytest.raises(DomainError, match="原因") as refused:
        item_act(item=item, actor=office.leader, key="send_back")
    assert refused.value.field == "reason"
    item = item_act(item=item, actor=office.leader, key="send_back", reason="文号有误")
    assert item.state == State.DRAFT
    event = item.events.get(kind=EventKind.SEND_BACK)
    assert (event.note, event.actor, event.state_before) == (
        "文号有误",
        office.leader,
        "head_approved",
    )
    # A new round: the same head reviews the corrected draft again.
    item_update(item=item, actor=office.clerk, document_number="黑知发〔2026〕4号")
    item = review(office, item)
    assert item.state == State.PUBLISHED


def test_only_whoever_holds_the_step_sends_back(office):
    item = item_act(item=draft_item(office), actor=office.clerk, key="submit")
    with pytest.raises(DomainError, match="正在办理"):
        item_act(item=item, actor=office.reviewer, key="send_back", reason="x")


def test_a_draft_with_an_id_number_needs_an_override_reason_to_publish(office):
    item = draft_item(office, body=f"<p>联系人身份证号{RESIDENT}。</p>")
    item = item_act(item=item, actor=office.clerk, key="submit")
    item = item_act(item=item, actor=office.head, key="head_approve")
    item = item_act(item=item, actor=office.leader, key="leader_approve")
    with pytest.raises(DomainError, match="1 处疑似个人信息") as refused:
        item_act(item=item, actor=office.reviewer, key="publish")
    assert refused.value.field == "override_reason"
    assert Item.objects.get(pk=item.pk).state == State.LEADER_APPROVED
    item = item_act(item=item, actor=office.reviewer, key="publish", override_reason="本人同意公开")
    event = item.events.get(kind=EventKind.PUBLISH)
    assert event.data["override_reason"] == "本人同意公开"
    [hit] = event.data["pii"]
    assert hit["where"] == "正文" and hit["kind"] == "resident_id"
    assert RESIDENT not in str(event.data)  # the record names the hit without repeating it


def test_an_edit_after_publication_goes_through_review_and_keeps_the_versions(office):
    item = published_item(office, title="旧标题")
    with pytest.raises(DomainError, match="修订"):
        item_update(item=item, actor=office.clerk, title="新标题")
    item = item_act(item=item, actor=office.clerk, key="revise", reason="更正错别字")
    item_update(item=item, actor=office.clerk, title="新标题")
    item.refresh_from_db()
    assert item.current_version.title == "旧标题"  # the public still sees the published version
    item = review(office, item)
    assert [v.title for v in item.versions.order_by("number")] == ["旧标题", "新标题"]
    assert item.current_version.number == 2
    assert item.current_version.change_note == "更正错别字"
    assert search("新标题").total == 1 and search("旧标题").total == 0


def test_withdrawal_needs_a_reason_and_takes_the_item_out_of_search(office):
    item = published_item(office, body="<p>专利</p>")
    with pytest.raises(DomainError, match="原因"):
        item_act(item=item, actor=office.clerk, key="withdraw")
    item = item_act(item=item, actor=office.clerk, key="withdraw", reason="已被新文件替代")
    assert item.state == State.WITHDRAWN
    assert (item.withdrawn_on, item.withdrawn_reason) == (timezone.localdate(), "已被新文件替代")
    assert not item.is_public
    assert search("专利").total == 0


def test_a_draft_never_published_cannot_be_withdrawn(office):
    with pytest.raises(DomainError, match="尚未公开"):
        item_act(item=draft_item(office), actor=office.clerk, key="withdraw", reason="x")


def test_an_index_number_is_never_reused(office):
    first = published_item(office)
    item_act(item=first, actor=office.clerk, key="withdraw", reason="错误发布")
    second = published_item(office, title="另一条")
    assert first.index_number != second.index_number
    assert second.index_number.endswith("00002")


def test_a_bad_index_pattern_refuses_publication_naming_the_field(office):
    office.agency.index_number_pattern = "{year}"
    office.agency.save()
    item = draft_item(office)
    item = item_act(item=item, actor=office.clerk, key="submit")
    item = item_act(item=item, actor=office.head, key="head_approve")
    item = item_act(item=item, actor=office.leader, key="leader_approve")
    with pytest.raises(DomainError) as refused:
        item_act(item=item, actor=office.reviewer, key="publish")
    assert refused.value.field == "index_number_pattern"
    assert Item.objects.get(pk=item.pk).state == State.LEADER_APPROVED  # nothing half-written


def test_the_content_is_checked_naming_the_field(office):
    with pytest.raises(DomainError) as refused:
        draft_item(office, title="  ")
    assert refused.value.field == "title"
    with pytest.raises(DomainError) as refused:
        draft_item(office, validity="in_force")  # kind defaults to 其他
    assert refused.value.field == "validity"
    with pytest.raises(DomainError) as refused:
        draft_item(office, kind="normative", validity="repealed")
    assert refused.value.field == "validity_changed_on"


def test_the_body_is_sanitised_before_it_is_stored(office):
    item = draft_item(office, body='<p onclick="x()">正文<script>alert(1)</script></p>')
    assert item.body == "<p>正文</p>"


def test_links_between_versions_of_a_regulation(office):
    old = published_item(office, kind="normative", validity="in_force")
    new = draft_item(
        office, kind="normative", validity="in_force", replaces=old, written_on=date(2026, 11, 20)
    )
    assert new.replaces == old
    with pytest.raises(DomainError) as refused:
        draft_item(office, replaces=published_item(office, title="普通信息"), kind="normative")
    assert refused.value.field == "replaces"


def test_the_history_cannot_be_rewritten(office):
    item = draft_item(office)
    with pytest.raises(IntegrityError), transaction.atomic():
        ItemEvent.objects.filter(item=item).update(note="改写")
    with pytest.raises(IntegrityError), transaction.atomic():
        ItemEvent.objects.filter(item=item).delete()


def test_a_drafter_cannot_approve_their_own_draft_after_sending_it_back(office):
    """Authorship outlives a send-back: the drafter who also heads the department may send
    their draft back, but not approve it once a colleague has submitted it again."""
    drafter = make_user("clerk-and-head", (office.agency, Role.CLERK), (office.agency, Role.HEAD))
    item = item_create(
        agency=office.agency,
        actor=drafter,
        department=office.department,
        category=category(office),
        title="自己起草的信息",
        issuer=office.agency.name,
        formed_on=date(2026, 11, 2),
    )
    item = item_act(item=item, actor=drafter, key="submit")
    item = item_act(item=item, actor=drafter, key="send_back", reason="再看看")
    item = item_act(item=item, actor=office.clerk2, key="submit")
    with pytest.raises(DomainError, match="两个环节"):
        item_act(item=item, actor=drafter, key="head_approve")
    assert item_act(item=item, actor=office.head, key="head_approve").state == State.HEAD_APPROVED


def test_an_index_pattern_must_name_the_agency_so_numbers_are_unique_across_agencies(office):
    assert "机关代码" in INDEX_NUMBER.problem("{year}-{seq:05d}")
    assert INDEX_NUMBER.problem("{统一社会信用代码}/{year}-{seq:05d}") is None


def test_a_clash_of_index_numbers_is_refused_naming_the_pattern_not_a_server_error(office):
    office.agency.index_number_pattern = "{统一社会信用代码}/{year}-{seq:05d}"
    office.agency.credit_code = "11230000MB0000000X"
    office.agency.save()
    twin = make_office("twin-")
    twin.agency.index_number_pattern = office.agency.index_number_pattern
    twin.agency.credit_code = office.agency.credit_code  # a typing error in the settings
    twin.agency.save()
    published_item(office)
    item = draft_item(twin)
    item = item_act(item=item, actor=twin.clerk, key="submit")
    item = item_act(item=item, actor=twin.head, key="head_approve")
    item = item_act(item=item, actor=twin.leader, key="leader_approve")
    with pytest.raises(DomainError, match="已被使用") as refused:
        item_act(item=item, actor=twin.reviewer, key="publish")
    assert refused.value.field == "index_number_pattern"
