"""The declared workflow: every move checked, recorded, and refused with a reason when illegal."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.agencies.models import Department, Membership, Role
from gongkai.applications import outcomes, workflow
from gongkai.applications.models import ApplicationEvent, State
from gongkai.applications.services import (
    application_act,
    application_register,
    application_submit_online,
)
from gongkai.applications.services.handling import earlier_items_this_month
from gongkai.core.errors import DomainError
from tests.applications.factories import person_intake
from tests.applications.views_helpers import fee_notice_sent

RECEIVED = date(2026, 3, 2)  # a Monday; the 7-working-day correction window ends 2026-03-11


def register(office, received=RECEIVED, **intake):
    return application_register(
        agency=office.agency,
        intake=person_intake(**intake),
        received_on=received,
        actor=office.clerk,
    )


def act(app, action, actor, on, **data):
    return application_act(application=app, action=action, actor=actor, on=on, data=data)


def to_drafted(office, outcome=outcomes.GRANTED, received=RECEIVED):
    app = register(office, received)
    app = act(app, "assign", office.clerk, received, department=office.department.pk)
    return act(app, "draft", office.clerk, received, outcome=outcome, reply_text="答复如下……")


def test_every_action_is_declared_with_a_chinese_label_and_known_states():
    states = set(State.values)
    for action in workflow.ACTIONS.values():
        assert action.label and action.sources <= states
        assert action.target is None or action.target in states


def test_a_grant_goes_from_draft_to_service_without_the_leader(office):
    app = to_drafted(office)
    app = act(app, "head_review", office.head, RECEIVED)
    app = act(app, "clear", office.reviewer, RECEIVED)
    app = act(app, "serve", office.clerk, date(2026, 3, 3))
    app = act(app, "close", office.clerk, date(2026, 3, 3))
    assert (app.state, app.outcome, app.closed_on) == (
        State.CLOSED,
        outcomes.GRANTED,
        date(2026, 3, 3),
    )
    assert app.due_on is None
    kinds = list(app.events.values_list("kind", "state_before", "state_after"))
    assert kinds[-1] == ("close", State.SERVED, State.CLOSED)
    assert all(e.actor_id for e in app.events.all())


def test_a_refusal_needs_the_leaders_approval_before_confidentiality_review(office):
    app = act(to_drafted(office, "result.withheld.4"), "head_review", office.head, RECEIVED)
    with pytest.raises(DomainError, match="分管领导批准"):
        act(app, "clear", office.reviewer, RECEIVED)
    app = act(app, "leader_approve", office.leader, RECEIVED)
    assert act(app, "clear", office.reviewer, RECEIVED).state == State.CLEARED


def test_a_grant_needs_no_leader_approval(office):
    app = act(to_drafted(office), "head_review", office.head, RECEIVED)
    with pytest.raises(DomainError, match="无需分管领导批准"):
        act(app, "leader_approve", office.leader, RECEIVED)


def test_no_one_approves_their_own_draft(office):
    Membership.objects.create(user=office.clerk, agency=office.agency, role=Role.HEAD)
    app = to_drafted(office)
    with pytest.raises(DomainError, match="拟稿人不能审核"):
        act(app, "head_review", office.clerk, RECEIVED)
    assert app.events.filter(kind="head_review").count() == 0


def test_a_step_needs_its_role(office):
    app = to_drafted(office)
    with pytest.raises(DomainError, match="处室负责人"):
        act(app, "head_review", office.reviewer, RECEIVED)
    with pytest.raises(DomainError):
        act(app, "head_review", office.outsider, RECEIVED)


def test_serving_before_review_is_refused_with_the_current_state(office):
    with pytest.raises(DomainError, match="答复待审核"):
        act(to_drafted(office), "serve", office.clerk, RECEIVED)


def test_a_returned_draft_goes_back_to_the_clerk_with_its_reason(office):
    app = act(to_drafted(office), "return", office.head, RECEIVED, reason="依据引用有误")
    assert app.state == State.ASSIGNED
    assert app.events.get(kind="return").data["reason"] == "依据引用有误"


def test_a_correction_restarts_the_clock_from_its_arrival(office):
    app = register(office)
    app = act(
        app,
        "request_correction",
        office.clerk,
        date(2026, 3, 4),
        items="请写明文件名称",
        until="2026-03-20",
    )
    assert app.due_on is None and "补正" in app.due_explanation
    app = act(app, "receive_correction", office.clerk, date(2026, 3, 16))
    assert app.state == State.REGISTERED
    assert "2026-03-16" in app.due_explanation


def test_a_correction_must_be_asked_within_seven_working_days_and_only_once(office):
    app = register(office)
    with pytest.raises(DomainError, match="7 个工作日") as late:
        act(
            app,
            "request_correction",
            office.clerk,
            date(2026, 3, 12),
            items="x",
            until="2026-03-30",
        )
    assert late.value.field == "on"
    app = act(
        app, "request_correction", office.clerk, date(2026, 3, 11), items="x", until="2026-03-30"
    )
    app = act(app, "receive_correction", office.clerk, date(2026, 3, 12))
    with pytest.raises(DomainError, match="一次性"):
        act(
            app,
            "request_correction",
            office.clerk,
            date(2026, 3, 12),
            items="y",
            until="2026-03-30",
        )


def test_abandonment_waits_for_the_correction_period_and_closes_as_other_1(office):
    app = register(office)
    app = act(
        app, "request_correction", office.clerk, date(2026, 3, 4), items="x", until="2026-03-20"
    )
    with pytest.raises(DomainError, match="尚未届满"):
        act(app, "abandon", office.clerk, date(2026, 3, 20))
    app = act(app, "abandon", office.clerk, date(2026, 3, 23))
    assert (app.state, app.outcome, app.closed_on) == (
        State.CLOSED,
        outcomes.ABANDONED_CORRECTION,
        date(2026, 3, 23),
    )


def test_an_extension_is_approved_once_by_a_head_and_moves_the_deadline(office):
    app = register(office)
    before = app.due_on
    with pytest.raises(DomainError):
        act(app, "approve_extension", office.clerk, RECEIVED, days=20, reason="r")
    with pytest.raises(DomainError, match="20 个工作日") as too_long:
        act(app, "approve_extension", office.head, RECEIVED, days=21, reason="r")
    assert too_long.value.field == "days"
    app = act(app, "approve_extension", office.head, RECEIVED, days=20, reason="涉及档案查找")
    assert app.due_on > before
    with pytest.raises(DomainError, match="只能批准一次"):
        act(app, "approve_extension", office.head, RECEIVED, days=5, reason="r")


def test_a_consultation_pauses_the_clock(office):
    app = act(register(office), "assign", office.clerk, RECEIVED, department=office.department.pk)
    assert app.due_on == date(2026, 3, 30)
    app = act(app, "start_consultation", office.clerk, date(2026, 3, 10), party="某公司")
    assert app.state == State.CONSULTING and app.due_on is None
    app = act(app, "end_consultation", office.clerk, date(2026, 3, 20))
    assert app.due_on == date(2026, 4, 10)


def test_a_fee_notice_shows_its_calculation_and_unpaid_fees_close_as_other_2(office):
    app = act(register(office), "assign", office.clerk, RECEIVED, department=office.department.pk)
    app = fee_notice_sent(app, office.clerk, date(2026, 3, 5))
    notice = app.events.get(kind="send_fee_notice")
    assert notice.data["amount"] == 4700 and "4700 元" in notice.data["calculation"]
    with pytest.raises(DomainError, match="缴费期限"):
        act(app, "expire_fee", office.clerk, date(2026, 4, 2))
    app = act(app, "expire_fee", office.clerk, date(2026, 4, 3))
    assert (app.outcome, app.closed_on) == (outcomes.FEE_UNPAID, date(2026, 4, 3))


def test_a_fee_that_would_be_zero_is_refused(office):
    app = act(register(office), "assign", office.clerk, RECEIVED, department=office.department.pk)
    with pytest.raises(DomainError, match="不应收费") as error:
        act(app, "send_fee_notice", office.clerk, RECEIVED, basis="by_volume", quantity=30)
    assert error.value.field == "quantity"


def test_fees_by_count_number_this_application_after_the_months_earlier_ones(office):
    id_number = person_intake().id_number
    apps = [register(office, date(2026, 3, 2 + i % 3), id_number=id_number) for i in range(12)]
    assert earlier_items_this_month(apps[0]) == 0
    assert earlier_items_this_month(apps[-1]) == 11
    april = register(office, date(2026, 4, 1), id_number=id_number)
    assert earlier_items_this_month(april) == 0


def test_a_withdrawal_closes_as_other_3(office):
    app = act(register(office), "withdraw", office.clerk, RECEIVED, reason="申请人书面撤回")
    assert (app.state, app.outcome) == (State.CLOSED, outcomes.OTHER)


def test_steps_cannot_go_back_in_time_or_into_the_future(office):
    app = register(office)
    with pytest.raises(DomainError, match="早于上一步") as early:
        act(app, "assign", office.clerk, date(2026, 3, 1), department=office.department.pk)
    assert early.value.field == "on"
    with pytest.raises(DomainError, match="晚于今天"):
        act(app, "assign", office.clerk, date(2099, 1, 1), department=office.department.pk)


def test_a_department_of_another_agency_is_refused(office):
    other = office.other_agency.departments.get()
    with pytest.raises(DomainError, match="不属于本机关"):
        act(register(office), "assign", office.clerk, RECEIVED, department=other.pk)


def test_a_draft_needs_a_valid_outcome_and_text(office):
    app = act(register(office), "assign", office.clerk, RECEIVED, department=office.department.pk)
    with pytest.raises(DomainError) as error:
        act(app, "draft", office.clerk, RECEIVED, outcome=outcomes.FEE_UNPAID, reply_text="x")
    assert error.value.field == "outcome"
    with pytest.raises(DomainError) as error:
        act(app, "draft", office.clerk, RECEIVED, outcome=outcomes.GRANTED, reply_text="")
    assert error.value.field == "reply_text"


def test_a_refused_step_changes_nothing(office):
    app = register(office)
    events = app.events.count()
    with pytest.raises(DomainError):
        act(app, "approve_extension", office.head, RECEIVED, days=0, reason="r")
    app.refresh_from_db()
    assert app.events.count() == events and app.state == State.REGISTERED


def test_assigning_may_name_a_clerk_of_the_agency_as_the_assignee(office):
    app = act(
        register(office),
        "assign",
        office.head,
        RECEIVED,
        department=office.department.pk,
        assignee=office.clerk2.pk,
    )
    assert app.assignee == office.clerk2
    with pytest.raises(DomainError, match="承办人") as error:
        act(
            register(office),
            "assign",
            office.clerk,
            RECEIVED,
            department=office.department.pk,
            assignee=office.outsider.pk,
        )
    assert error.value.field == "assignee"


def test_a_payment_after_the_fee_window_is_refused(office):
    app = act(register(office), "assign", office.clerk, RECEIVED, department=office.department.pk)
    app = fee_notice_sent(app, office.clerk, date(2026, 3, 5))
    with pytest.raises(DomainError, match="已届满") as error:
        act(app, "receive_fee", office.clerk, date(2026, 4, 3))
    assert error.value.field == "on"
    assert act(app, "receive_fee", office.clerk, date(2026, 4, 2)).state == State.ASSIGNED


def test_the_reply_is_given_on_the_day_it_is_served_and_archiving_keeps_that_day(office):
    app = act(
        act(to_drafted(office), "head_review", office.head, RECEIVED),
        "clear",
        office.reviewer,
        RECEIVED,
    )
    app = act(app, "serve", office.clerk, date(2026, 3, 4))
    assert (app.state, app.closed_on, app.due_on) == (State.SERVED, date(2026, 3, 4), None)
    app = act(app, "close", office.clerk, date(2026, 3, 9))
    assert (app.state, app.closed_on) == (State.CLOSED, date(2026, 3, 4))


def test_an_extension_needs_the_head_of_the_disclosure_office_once_it_is_named(office):
    patents = Department.objects.create(agency=office.agency, name="专利管理处")
    Membership.objects.filter(user=office.head, role=Role.HEAD).update(department=patents)
    office.agency.disclosure_office = office.department
    office.agency.save()
    app = register(office)
    with pytest.raises(DomainError, match="政府信息公开工作机构（综合协调处）负责人"):
        act(app, "approve_extension", office.head, RECEIVED, days=10, reason="r")
    Membership.objects.filter(user=office.head, role=Role.HEAD).update(department=office.department)
    assert act(app, "approve_extension", office.head, RECEIVED, days=10, reason="r").due_on


def test_an_unconfirmed_online_submission_is_withdrawn_only_after_its_receipt_is_confirmed(office):
    app = application_submit_online(agency=office.agency, intake=person_intake())
    with pytest.raises(DomainError, match="待确认收到"):
        act(app, "withdraw", office.clerk, None)


def test_an_art_35_deadline_is_later_than_the_statutory_one_on_a_working_day(office):
    app = register(office)  # due 2026-03-30
    with pytest.raises(DomainError, match="应晚于现行答复期限") as early:
        act(app, "set_custom_deadline", office.leader, RECEIVED, until="2026-03-20", reason="r")
    assert early.value.field == "until"
    with pytest.raises(DomainError, match="不是工作日"):
        act(app, "set_custom_deadline", office.leader, RECEIVED, until="2026-04-05", reason="r")
    app = act(
        app, "set_custom_deadline", office.leader, RECEIVED, until="2026-04-30", reason="大量"
    )
    assert app.due_on == date(2026, 4, 30)


def test_an_art_35_deadline_cannot_rescue_an_overdue_application(office):
    app = register(office)  # due 2026-03-30
    with pytest.raises(DomainError, match="已过") as late:
        act(
            app,
            "set_custom_deadline",
            office.leader,
            date(2026, 3, 31),
            until="2026-04-30",
            reason="r",
        )
    assert late.value.field == "on"


def test_the_first_review_is_the_handling_departments_head(office):
    app = to_drafted(office)  # handled in 综合协调处 (assigned while it had a head)
    patents = Department.objects.create(agency=office.agency, name="专利管理处")
    Membership.objects.filter(user=office.head, role=Role.HEAD).update(department=patents)
    with pytest.raises(DomainError, match="综合协调处"):
        act(app, "head_review", office.head, RECEIVED)
    Membership.objects.filter(user=office.head, role=Role.HEAD).update(department=None)
    assert act(app, "head_review", office.head, RECEIVED).state == State.HEAD_REVIEWED


def test_closing_an_unpaid_fee_reads_the_events_once_for_the_rules_and_the_effect(office):
    app = act(register(office), "assign", office.clerk, RECEIVED, department=office.department.pk)
    app = fee_notice_sent(app, office.clerk, date(2026, 3, 5))
    table = ApplicationEvent._meta.db_table
    with CaptureQueriesContext(connection) as queries:
        app = act(app, "expire_fee", office.clerk, date(2026, 4, 3))
    sql = [q["sql"] for q in queries.captured_queries]
    recorded = next(i for i, s in enumerate(sql) if s.startswith(f'INSERT INTO "{table}"'))
    # The date check, the fee window's rule and the effect naming the payment deadline share one.
    assert len([s for s in sql[:recorded] if f'FROM "{table}"' in s]) == 1
    assert app.events.get(kind="expire_fee").data["payment_due"] == "2026-04-02"
