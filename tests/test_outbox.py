"""The outbox: enqueued once per key, sent at most once, failures recorded and retried."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from smtplib import SMTPRecipientsRefused

import pytest
from django.core.mail.backends import locmem
from django.db import connection
from django.utils import timezone

from gongkai.core.errors import DomainError
from gongkai.core.models import OutboxMessage
from gongkai.core.outbox import (
    CLAIM_TIMEOUT,
    MAX_ATTEMPTS,
    abandoned,
    outbox_claim,
    outbox_enqueue,
    outbox_resend,
    outbox_send_pending,
)
from tests.test_settings import settings_in_a_fresh_process

pytestmark = pytest.mark.django_db


def enqueue(n: int, prefix: str = "m") -> list[OutboxMessage]:
    return [
        outbox_enqueue(
            key=f"{prefix}:{i}", to=f"user{i}@example.gov.cn", subject=f"主题 {i}", body=f"正文 {i}"
        )[0]
        for i in range(n)
    ]


@pytest.fixture
def refuse(monkeypatch):
    """Make the test mail backend refuse the addresses put in the returned set."""
    refused: set[str] = set()
    original = locmem.EmailBackend.send_messages

    def send_messages(self, messages):
        for message in messages:
            for address in message.to:
                if address in refused:
                    raise SMTPRecipientsRefused({address: (550, b"5.1.1 mailbox unavailable")})
        return original(self, messages)

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", send_messages)
    return refused


# -- enqueue ---------------------------------------------------------------------------------


def test_enqueueing_the_same_key_twice_keeps_one_message_and_the_first_text():
    first, created = outbox_enqueue(key="k", to="a@example.gov.cn", subject="一", body="第一次")
    again, created_again = outbox_enqueue(
        key="k", to="b@example.gov.cn", subject="二", body="第二次"
    )
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert OutboxMessage.objects.get().body == "第一次"


def test_enqueue_refuses_a_bad_address_or_empty_key_naming_the_field():
    with pytest.raises(DomainError, match="收件人地址") as bad_to:
        outbox_enqueue(key="k", to="not-an-address", subject="主题", body="")
    assert bad_to.value.field == "to"
    with pytest.raises(DomainError, match="去重键") as bad_key:
        outbox_enqueue(key="  ", to="a@example.gov.cn", subject="主题", body="")
    assert bad_key.value.field == "key"
    assert not OutboxMessage.objects.exists()


def test_a_line_break_in_a_subject_is_folded_so_it_cannot_inject_a_header():
    message, _ = outbox_enqueue(
        key="k", to="a@example.gov.cn", subject="提醒\r\nBcc: x@evil.example", body="正文"
    )
    assert message.subject == "提醒 Bcc: x@evil.example"


# -- sending ---------------------------------------------------------------------------------


def test_pending_messages_are_sent_once_each_and_marked_sent(mailoutbox):
    enqueue(3)
    result = outbox_send_pending()
    assert (result.sent, result.failed) == (3, 0)
    assert sorted(m.to[0] for m in mailoutbox) == [f"user{i}@example.gov.cn" for i in range(3)]
    assert mailoutbox[0].extra_headers["Auto-Submitted"] == "auto-generated"
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()
    assert not OutboxMessage.objects.exclude(claim_token="").exists()

    again = outbox_send_pending()
    assert (again.sent, again.failed) == (0, 0)
    assert len(mailoutbox) == 3


def test_a_message_enqueued_again_after_it_was_sent_is_not_sent_again(mailoutbox):
    enqueue(1)
    outbox_send_pending()
    enqueue(1)
    assert outbox_send_pending().sent == 0
    assert len(mailoutbox) == 1


def test_limit_caps_how_many_are_sent_in_one_run_oldest_first(mailoutbox):
    messages = enqueue(3)
    assert outbox_send_pending(limit=2).sent == 2
    assert [m.subject for m in mailoutbox] == [messages[0].subject, messages[1].subject]


def test_a_failure_is_recorded_the_rest_are_sent_and_only_it_is_retried_next_run(
    mailoutbox, refuse
):
    enqueue(3)
    refuse.add("user1@example.gov.cn")
    result = outbox_send_pending()
    assert (result.sent, result.failed) == (2, 1)
    assert result.failures[0].to == "user1@example.gov.cn"
    assert "SMTPRecipientsRefused" in result.failures[0].error
    failed = OutboxMessage.objects.get(key="m:1")
    assert failed.sent_at is None and failed.attempts == 1
    assert "mailbox unavailable" in failed.last_error
    assert failed.claim_token == "" and failed.claimed_at is None
    assert sorted(m.to[0] for m in mailoutbox) == ["user0@example.gov.cn", "user2@example.gov.cn"]

    refuse.clear()
    retry = outbox_send_pending()
    assert (retry.sent, retry.failed) == (1, 0)
    assert [m.to[0] for m in mailoutbox[2:]] == ["user1@example.gov.cn"]
    assert OutboxMessage.objects.get(key="m:1").sent_at is not None


def test_a_failing_message_is_tried_once_per_run_not_in_a_loop(mailoutbox, refuse):
    enqueue(1)
    refuse.add("user0@example.gov.cn")
    assert outbox_send_pending().failed == 1
    assert outbox_send_pending().failed == 1
    assert OutboxMessage.objects.get().attempts == 2


def test_after_max_attempts_only_the_admins_resend_tries_again(mailoutbox, refuse):
    (message,) = enqueue(1)
    OutboxMessage.objects.filter(pk=message.pk).update(attempts=MAX_ATTEMPTS)
    assert outbox_send_pending().sent == 0
    assert list(abandoned()) == [message]

    result = outbox_resend(message_ids=[message.pk])
    assert result.sent == 1
    assert [m.to[0] for m in mailoutbox] == ["user0@example.gov.cn"]
    assert not abandoned().exists()


def test_resend_never_sends_a_message_that_was_already_sent(mailoutbox):
    (message,) = enqueue(1)
    outbox_send_pending()
    assert outbox_resend(message_ids=[message.pk]).sent == 0
    assert len(mailoutbox) == 1


# -- overlapping senders -----------------------------------------------------------------------


def test_a_second_claim_gets_nothing_while_the_first_has_not_marked_sent():
    enqueue(3)
    first = outbox_claim()
    assert len(first) == 3 and len({m.claim_token for m in first}) == 1
    assert outbox_claim() == []


def test_claims_taken_together_never_overlap():
    enqueue(5)
    a = {m.pk for m in outbox_claim(limit=2)}
    b = {m.pk for m in outbox_claim(limit=2)}
    c = {m.pk for m in outbox_claim()}
    assert len(a) == len(b) == 2 and len(c) == 1
    assert a.isdisjoint(b) and a.isdisjoint(c) and b.isdisjoint(c)


def test_a_sender_skips_what_another_sender_has_claimed(mailoutbox):
    enqueue(3)
    (busy,) = outbox_claim(limit=1)  # another run is sending this one right now
    assert outbox_send_pending().sent == 2
    assert busy.to not in [m.to[0] for m in mailoutbox]


def test_a_stale_claim_is_taken_over_after_the_timeout():
    (message,) = enqueue(1)
    outbox_claim()
    assert outbox_claim(now=timezone.now() + CLAIM_TIMEOUT - timedelta(seconds=5)) == []
    later = outbox_claim(now=timezone.now() + CLAIM_TIMEOUT + timedelta(seconds=5))
    assert [m.pk for m in later] == [message.pk]


# serialized_rollback: the flush after a transactional test must not lose the migrated data
# (the holiday calendar) that later tests read.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="real concurrency needs row locks; SQLite's in-memory test database is one connection",
)
def test_two_senders_running_at_once_send_every_message_exactly_once(mailoutbox, monkeypatch):
    enqueue(30)
    original = locmem.EmailBackend.send_messages

    def slow(self, messages):
        time.sleep(0.01)  # keep both senders in flight at the same time
        return original(self, messages)

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", slow)
    results = []

    def run():
        try:
            results.append(outbox_send_pending())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    addresses = [m.to[0] for m in mailoutbox]
    assert sorted(addresses) == sorted({f"user{i}@example.gov.cn" for i in range(30)})
    assert sum(r.sent for r in results) == 30


# -- settings --------------------------------------------------------------------------------


def test_email_settings_default_to_the_console_in_debug_and_smtp_in_production():
    expression = "s.EMAIL_BACKEND, s.EMAIL_TIMEOUT, s.GONGKAI_SITE_URL"
    debug = settings_in_a_fresh_process(expression)
    assert debug.returncode == 0, debug.stderr
    assert "console" in debug.stdout and "'http://127.0.0.1:8000'" in debug.stdout
    production = settings_in_a_fresh_process(
        expression,
        GONGKAI_DEBUG="false",
        GONGKAI_SECRET_KEY="k" * 50,
        GONGKAI_EMAIL_HOST="smtp.example.gov.cn",
        GONGKAI_SITE_URL="https://gongkai.example.gov.cn/",
    )
    assert production.returncode == 0, production.stderr
    assert "smtp.EmailBackend" in production.stdout
    assert "'https://gongkai.example.gov.cn'" in production.stdout


@pytest.mark.parametrize(
    ("environ", "named"),
    [
        ({"GONGKAI_EMAIL_BACKEND": "sendmail"}, "GONGKAI_EMAIL_BACKEND"),
        (
            {"GONGKAI_EMAIL_USE_TLS": "true", "GONGKAI_EMAIL_USE_SSL": "true"},
            "GONGKAI_EMAIL_USE_SSL",
        ),
        ({"GONGKAI_SITE_URL": "gongkai.example.gov.cn"}, "GONGKAI_SITE_URL"),
    ],
)
def test_a_bad_email_setting_stops_start_up_naming_the_variable(environ, named):
    result = settings_in_a_fresh_process("s.EMAIL_BACKEND", **environ)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and named in result.stderr
