"""What applicants are told: one e-mail and one SMS per event, to the right addressee, once."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.applications.models import Application
from gongkai.applications.notify import (
    applicant_notify,
    notify_confirmed,
    notify_notice_served,
    notify_window_closing,
)
from gongkai.applications.services import application_register
from gongkai.core.models import OutboxChannel, OutboxMessage
from tests.applications.factories import organisation_intake, person_intake

pytestmark = pytest.mark.django_db

TRACK = "http://gongkai.example.gov.cn" + reverse("applications:track")


@pytest.fixture(autouse=True)
def _site_url(settings) -> None:
    settings.GONGKAI_SITE_URL = "http://gongkai.example.gov.cn"


def register(office, intake=None) -> Application:
    application = application_register(
        agency=office.agency,
        intake=intake or person_intake(phone="138 0013 8000"),
        received_on=timezone.localdate(),
        actor=office.clerk,
    )
    # Registering tells the applicant itself (test_notify_hooks); these tests start empty.
    OutboxMessage.objects.filter(key__startswith=f"applicant:{application.pk}:").delete()
    return application


def sent(channel: str) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(channel=channel).order_by("pk"))


def occasions(application: Application) -> dict:
    return {
        "confirmed": lambda: notify_confirmed(application=application),
        "notice_served": lambda: notify_notice_served(
            application=application, notice_title="政府信息公开申请补正告知书", notice_id=1
        ),
        "window_closing": lambda: notify_window_closing(
            application=application, what="补正期限", closes_on=date(2026, 12, 10)
        ),
    }


@pytest.mark.parametrize("occasion", ["confirmed", "notice_served", "window_closing"])
def test_each_occasion_queues_an_email_and_an_sms_with_the_query_code(office, occasion):
    app = register(office)
    occasions(app)[occasion]()
    (email,) = sent("email")
    (sms,) = sent("sms")
    assert email.to == "zhangsan@example.com"
    assert sms.to == "13800138000"
    for message in (email, sms):
        assert app.query_code in message.body
        assert app.number in message.subject
        assert TRACK in message.body
    assert email.body.startswith("张三，您好：")
    assert app.number in email.body and "黑龙江省知识产权局" in email.body


def test_the_confirmation_names_the_receipt_and_due_dates(office):
    app = register(office)
    assert app.due_on is not None
    notify_confirmed(application=app)
    (email,) = sent("email")
    (sms,) = sent("sms")
    received = app.received_on
    due = app.due_on
    for message in (email, sms):
        assert f"{received.year}年{received.month}月{received.day}日" in message.body
        assert f"{due.year}年{due.month}月{due.day}日" in message.body


def test_a_notice_served_names_the_notice(office):
    app = register(office)
    notify_notice_served(application=app, notice_title="政府信息公开申请答复书", notice_id=1)
    assert all("答复书" in m.body for m in OutboxMessage.objects.all())


def test_a_window_closing_names_the_window_and_the_day(office):
    app = register(office)
    notify_window_closing(application=app, what="缴费期限", closes_on=date(2026, 12, 10))
    assert all(
        "缴费期限" in m.body and "2026年12月10日" in m.body for m in OutboxMessage.objects.all()
    )


def test_an_sms_stays_short(office):
    app = register(office)
    notify_confirmed(application=app)
    (sms,) = sent("sms")
    assert "\n" not in sms.body and len(sms.body) < 200


def test_no_email_address_means_no_email(office):
    app = register(office, person_intake(email="", delivery="post", form_wanted="paper"))
    notify_confirmed(application=app)
    assert sent("email") == []
    assert [m.to for m in sent("sms")] == ["13800138000"]


def test_a_landline_means_no_sms(office):
    app = register(office, person_intake(phone="0451-86661234"))
    notify_confirmed(application=app)
    assert sent("sms") == []
    assert [m.to for m in sent("email")] == ["zhangsan@example.com"]


def test_an_organisation_with_a_landline_and_no_email_is_sent_nothing(office):
    app = register(office, organisation_intake())
    notify_confirmed(application=app)
    assert not OutboxMessage.objects.exists()


def test_an_organisations_email_greets_the_contact_person(office):
    app = register(office, organisation_intake(email="org@example.com", phone="13900139000"))
    notify_confirmed(application=app)
    (email,) = sent("email")
    assert email.body.startswith("李四，您好：")


@pytest.mark.parametrize("occasion", ["confirmed", "notice_served", "window_closing"])
def test_telling_twice_about_the_same_event_queues_once(office, occasion):
    app = register(office)
    occasions(app)[occasion]()
    occasions(app)[occasion]()
    assert OutboxMessage.objects.count() == 2


def test_different_events_and_applications_are_told_separately(office):
    first, second = register(office), register(office)
    notify_notice_served(application=first, notice_title="补正告知书", notice_id=1)
    notify_notice_served(application=first, notice_title="答复书", notice_id=2)
    notify_window_closing(application=first, what="补正期限", closes_on=date(2026, 12, 10))
    notify_window_closing(application=first, what="补正期限", closes_on=date(2026, 12, 11))
    notify_notice_served(application=second, notice_title="补正告知书", notice_id=3)
    assert OutboxMessage.objects.count() == 10


def test_applicant_notify_uses_the_given_words_and_link(office):
    app = register(office)
    applicant_notify(
        application=app,
        event_key="custom",
        subject="关于您的申请",
        text="您的申请已转交承办处室。",
        link="https://gongkai.example.gov.cn/x",
    )
    applicant_notify(application=app, event_key="custom", subject="又一次", text="不同的话")
    for message in OutboxMessage.objects.all():
        assert message.subject == "关于您的申请"
        assert "您的申请已转交承办处室。" in message.body
        assert "https://gongkai.example.gov.cn/x" in message.body


def test_a_second_notice_of_the_same_title_is_news_too(office):
    app = register(office)
    for notice_id in (7, 8, 8):
        notify_notice_served(
            application=app, notice_title="确定答复期限告知书", notice_id=notice_id
        )
    assert len(sent(OutboxChannel.EMAIL)) == 2 and len(sent(OutboxChannel.SMS)) == 2
