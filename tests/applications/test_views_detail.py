"""The staff detail page: all about one application, and a form for each step one may take."""

from __future__ import annotations

import re

from django.urls import reverse

from gongkai.agencies.models import Department, Membership, Role
from gongkai.applications import outcomes
from gongkai.applications.models import State
from gongkai.applications.workflow import ACTIONS
from tests.applications.factories import make_user
from tests.applications.views_helpers import (
    act,
    assigned,
    days_ago,
    days_ahead,
    drafted,
    fee_notice_sent,
    field_html,
    post_action,
    registered,
    submitted_online,
    today,
)


def detail(client, app):
    return client.get(reverse("applications:detail", args=[app.pk]))


def action_keys(html: str) -> set[str]:
    return set(re.findall(r'<section class="action" id="act-([a-z_]+)">', html))


def test_the_page_shows_every_field_the_deadline_and_its_explanation(client, office):
    app = registered(office, doc_number="黑知发〔2025〕3号", description="2025 年第二批")
    client.force_login(office.clerk)
    html = detail(client, app).text
    for text in (
        app.number,
        app.applicant_name,
        app.id_number,
        app.phone,
        app.info_name,
        "黑知发〔2025〕3号",
        "2025 年第二批",
        "当面提交",
        "居民身份证",
        f"{app.due_on:%Y-%m-%d}",
        app.due_explanation,
    ):
        assert text in html, text


def test_the_history_names_who_when_before_after_and_what(client, office):
    app = drafted(office, outcome=outcomes.PARTIAL)
    app = act(app, "return", office.head, reason="请补充法律依据")
    office.head.first_name = "李处长"
    office.head.save()
    client.force_login(office.clerk)
    html = detail(client, app).text
    history = html[html.index('class="history"') :]
    assert "登记申请" in history and "分办" in history and "拟写答复" in history
    assert "综合协调处" in history  # the department's name, not its key
    assert "答复待审核 → 办理中" in history
    assert "李处长" in history and "理由：请补充法律依据" in history
    assert "答复结果：" + outcomes.outcome(outcomes.PARTIAL).label in history


def test_each_role_sees_the_forms_of_what_it_can_do_now(client, office):
    app = assigned(office)
    expected = {
        "clerk": {
            "assign",  # reassignment, until the reply is reviewed
            "request_correction",
            "start_consultation",
            "send_fee_notice",
            "draft",
            "withdraw",
        },
        "head": {"assign", "approve_extension"},
        # Art. 33 names the disclosure office's head; the leader extends only by agency policy.
        "leader": {"set_custom_deadline"},
        "reviewer": set(),
        "provincial": set(),
    }
    for persona, actions in expected.items():
        client.force_login(getattr(office, persona))
        assert action_keys(detail(client, app).text) == actions, persona


def test_the_provincial_office_reads_but_is_told_it_cannot_act(client, office):
    client.force_login(office.provincial)
    response = detail(client, registered(office))
    assert response.status_code == 200 and "不能办理" in response.text


def test_the_draft_form_offers_the_outcomes_of_table_3_and_keeps_a_returned_draft(client, office):
    app = act(drafted(office), "return", office.head, reason="措辞")
    client.force_login(office.clerk)
    form = field_html(detail(client, app).text, "draft-outcome")
    for key, label in outcomes.choices():
        assert f'value="{key}"' in form and label in form
    assert 'value="result.other.1"' not in form  # set by the system, never drafted
    assert f'value="{outcomes.GRANTED}" selected' in form
    assert "答复如下……" in field_html(detail(client, app).text, "draft-reply_text")


def test_every_action_form_takes_its_step(client, office):
    """Every action of the workflow, through its form, as the role that takes it."""
    c = office
    steps = []

    def step(app, action, actor, expected_state, **fields):
        client.force_login(actor)
        response = post_action(client, app, action, **fields)
        if response.status_code != 302:
            forms = response.context.get("action_forms") or []
            raise AssertionError((action, response.status_code, [f.errors for _, f in forms]))
        app.refresh_from_db()
        assert app.state == expected_state, action
        steps.append(action)
        return app

    app = submitted_online(c)
    app = step(app, "confirm_receipt", c.clerk, State.REGISTERED)
    assert (app.received_on, app.received_confirmed_by) == (today(), c.clerk)
    app = step(
        app,
        "request_correction",
        c.clerk,
        State.CORRECTION,
        items="请写明文号",
        until=days_ahead(10).isoformat(),
    )
    app = step(app, "receive_correction", c.clerk, State.REGISTERED)
    app = step(app, "assign", c.head, State.ASSIGNED, department=c.department.pk)
    app = step(
        app, "start_consultation", c.clerk, State.CONSULTING, party="某公司", kind="third_party"
    )
    app = step(
        app,
        "record_consultation_receipt",
        c.clerk,
        State.CONSULTING,
        received_on=today().isoformat(),
    )
    app = step(app, "end_consultation", c.clerk, State.ASSIGNED, result="同意公开")
    app = step(
        app, "send_fee_notice", c.clerk, State.AWAITING_FEE, basis="by_volume", quantity="250"
    )
    assert app.events.get(kind="send_fee_notice").data["amount"] == 4700
    app = step(
        app, "record_fee_delivery", c.clerk, State.AWAITING_FEE, delivered_on=today().isoformat()
    )
    app = step(app, "receive_fee", c.clerk, State.ASSIGNED)
    due_before = app.due_on
    app = step(app, "approve_extension", c.head, State.ASSIGNED, days="20", reason="需调取档案")
    assert app.due_on > due_before
    app = step(
        app,
        "set_custom_deadline",
        c.leader,
        State.ASSIGNED,
        until=days_ahead(90).isoformat(),
        reason="申请数量明显超过合理范围",
    )
    app = step(
        app, "draft", c.clerk, State.DRAFTED, outcome=outcomes.PARTIAL, reply_text="部分公开"
    )
    app = step(app, "return", c.head, State.ASSIGNED, reason="补充理由")
    app = step(
        app,
        "draft",
        c.clerk,
        State.DRAFTED,
        outcome=outcomes.PARTIAL,
        reply_text="部分公开，理由如下",
    )
    app = step(app, "head_review", c.head, State.HEAD_REVIEWED)
    app = step(app, "leader_approve", c.leader, State.LEADER_APPROVED)
    app = step(app, "clear", c.reviewer, State.CLEARED)
    app = step(app, "serve", c.clerk, State.SERVED, method="in_person")
    app = step(app, "close", c.clerk, State.CLOSED)
    assert (app.outcome, app.closed_on) == (outcomes.PARTIAL, today())

    # Recorded when it happened (its 7-day window is long closed today, so no form offers it).
    late = registered(c, received=days_ago(40))
    late = act(
        late,
        "request_correction",
        c.clerk,
        on=days_ago(39),
        items="请写明文号",
        until=days_ago(20).isoformat(),
    )
    late = step(late, "abandon", c.clerk, State.CLOSED)
    steps.append("request_correction")
    assert late.outcome == outcomes.ABANDONED_CORRECTION

    # A fee notice sent 50 days ago, unpaid: 20 working days have long run out.
    unpaid = registered(c, received=days_ago(60))
    unpaid = act(unpaid, "assign", c.clerk, on=days_ago(60), department=c.department.pk)
    unpaid = fee_notice_sent(unpaid, c.clerk, days_ago(50))
    unpaid = step(unpaid, "expire_fee", c.clerk, State.CLOSED)
    assert unpaid.outcome == outcomes.FEE_UNPAID

    gone = step(registered(c), "withdraw", c.clerk, State.CLOSED, reason="申请人来电撤回")
    assert gone.events.get(kind="withdraw").data["reason"] == "申请人来电撤回"

    assert set(steps) == set(ACTIONS)  # no action without a form that works


def test_a_refused_step_names_its_field_and_keeps_the_input(client, office):
    app = registered(office)
    client.force_login(office.clerk)
    response = post_action(
        client, app, "request_correction", items="请写明文号", until=days_ago(3).isoformat()
    )
    assert response.status_code == 200
    html = response.text
    assert "补正期限应晚于告知日期" in field_html(html, "request_correction-until")
    assert "请写明文号" in field_html(html, "request_correction-items")
    assert re.search(r'id="act-request_correction">\s*<details open>', html)
    app.refresh_from_db()
    assert app.state == State.REGISTERED and app.events.count() == 1


def test_a_step_the_record_no_longer_allows_is_neither_offered_nor_taken(client, office):
    app = act(assigned(office), "approve_extension", office.head, days=10, reason="档案")
    client.force_login(office.head)
    assert "approve_extension" not in action_keys(detail(client, app).text)
    response = post_action(client, app, "approve_extension", days="10", reason="再延一次")
    assert response.status_code == 403
    assert "延期答复只能批准一次" in response.text
    assert app.events.filter(kind="approve_extension").count() == 1


def test_form_level_errors_name_the_field(client, office):
    client.force_login(office.clerk)
    app = assigned(office)
    response = post_action(client, app, "draft", outcome="", reply_text="")
    errors = response.context["action_forms"]
    form = next(f for a, f in errors if a.key == "draft")
    assert form.errors["outcome"] == ["请填写答复结果"]
    assert form.errors["reply_text"] == ["请填写答复内容"]
    future = post_action(
        client, app, "draft", on=days_ahead(2).isoformat(), outcome=outcomes.GRANTED, reply_text="x"
    )
    assert "晚于今天" in field_html(future.text, "draft-on")
    bad = post_action(client, app, "send_fee_notice", basis="by_volume", quantity="0")
    assert "数量不能小于 1" in field_html(bad.text, "send_fee_notice-quantity")


def test_a_step_the_state_no_longer_allows_is_refused_with_the_reason(client, office):
    app = assigned(office)
    client.force_login(office.clerk)
    response = post_action(client, app, "confirm_receipt")
    assert response.status_code == 403
    assert "不能执行“确认收到申请”" in response.text


def test_an_unknown_action_is_not_found(client, office):
    client.force_login(office.clerk)
    assert post_action(client, registered(office), "teleport").status_code == 404


def test_a_successful_step_says_so(client, office):
    client.force_login(office.clerk)
    response = post_action(
        client,
        assigned(office),
        "draft",
        outcome=outcomes.GRANTED,
        reply_text="予以公开",
        follow=True,
    )
    assert "已完成：拟写答复" in response.text


def test_the_notices_issued_are_listed_with_their_documents(client, office):
    app = act(assigned(office), "start_consultation", office.clerk, party="某某科技有限公司")
    client.force_login(office.clerk)
    response = detail(client, app)
    titles = [n.title for n in response.context["notices"]]
    assert titles[0] == "政府信息公开申请受理回执" and len(titles) == 2
    for notice in response.context["notices"]:
        assert notice.number in response.text
        assert client.get(notice.docx_url).status_code == 200
    client.force_login(office.outsider)
    assert client.get(response.context["notices"][0].pdf_url).status_code == 404


def test_assigning_may_name_the_clerk_who_handles_it(client, office):
    app = registered(office)
    office.clerk2.first_name = "承办人乙"
    office.clerk2.save()
    client.force_login(office.head)
    options = field_html(detail(client, app).text, "assign-assignee")
    assert "承办人乙" in options and "clerk" in options
    assert "outsider" not in options and "reviewer" not in options  # only this agency's clerks
    post_action(client, app, "assign", department=office.department.pk, assignee=office.clerk2.pk)
    app.refresh_from_db()
    assert (app.state, app.assignee) == (State.ASSIGNED, office.clerk2)
    html = detail(client, app).text
    assert "承办人：承办人乙" in html[html.index('class="history"') :]  # by name, not login
    other = registered(office)
    fields = {"department": office.department.pk, "assignee": office.outsider.pk}
    refused = post_action(client, other, "assign", **fields)
    assert "承办人的选项无效" in field_html(refused.text, "assign-assignee")


def test_a_head_of_another_department_is_not_offered_the_review_and_is_refused_it(client, office):
    patents = Department.objects.create(agency=office.agency, name="专利管理处")
    Membership.objects.filter(user=office.head, role=Role.HEAD).update(department=patents)
    head = make_user("coordination-head")  # 综合协调处 has its own head
    Membership.objects.create(
        user=head, agency=office.agency, role=Role.HEAD, department=office.department
    )
    app = drafted(office)
    client.force_login(office.head)
    assert "head_review" not in action_keys(detail(client, app).text)
    response = client.post(reverse("applications:act", args=[app.pk, "head_review"]), {})
    assert response.status_code == 403 and "综合协调处" in response.text


def test_the_fee_notice_form_warns_that_the_clock_keeps_running(client, office, settings):
    client.force_login(office.clerk)
    html = detail(client, assigned(office)).text
    assert "缴费期间答复期限不暂停" in html
    settings.GONGKAI_FEE_PAUSES_CLOCK = True
    assert "缴费期间答复期限不暂停" not in detail(client, assigned(office)).text


def test_the_reviewer_and_the_provincial_office_see_the_identity_number_and_phone_masked(
    client, office
):
    app = registered(office)
    for who in (office.reviewer, office.provincial):
        client.force_login(who)
        html = detail(client, app).text
        assert app.applicant_name in html  # the application itself is readable
        assert app.id_number not in html and app.phone not in html
        assert f"{app.id_number[:6]}{'*' * (len(app.id_number) - 10)}{app.id_number[-4:]}" in html
        assert f"{app.phone[:3]}{'*' * (len(app.phone) - 7)}{app.phone[-4:]}" in html
    for who in (office.clerk, office.head, office.leader, office.admin):
        client.force_login(who)
        html = detail(client, app).text
        assert app.id_number in html and app.phone in html, who


def test_a_phone_or_identity_number_in_an_event_is_masked_for_those_who_see_it_masked():
    # No step records them today; a step that one day does must not show them whole.
    from gongkai.applications.models import ApplicationEvent
    from gongkai.applications.views.history import _shown

    event = ApplicationEvent(data={"phone": "13812345678", "id_number": "230103199001011234"})
    assert _shown(event, "phone", "13812345678", {}, True) == "138****5678"
    assert _shown(event, "id_number", "230103199001011234", {}, True) == "230103********1234"
    assert _shown(event, "phone", "13812345678", {}, False) == "13812345678"
