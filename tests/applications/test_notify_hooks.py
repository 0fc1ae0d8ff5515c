"""The workflow tells the applicant: on submission, on receipt, on each notice served to them,
and before their correction or fee window closes; queued with the step, sent later, retried."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from gongkai.applications.applicant_reminders import applicant_windows_closing
from gongkai.applications.intake import Intake
from gongkai.applications.models import Application
from gongkai.applications.services import (
    application_act,
    application_register,
    application_submit_online,
)
from gongkai.core.models import OutboxChannel, OutboxMessage
from gongkai.core.outbox import outbox_send_pending
from gongkai.workdays.services import calendar_current
from tests.applications.e2e_world import fast_notices
from tests.applications.factories import person_intake

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _stand_in_notices():
    with fast_notices():
        yield


def messages(app: Application, channel: str | None = None) -> list[OutboxMessage]:
    qs = OutboxMessage.objects.filter(key__startswith=f"applicant:{app.pk}:").order_by("pk")
    if channel:
        qs = qs.filter(channel=channel)
    return list(qs)


def register(office, **intake) -> Application:
    return application_register(
        agency=office.agency,
        intake=person_intake(**intake),
        received_on=timezone.localdate(),
        actor=office.clerk,
    )


def test_a_registered_application_sends_its_query_code_by_email_and_sms(office):
    app = register(office)
    email = messages(app, OutboxChannel.EMAIL)
    sms = messages(app, OutboxChannel.SMS)
    assert [m.to for m in email] == ["zhangsan@example.com"]
    assert [m.to for m in sms] == ["13800138000"]
    assert app.query_code in email[0].body and app.query_code in sms[0].body
    assert app.number in email[0].subject


def test_no_address_no_mobile_nothing_queued(office):
    app = register(office, email="", delivery="post", phone="0451-86661234")
    assert messages(app) == []


def test_online_submission_then_confirmation_are_two_messages_each(office):
    intake = Intake(**{**person_intake().__dict__, "channel": "online"})
    app = application_submit_online(agency=office.agency, intake=intake)
    first = messages(app, OutboxChannel.EMAIL)
    assert len(first) == 1 and "待机关确认收到" in first[0].body
    application_act(application=app, action="confirm_receipt", actor=office.clerk)
    bodies = [m.body for m in messages(app, OutboxChannel.EMAIL)]
    assert len(bodies) == 2 and "已收到" in bodies[1]


def test_a_notice_served_to_the_applicant_is_announced_once(office):
    app = register(office)
    before = len(messages(app))
    until = calendar_current().add_workdays(timezone.localdate(), 10)
    application_act(
        application=app,
        action="request_correction",
        actor=office.clerk,
        data={"items": "请写明文件名称", "until": until.isoformat()},
    )
    new = messages(app)[before:]
    assert {m.channel for m in new} == {OutboxChannel.EMAIL, OutboxChannel.SMS}
    assert all("补正" in m.subject for m in new)


def test_a_consultation_letter_is_not_the_applicants_news(office):
    app = register(office)
    application_act(
        application=app,
        action="assign",
        actor=office.clerk,
        data={"department": office.department.pk},
    )
    before = len(messages(app))
    application_act(
        application=app,
        action="start_consultation",
        actor=office.clerk,
        data={"party": "某公司", "kind": "third_party"},
    )
    assert len(messages(app)) == before


def test_a_failing_gateway_leaves_the_step_done_and_the_message_to_retry(office, settings):
    settings.GONGKAI_SMS_BACKEND = "http"
    settings.GONGKAI_SMS_GATEWAY_URL = "http://127.0.0.1:1/sms"  # nothing listens on port 1
    app = register(office, email="", delivery="post")
    assert Application.objects.get(pk=app.pk).state == "registered"
    result = outbox_send_pending()
    assert result.failed == 1 and result.sent == 0
    (sms,) = messages(app, OutboxChannel.SMS)
    assert sms.sent_at is None and sms.attempts == 1 and sms.last_error


def _correction_until(office, app, until: date) -> None:
    application_act(
        application=app,
        action="request_correction",
        actor=office.clerk,
        data={"items": "请写明文件名称", "until": until.isoformat()},
    )


def test_the_applicant_is_reminded_of_a_correction_window_closing_within_three_working_days(
    office,
):
    calendar = calendar_current()
    today = timezone.localdate()
    soon, later = register(office), register(office, applicant_name="李四")
    _correction_until(office, soon, calendar.add_workdays(today, 2))
    _correction_until(office, later, calendar.add_workdays(today, 10))
    found = applicant_windows_closing(today)
    assert [(a.pk, what) for a, what, _ in found] == [(soon.pk, "补正期限")]
    # Five working days later, the other one's window is the one closing.
    ahead = calendar.add_workdays(today, 8)
    assert [a.pk for a, _, _ in applicant_windows_closing(ahead)] == [later.pk]
    assert applicant_windows_closing(today + timedelta(days=60)) == []


def test_gongkai_remind_tells_the_applicant_once_however_often_it_runs(office):
    today = timezone.localdate()
    app = register(office)
    _correction_until(office, app, calendar_current().add_workdays(today, 1))
    for _ in range(2):
        call_command("remind", today=today.isoformat(), stdout=io.StringIO())
    closing = [m for m in messages(app) if ":window_closing:" in m.key]
    assert sorted(m.channel for m in closing) == [OutboxChannel.EMAIL, OutboxChannel.SMS]
    assert all("补正期限" in m.subject for m in closing)
