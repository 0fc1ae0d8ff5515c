"""The deadline rules as DOMAIN.md §2.2 verifies them, each with a table of dates.

Dates in November–December 2025, which have no holidays or 调休 days: only weekends are skipped.
2025-11-03 is a Monday. Every expected date below is counted by hand from that.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from gongkai.agencies.models import Agency, Department, Membership, Role
from gongkai.applications import selectors
from gongkai.applications.models import Application, Notice
from gongkai.applications.permissions import action_refusal
from gongkai.applications.services import application_act, application_register
from gongkai.core.errors import DomainError
from tests.applications.factories import make_user, person_intake

D = date
RECEIVED = D(2025, 10, 27)  # a Monday
SENT = D(2025, 11, 3)  # a Monday


def act(app, action, actor, on, **data) -> Application:
    return application_act(application=app, action=action, actor=actor, on=on, data=data)


def assigned(office) -> Application:
    app = application_register(
        agency=office.agency, intake=person_intake(), received_on=RECEIVED, actor=office.clerk
    )
    return act(app, "assign", office.clerk, RECEIVED, department=office.department.pk)


def fee_notice(office, **data) -> Application:
    app = assigned(office)
    return act(app, "send_fee_notice", office.clerk, SENT, basis="by_volume", quantity=50, **data)


# 109号 as implemented: 20 working days "自收到收费通知次日起".
#   delivered the day it was sent (e-mail): counted from Tue 11-04 → 20th working day Mon 12-01;
#   by post, received Thu 11-06: from Fri 11-07 → Thu 12-04;
#   received Fri 11-07: from Mon 11-10 → Fri 12-05, so the first day past it is Mon 12-08.
FEE_TABLE = [
    # (delivered,        recorded at sending?, last day to pay, first day it is over)
    (D(2025, 11, 3), True, D(2025, 12, 1), D(2025, 12, 2)),
    (D(2025, 11, 6), False, D(2025, 12, 4), D(2025, 12, 5)),
    (D(2025, 11, 7), False, D(2025, 12, 5), D(2025, 12, 8)),
]


@pytest.mark.parametrize(("delivered", "at_sending", "last_day", "over"), FEE_TABLE)
def test_the_fee_window_runs_from_the_day_after_the_applicant_received_the_notice(
    office, delivered, at_sending, last_day, over
):
    if at_sending:
        app = fee_notice(office, delivered_on=delivered.isoformat())
    else:
        app = fee_notice(office)
        app = act(
            app, "record_fee_delivery", office.clerk, delivered, delivered_on=delivered.isoformat()
        )
    assert action_refusal(office.clerk, app, "receive_fee", last_day) is None
    assert "已届满" in action_refusal(office.clerk, app, "receive_fee", over)
    with pytest.raises(DomainError, match=f"缴费期限 {last_day} 尚未届满"):
        act(app, "expire_fee", office.clerk, last_day)
    closed = act(app, "expire_fee", office.clerk, over)
    assert closed.events.get(kind="expire_fee").data["payment_due"] == last_day.isoformat()


def test_an_unpaid_fee_is_not_closed_while_the_notices_delivery_is_unknown(office):
    app = fee_notice(office)
    long_after = D(2026, 1, 5)
    with pytest.raises(DomainError, match="尚未记录申请人收到收费通知的日期"):
        act(app, "expire_fee", office.clerk, long_after)
    # The workload still lists it, estimated from the sending day and saying so.
    [period] = selectors.fee_windows_over(Application.objects.all(), long_after)
    assert period.estimated and period.ended == D(2025, 12, 1)
    assert "按发出日估算" in period.explanation
    # A payment proves nothing about the window and is taken.
    assert act(app, "receive_fee", office.clerk, D(2025, 12, 10)).state == "assigned"


def test_a_delivery_is_recorded_once_and_not_before_the_notice_was_sent(office):
    app = fee_notice(office)
    with pytest.raises(DomainError, match="早于发出日期") as early:
        act(app, "record_fee_delivery", office.clerk, SENT, delivered_on="2025-11-02")
    assert early.value.field == "delivered_on"
    app = act(app, "record_fee_delivery", office.clerk, SENT, delivered_on="2025-11-05")
    assert "已记录" in action_refusal(office.clerk, app, "record_fee_delivery", SENT)


def test_the_fee_notice_dates_the_window_only_when_delivered_the_same_day(office):
    by_email = fee_notice(office, delivered_on=SENT.isoformat())
    by_post = fee_notice(office)
    text = Notice.objects.get(application=by_email, kind="fee").text
    assert "自收到本通知次日起20个工作日内缴纳（至2025年12月1日）" in text
    text = Notice.objects.get(application=by_post, kind="fee").text
    assert "自收到本通知次日起20个工作日内缴纳。" in text


# Art. 32/34: 15 working days "自收到征求意见书之日起".
#   received Wed 11-05: from Thu 11-06 → 15th working day Wed 11-26;
#   received the day it was sent, Mon 11-03: from Tue 11-04 → Mon 11-24;
#   not recorded: estimated from the sending day, also Mon 11-24, and marked as an estimate.
CONSULTATION_TABLE = [
    # (received by the party, recorded when,  last day,        estimated)
    (D(2025, 11, 5), "later", D(2025, 11, 26), False),
    (D(2025, 11, 3), "at_start", D(2025, 11, 24), False),
    (None, None, D(2025, 11, 24), True),
]


@pytest.mark.parametrize(("received", "recorded", "last_day", "estimated"), CONSULTATION_TABLE)
def test_a_consultation_period_runs_from_the_consulted_partys_receipt(
    office, received, recorded, last_day, estimated
):
    app = assigned(office)
    data = {"party": "某某科技有限公司"}
    if recorded == "at_start":
        data["received_on"] = received.isoformat()
    app = act(app, "start_consultation", office.clerk, SENT, **data)
    if recorded == "later":
        act(
            app,
            "record_consultation_receipt",
            office.clerk,
            received,
            received_on=received.isoformat(),
        )
    everyone = Application.objects.all()
    assert selectors.consultations_over(everyone, last_day) == []
    [period] = selectors.consultations_over(everyone, last_day + timedelta(days=1))
    assert (period.ended, period.estimated) == (last_day, estimated)
    assert ("按发出日估算" in period.explanation) is estimated


def test_a_second_consultation_counts_from_its_own_receipt(office):
    app = assigned(office)
    app = act(app, "start_consultation", office.clerk, SENT, party="甲", received_on="2025-11-03")
    app = act(app, "end_consultation", office.clerk, D(2025, 11, 10))
    app = act(app, "start_consultation", office.clerk, D(2025, 11, 11), party="乙")
    assert action_refusal(office.clerk, app, "record_consultation_receipt", D(2025, 11, 11)) is None
    [period] = selectors.consultations_over(Application.objects.all(), D(2025, 12, 31))
    assert period.estimated  # the first letter's receipt says nothing about the second


# Art. 33: "经政府信息公开工作机构负责人同意"; anyone else only by the agency's own policy.
EXTENSION_TABLE = [
    # (leader_may_extend, who,                 allowed)
    (False, "office_head", True),
    (False, "other_head", False),
    (False, "leader", False),
    (True, "leader", True),
    (True, "other_head", False),
]


@pytest.mark.parametrize(("policy", "who", "allowed"), EXTENSION_TABLE)
def test_an_extension_is_the_disclosure_office_heads_and_always_sends_its_notice(
    office, policy, who, allowed
):
    patents = Department.objects.create(agency=office.agency, name="专利管理处")
    office.agency.disclosure_office = office.department
    office.agency.leader_may_extend = policy
    office.agency.save()
    people = {
        "office_head": office.head,
        "other_head": make_user("patents-head", (office.agency, Role.HEAD)),
        "leader": office.leader,
    }
    Membership.objects.filter(user=people["other_head"]).update(department=patents)
    Membership.objects.filter(user=office.head).update(department=office.department)
    app = assigned(office)
    user = people[who]
    refusal = action_refusal(user, app, "approve_extension", SENT)
    if not allowed:
        assert "综合协调处" in refusal and "第三十三条" in refusal
        assert ("本机关规定" in refusal) is policy
        return
    assert refusal is None
    app = act(app, "approve_extension", user, SENT, days=10, reason="需调取档案")
    notice = Notice.objects.get(application=app, kind="extension")
    assert "延期" in notice.title


def test_the_leaders_extension_is_labelled_as_the_agencys_policy_not_the_law():
    field = Agency._meta.get_field("leader_may_extend")
    assert field.default is False
    assert "并非《条例》第三十三条的要求" in str(field.help_text)
