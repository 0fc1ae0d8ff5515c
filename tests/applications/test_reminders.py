"""Deadline reminders: who gets which, once, through the outbox; ``gongkai remind`` is rerunnable.

Today is 2026-11-27 (a Friday); with the 2026 calendar, receipt on 10-29 gives a reply deadline of
11-26 (overdue), 10-30 → 11-27 (due today), 11-03 → 12-01 (due soon: three working days ahead is
12-02), 11-20 → 12-18 (not yet), and the 7-working-day correction window of 11-20 ends 12-01. A
consultation started 11-05 has its 15 working days end 11-26; a fee notice of 10-29 has its 20
working days to pay end 11-26.
"""

from __future__ import annotations

from datetime import date
from io import StringIO
from smtplib import SMTPRecipientsRefused

import pytest
from django.core.mail.backends import locmem
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.agencies.models import Membership, Role
from gongkai.applications import outcomes
from gongkai.applications.models import Application, State
from gongkai.applications.reminders import reminders_due
from gongkai.applications.services import application_act, application_register
from gongkai.core.models import OutboxMessage
from tests.applications.factories import make_user, person_intake
from tests.applications.views_helpers import awaiting_fee as awaiting_fee_of

TODAY = date(2026, 11, 27)


# Staff reminders only: an applicant without e-mail or mobile, whom the workflow does not message
# (what applicants are told: test_notify_hooks).
_UNREACHABLE_APPLICANT = {"email": "", "delivery": "post", "phone": "0451-86661234"}


def register(office, received: date, **intake) -> Application:
    return application_register(
        agency=office.agency,
        intake=person_intake(**{**_UNREACHABLE_APPLICANT, **intake}),
        received_on=received,
        actor=office.clerk,
    )


def act(app, action, actor, on=TODAY, **data) -> Application:
    return application_act(application=app, action=action, actor=actor, on=on, data=data)


def remind(*args: str, today: date = TODAY) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("remind", "--today", today.isoformat(), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def subjects(mailoutbox) -> list[str]:
    return sorted(m.subject for m in mailoutbox)


def to_of(mailoutbox, subject_part: str) -> list[str]:
    return sorted(m.to[0] for m in mailoutbox if subject_part in m.subject)


def set_assignee(app: Application, user) -> None:
    # No workflow step sets the assignee yet; the field is what reminders read.
    Application.objects.filter(pk=app.pk).update(assignee=user)


@pytest.fixture
def three(office):
    """Overdue, due today and due soon, none assigned."""
    return (
        register(office, date(2026, 10, 29), applicant_name="甲"),
        register(office, date(2026, 10, 30), applicant_name="乙"),
        register(office, date(2026, 11, 3), applicant_name="丙"),
    )


@pytest.fixture
def refuse(monkeypatch):
    refused: set[str] = set()
    original = locmem.EmailBackend.send_messages

    def send_messages(self, messages):
        for message in messages:
            if message.to[0] in refused:
                raise SMTPRecipientsRefused({message.to[0]: (550, b"mailbox unavailable")})
        return original(self, messages)

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", send_messages)
    return refused


# -- the kinds -------------------------------------------------------------------------------


def test_overdue_due_today_and_due_soon_each_reach_both_clerks_with_the_due_date(
    office, three, mailoutbox
):
    overdue, today, soon = three
    assert [a.due_on for a in three] == [date(2026, 11, 26), TODAY, date(2026, 12, 1)]
    remind()
    clerks = sorted([office.clerk.email, office.clerk2.email])
    assert to_of(mailoutbox, f"【已逾期】{overdue.number} 答复期限 2026-11-26") == clerks
    assert to_of(mailoutbox, f"【今日到期】{today.number} 答复期限 2026-11-27") == clerks
    assert to_of(mailoutbox, f"【即将到期】{soon.number} 答复期限 2026-12-01") == clerks
    assert len(mailoutbox) == 6


def test_a_deadline_further_than_three_working_days_gets_no_reminder(office, mailoutbox):
    register(office, date(2026, 11, 4))  # due 2026-12-02, the third working day: reminded
    register(office, date(2026, 11, 5))  # due 2026-12-03, the fourth: not yet
    remind()
    assert {m.subject.split()[-1] for m in mailoutbox} == {"2026-12-02"}


def test_the_body_names_the_application_its_deadline_and_the_staff_page(
    office, three, mailoutbox, settings
):
    settings.GONGKAI_SITE_URL = "https://gongkai.example.gov.cn"
    overdue = three[0]
    remind()
    body = next(m.body for m in mailoutbox if overdue.number in m.subject)
    for text in (
        f"申请编号：{overdue.number}",
        "申请人：甲",
        f"所需信息：{overdue.info_name}",
        "当前状态：已登记",
        "答复期限：2026-11-26",
        f"期限说明：{overdue.due_explanation}",
        "逾期 1 个工作日",
        f"https://gongkai.example.gov.cn/staff/applications/{overdue.pk}/",
    ):
        assert text in body
    assert "20 个工作日" in overdue.due_explanation


def test_the_dedupe_key_names_kind_application_due_date_and_recipient(office, three):
    soon = three[2]
    keys = {r.key for r in reminders_due(today=TODAY).reminders}
    assert f"reminder:due_soon:{soon.pk}:2026-12-01:{office.clerk.pk}" in keys
    assert f"reminder:due_soon:{soon.pk}:2026-12-01:{office.clerk2.pk}" in keys


def test_the_correction_window_reminder_comes_while_the_window_is_about_to_end(office, mailoutbox):
    app = register(office, date(2026, 11, 20))
    remind(today=date(2026, 11, 24))  # the window ends 12-01, four working days away
    assert mailoutbox == []
    remind()
    assert to_of(mailoutbox, f"【补正告知即将截止】{app.number} 补正告知期限 2026-12-01") == sorted(
        [office.clerk.email, office.clerk2.email]
    )
    assert "《条例》第三十条" in mailoutbox[0].body
    mailoutbox.clear()
    remind(today=date(2026, 12, 2))  # the window has passed: nothing left to remind of
    assert not [s for s in subjects(mailoutbox) if "补正" in s]


def test_no_correction_window_reminder_once_a_correction_was_requested(office, mailoutbox):
    app = register(office, date(2026, 11, 20))
    app = act(
        app,
        "request_correction",
        office.clerk,
        date(2026, 11, 25),
        items="文号",
        until="2026-12-10",
    )
    app = act(app, "receive_correction", office.clerk, TODAY)
    assert app.state == State.REGISTERED
    remind()
    assert not [s for s in subjects(mailoutbox) if "补正" in s]


def test_the_correction_window_reminder_also_comes_once_the_application_is_assigned(
    office, mailoutbox
):
    # A correction may be asked for from 办理中 too, within 7 working days of receipt (Art. 30).
    app = register(office, date(2026, 11, 20))
    app = act(
        app, "assign", office.clerk, department=office.department.pk, assignee=office.clerk2.pk
    )
    assert app.state == State.ASSIGNED
    remind()
    assert subjects(mailoutbox) == [f"【补正告知即将截止】{app.number} 补正告知期限 2026-12-01"]
    assert mailoutbox[0].to == [office.clerk2.email]
    assert "当前状态：办理中" in mailoutbox[0].body


def test_provisional_deadlines_come_as_one_digest_per_agency_and_clerk_each_day(office, mailoutbox):
    a = register(office, date(2026, 11, 19))
    b = register(office, date(2026, 11, 20))
    for app in (a, b):
        act(app, "approve_extension", office.head, days=20, reason="需要调取档案")
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.due_on, a.due_provisional) == (date(2027, 1, 14), True)
    remind()
    digests = [m for m in mailoutbox if "【期限暂定】" in m.subject]
    assert sorted(m.to[0] for m in digests) == sorted([office.clerk.email, office.clerk2.email])
    assert digests[0].subject == "【期限暂定】黑龙江省知识产权局 2 件申请的答复期限为暂定"
    for app, due in ((a, "2027-01-14（暂定）"), (b, "2027-01-15（暂定）")):
        assert app.number in digests[0].body and due in digests[0].body
    remind()
    assert len([m for m in mailoutbox if "【期限暂定】" in m.subject]) == 2
    remind(today=date(2026, 11, 30))
    assert len([m for m in mailoutbox if "【期限暂定】" in m.subject]) == 4


def test_a_provisional_due_date_is_marked_in_the_subject_and_body(office, mailoutbox):
    app = register(office, date(2026, 11, 20))
    act(app, "approve_extension", office.head, days=20, reason="需要调取档案")
    remind(today=date(2027, 1, 12))
    due_soon = [m for m in mailoutbox if "【即将到期】" in m.subject]
    assert [m.subject for m in due_soon] == [
        f"【即将到期】{app.number} 答复期限 2027-01-15（暂定）"
    ] * 2
    assert "答复期限：2027-01-15（暂定）" in due_soon[0].body
    assert "2027" in due_soon[0].body.split("期限说明：")[1]


# -- recipients ------------------------------------------------------------------------------


def test_an_assigned_application_reminds_only_its_assignee(office, three, mailoutbox):
    set_assignee(three[0], office.clerk2)
    remind()
    assert to_of(mailoutbox, three[0].number) == [office.clerk2.email]
    assert len(to_of(mailoutbox, three[1].number)) == 2


def test_an_assignee_without_an_address_falls_back_to_the_clerks(office, three, mailoutbox):
    nomail = make_user("nomail")
    nomail.email = ""
    nomail.save()
    set_assignee(three[0], nomail)
    remind()
    assert to_of(mailoutbox, three[0].number) == sorted([office.clerk.email, office.clerk2.email])


def test_clerks_without_an_address_or_inactive_are_skipped_and_other_roles_not_asked(
    office, three, mailoutbox
):
    office.clerk2.email = ""
    office.clerk2.save()
    retired = make_user("retired", (office.agency, "clerk"))
    retired.is_active = False
    retired.save()
    remind()
    # Head, leader, reviewer, admin, the other agency's clerk and the province get nothing.
    assert {m.to[0] for m in mailoutbox} == {office.clerk.email}
    assert len(mailoutbox) == 3


def test_an_application_nobody_can_receive_a_reminder_for_is_reported(office, three, mailoutbox):
    for clerk in (office.clerk, office.clerk2):
        clerk.email = ""
        clerk.save()
    out, err = remind()
    assert mailoutbox == []
    assert f"无人可收提醒：黑龙江省知识产权局 {three[0].number}" in err


def test_a_closed_or_served_application_gets_nothing(office, mailoutbox):
    withdrawn = register(office, date(2026, 10, 29))
    act(withdrawn, "withdraw", office.clerk, reason="申请人撤回")
    served = register(office, date(2026, 10, 30))
    served = act(served, "assign", office.clerk, department=office.department.pk)
    served = act(served, "draft", office.clerk, outcome=outcomes.GRANTED, reply_text="予以公开")
    served = act(served, "head_review", office.head)
    served = act(served, "clear", office.reviewer)
    served = act(served, "serve", office.clerk)
    assert served.state == State.SERVED
    out, _ = remind()
    assert mailoutbox == []
    assert "应有提醒 0 条" in out


# -- running twice, failures, moving deadlines ----------------------------------------------------


def test_running_the_command_twice_sends_each_reminder_once(office, three, mailoutbox):
    out, _ = remind()
    assert "加入发件箱 6 条" in out and "发送成功 6 条，发送失败 0 条" in out
    sent = subjects(mailoutbox)
    out, _ = remind()
    assert "加入发件箱 0 条，已在发件箱 6 条" in out and "发送成功 0 条" in out
    assert subjects(mailoutbox) == sent
    assert OutboxMessage.objects.count() == 6


def test_a_failed_send_is_recorded_the_others_go_and_the_next_run_retries_only_it(
    office, three, mailoutbox, refuse
):
    refuse.add(office.clerk2.email)
    with pytest.raises(CommandError, match="3 封邮件发送失败"):
        remind()
    assert {m.to[0] for m in mailoutbox} == {office.clerk.email}
    failed = OutboxMessage.objects.filter(sent_at__isnull=True)
    assert failed.count() == 3
    assert all(m.attempts == 1 and "mailbox unavailable" in m.last_error for m in failed)

    refuse.clear()
    out, _ = remind()
    assert "加入发件箱 0 条" in out and "发送成功 3 条，发送失败 0 条" in out
    assert sorted(m.to[0] for m in mailoutbox[3:]) == [office.clerk2.email] * 3
    remind()
    assert len(mailoutbox) == 6


def test_a_failing_run_exits_non_zero_naming_the_failure(office, three, refuse):
    refuse.add(office.clerk.email)
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command("remind", "--today", "2026-11-27", stdout=out, stderr=err)
    assert f"发送失败：{office.clerk.email}" in err.getvalue()


def test_an_extension_moves_the_due_date_and_so_brings_a_new_reminder(office, mailoutbox):
    app = register(office, date(2026, 11, 3))
    remind()
    assert to_of(mailoutbox, "2026-12-01") == sorted([office.clerk.email, office.clerk2.email])
    app = act(app, "approve_extension", office.head, days=20, reason="需要调取档案")
    assert app.due_on == date(2026, 12, 29)
    mailoutbox.clear()
    remind()
    assert mailoutbox == []  # 12-29 is far off; the 12-01 reminder is not repeated either
    remind(today=date(2026, 12, 24))
    assert to_of(mailoutbox, f"【即将到期】{app.number} 答复期限 2026-12-29") == sorted(
        [office.clerk.email, office.clerk2.email]
    )
    assert OutboxMessage.objects.filter(key__contains=f":{app.pk}:2026-12-29:").count() == 2
    assert OutboxMessage.objects.filter(key__contains=f":{app.pk}:2026-12-01:").count() == 2


def test_the_kind_changes_as_the_day_approaches_each_sent_once(office, mailoutbox):
    app = register(office, date(2026, 11, 3))  # due 2026-12-01
    for day in (TODAY, date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 3)):
        remind(today=day)
    tags = sorted(m.subject.split("】")[0] + "】" for m in mailoutbox if office.clerk.email in m.to)
    assert tags == ["【今日到期】", "【即将到期】", "【已逾期】"]
    assert all(app.number in m.subject for m in mailoutbox)


# -- waiting periods that would end in silence ----------------------------------------------------


def consulting(office, started: date, **intake) -> Application:
    """Received 11-02 and assigned, then a third party consulted on ``started``."""
    app = register(office, date(2026, 11, 2), **intake)
    app = act(app, "assign", office.clerk, date(2026, 11, 3), department=office.department.pk)
    return act(app, "start_consultation", office.clerk, started, party="某某科技有限公司")


def awaiting_fee(office, notice: date) -> Application:
    return awaiting_fee_of(office, notice, **_UNREACHABLE_APPLICANT)


def test_a_consultation_started_16_working_days_ago_brings_one_reminder_each_run_safe(
    office, mailoutbox
):
    # 11-05 + 15 working days = 11-26: the consulted party's time is over on 11-27.
    app = consulting(office, date(2026, 11, 5))
    assert app.due_on is None  # the paused clock can never turn overdue by itself
    remind()
    remind()
    subject = f"【征求意见期满】{app.number} 征求意见期满日 2026-11-26"
    assert subjects(mailoutbox) == [subject, subject]
    assert to_of(mailoutbox, subject) == sorted([office.clerk.email, office.clerk2.email])
    body = mailoutbox[0].body
    for text in ("于 2026-11-05 征求", "第三十二条", "收到意见或征求期满", "当前状态：征求意见中"):
        assert text in body
    keys = set(OutboxMessage.objects.values_list("key", flat=True))
    assert keys == {
        f"reminder:consultation_over:{app.pk}:2026-11-26:{office.clerk.pk}",
        f"reminder:consultation_over:{app.pk}:2026-11-26:{office.clerk2.pk}",
    }


def test_a_consultation_started_10_working_days_ago_brings_nothing(office, mailoutbox):
    consulting(office, date(2026, 11, 13))  # its 15 working days end 12-04
    remind()
    assert mailoutbox == []


def test_once_the_consultation_is_recorded_as_ended_the_reminder_stops(office, mailoutbox):
    app = consulting(office, date(2026, 11, 5))
    act(app, "end_consultation", office.clerk, result="期满未答复，自行决定")
    remind()
    assert not [s for s in subjects(mailoutbox) if "征求意见" in s]


def test_an_unpaid_fee_brings_a_reminder_the_day_after_its_window(office, mailoutbox):
    app = awaiting_fee(office, date(2026, 10, 29))  # 20 working days from 10-30: 11-26
    remind(today=date(2026, 11, 26))
    assert not [s for s in subjects(mailoutbox) if "缴费" in s]
    remind()
    remind()
    fee = [m for m in mailoutbox if "【缴费期满】" in m.subject]
    assert sorted(m.to[0] for m in fee) == sorted([office.clerk.email, office.clerk2.email])
    assert fee[0].subject == f"【缴费期满】{app.number} 缴费期限 2026-11-26"
    assert "逾期未缴费，不再处理" in fee[0].body and "于 2026-10-29 发出收费通知" in fee[0].body
    assert OutboxMessage.objects.filter(key__startswith="reminder:fee_window_over:").count() == 2


def test_a_fee_window_still_running_or_an_expired_fee_brings_nothing(office, mailoutbox):
    awaiting_fee(office, date(2026, 10, 30))  # window ends today
    expired = awaiting_fee(office, date(2026, 10, 28))  # window ended 11-25
    act(expired, "expire_fee", office.clerk, date(2026, 11, 26))
    remind()
    assert not [s for s in subjects(mailoutbox) if "缴费" in s]


# -- weekly overdue, former assignees --------------------------------------------------------------


def test_an_overdue_application_is_reminded_of_again_each_week_it_stays_overdue(office, mailoutbox):
    app = register(office, date(2026, 10, 29))  # due 11-26
    # Friday of week 48, its Saturday; Monday and Friday of week 49; Monday of week 50.
    days = (TODAY, date(2026, 11, 28), date(2026, 11, 30), date(2026, 12, 4), date(2026, 12, 7))
    for day in days:
        remind(today=day)
    overdue = [m for m in mailoutbox if m.to == [office.clerk.email]]
    assert [m.subject for m in overdue] == [f"【已逾期】{app.number} 答复期限 2026-11-26"] * 3
    weeks = OutboxMessage.objects.filter(key__endswith=f":{office.clerk.pk}")
    assert sorted(weeks.values_list("key", flat=True)) == [
        f"reminder:overdue:{app.pk}:2026-11-26:2026-W{week}:{office.clerk.pk}"
        for week in (48, 49, 50)
    ]
    # Each week's reminder counts the days late again.
    for mail, late in zip(overdue, (1, 2, 7), strict=True):
        assert f"（逾期 {late} 个工作日）" in mail.body


def test_a_former_assignee_gets_nothing_and_the_clerks_are_reminded_instead(office, mailoutbox):
    a, b = register(office, date(2026, 10, 29)), register(office, date(2026, 10, 30))
    a = act(a, "assign", office.clerk, department=office.department.pk, assignee=office.clerk2.pk)
    b = act(b, "assign", office.clerk, department=office.department.pk, assignee=office.admin.pk)
    # clerk2 moves to the head's seat: no clerk or admin role left in the agency.
    Membership.objects.filter(user=office.clerk2, agency=office.agency).update(role=Role.HEAD)
    remind()
    assert to_of(mailoutbox, a.number) == [office.clerk.email]
    assert to_of(mailoutbox, b.number) == [office.admin.email]  # an admin still handles it


# -- the command -----------------------------------------------------------------------------


def test_a_dry_run_lists_what_it_would_queue_and_writes_and_sends_nothing(
    office, three, mailoutbox
):
    out, _ = remind("--dry-run")
    assert mailoutbox == [] and not OutboxMessage.objects.exists()
    assert "将加入发件箱 6 条" in out and "未写入，未发送" in out
    assert f"【已逾期】{three[0].number}" in out
    remind()
    out, _ = remind("--dry-run")
    assert "将加入发件箱 0 条，已在发件箱 6 条" in out


def test_a_bad_today_is_refused_naming_the_option(db):
    with pytest.raises(CommandError, match="--today 的值“2026-13-01”不是有效日期"):
        call_command("remind", "--today", "2026-13-01", stdout=StringIO())
