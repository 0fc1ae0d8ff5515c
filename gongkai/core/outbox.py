"""Enqueue e-mail and SMS under a dedupe key; send what is pending, each message once (at least once
after a sender died between sending and marking, below).

A message's ``channel`` decides only how ``_deliver`` hands it over (Django's mail backend or
``gongkai.core.sms``) and how ``to`` is checked; claiming, retrying and marking are the same.

``outbox_enqueue`` is idempotent on the key, so a job that decides what to send can run any
number of times a day. ``outbox_send_pending`` sends one message at a time: it claims the message,
sends it outside any transaction, then marks it sent (or records the error and releases it, to be
retried by the next run). Two senders running at once never send the same message:

* The claim is a compare-and-set: ``UPDATE … SET claim_token = mine WHERE pk = … AND unsent AND
  (unclaimed OR claim stale)``, then read back which rows carry ``mine``. A row that another sender
  claimed in between no longer matches the WHERE, so at most one sender's update touches it. That
  alone is correct on every database.
* On PostgreSQL the candidate rows are first read with ``SELECT … FOR UPDATE SKIP LOCKED``, so a
  second sender skips rows that the first is claiming instead of queueing behind its lock (and
  under READ COMMITTED the UPDATE re-checks its WHERE after any wait, which keeps the CAS exact).
* SQLite has no row locks and Django ignores ``select_for_update`` there; every write transaction
  takes the database's single write lock (at BEGIN: the project's SQLite connections use
  ``transaction_mode=IMMEDIATE``, see gongkai/env.py), so claims are serialised outright and the
  second claimer sees the first one's token.

The claim is held only while one message is being sent (never across a batch), and no database
transaction is open during the SMTP conversation (or the SMS gateway's request). A sender that
dies between sending and marking leaves a claimed, unsent row; after ``CLAIM_TIMEOUT`` another run
takes it over and sends it again. That one case is at-least-once by necessity (mail and database
cannot commit together); the timeout is far longer than a send can take (settings.EMAIL_TIMEOUT
bounds the SMTP connection, settings.GONGKAI_SMS_TIMEOUT the gateway's).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core.errors import DomainError
from gongkai.core.models import OutboxChannel, OutboxMessage
from gongkai.core.sms import mobile_number, send_sms

# A claim older than this is taken to belong to a sender that died; keep it well above
# EMAIL_TIMEOUT so a slow but living sender is never overtaken.
CLAIM_TIMEOUT = timedelta(minutes=15)
# After this many failures a message is no longer retried by the scheduled runs (an address that
# bounces would otherwise fail every run for ever); it stays listed in the admin, where
# "resend failed" tries it again, and the sending command reports how many are waiting there.
MAX_ATTEMPTS = 10
_ERROR_MAX_CHARS = 2000
# RFC 3834: tells mail servers and out-of-office responders not to answer a reminder.
_HEADERS = {"Auto-Submitted": "auto-generated"}
# Gateways split a long text into parts (70 Chinese characters each) and charge per part; a text
# longer than this is a mistake (a whole letter sent as SMS), refused when it is enqueued.
SMS_MAX_CHARS = 500


@dataclass(frozen=True)
class SendFailure:
    key: str
    to: str
    error: str


@dataclass
class SendResult:
    sent: int = 0
    failures: list[SendFailure] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)


def _checked_address(channel: str, to: str) -> str:
    """``to`` as it is stored for ``channel``, or a DomainError naming the field."""
    if channel == OutboxChannel.SMS:
        number = mobile_number(to)
        if number is None:
            raise DomainError(
                _("手机号码“%(to)s”无效：应为以 1 开头的 11 位大陆手机号码") % {"to": to},
                field="to",
            )
        return number
    try:
        validate_email(to)
    except ValidationError:
        raise DomainError(f"收件人地址“{to}”无效", field="to") from None
    return to


def outbox_enqueue(
    *, key: str, to: str, subject: str, body: str, channel: str = OutboxChannel.EMAIL
) -> tuple[OutboxMessage, bool]:
    """Store a message under ``key``; if the key exists, return that message unchanged.

    The first message under a key wins: enqueueing again never rewrites a message, sent or not,
    so what was (or will be) sent is what was decided the first time. ``channel`` is e-mail
    (``to`` an address) or SMS (``to`` a mainland mobile number, stored as its 11 digits; the
    ``body`` is the text sent, the ``subject`` is shown in the admin only).
    """
    key = key.strip()
    if not key or len(key) > OutboxMessage._meta.get_field("key").max_length:
        raise DomainError(f"去重键“{key}”无效：不能为空，最长 200 个字符", field="key")
    if channel not in OutboxChannel.values:
        raise DomainError(
            _("发送渠道“%(channel)s”无效：应为 email 或 sms") % {"channel": channel},
            field="channel",
        )
    to = _checked_address(channel, to)
    # A line break in a subject is a header injection; Django would refuse it at send time.
    subject = " ".join(subject.split())
    if not subject:
        raise DomainError("邮件主题不能为空", field="subject")
    if channel == OutboxChannel.SMS:
        body = body.strip()
        if not body:
            raise DomainError(_("短信内容不能为空"), field="body")
        if len(body) > SMS_MAX_CHARS:
            raise DomainError(
                _("短信内容过长：%(length)d 个字符，最多 %(max)d 个")
                % {"length": len(body), "max": SMS_MAX_CHARS},
                field="body",
            )
    # get_or_create re-reads after an IntegrityError, so a racing enqueue of the same key
    # returns the row the other one created.
    return OutboxMessage.objects.get_or_create(
        key=key, defaults={"channel": channel, "to": to, "subject": subject, "body": body}
    )


def _claimable(now: datetime) -> Q:
    stale = now - CLAIM_TIMEOUT
    return Q(sent_at__isnull=True) & (Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale))


def pending(*, with_abandoned: bool = False) -> QuerySet[OutboxMessage]:
    """Unsent messages (by default only those the scheduled runs still retry)."""
    qs = OutboxMessage.objects.filter(sent_at__isnull=True)
    if not with_abandoned:
        qs = qs.filter(attempts__lt=MAX_ATTEMPTS)
    return qs


def abandoned() -> QuerySet[OutboxMessage]:
    """Unsent messages that failed MAX_ATTEMPTS times: they wait for someone in the admin."""
    return OutboxMessage.objects.filter(sent_at__isnull=True, attempts__gte=MAX_ATTEMPTS)


def outbox_claim(
    *,
    limit: int | None = None,
    now: datetime | None = None,
    only: Iterable[int] | None = None,
    exclude: Iterable[int] = (),
    with_abandoned: bool = False,
) -> list[OutboxMessage]:
    """Claim up to ``limit`` unsent, unclaimed (or stale) messages, oldest first, for sending.

    Each returned message carries this claim's ``claim_token``; nobody else can claim it until it
    is marked sent, released after a failure, or its claim goes stale.
    """
    now = now or timezone.now()
    token = uuid.uuid4().hex
    candidates = pending(with_abandoned=with_abandoned).filter(_claimable(now))
    if only is not None:
        candidates = candidates.filter(pk__in=list(only))
    if exclude:
        candidates = candidates.exclude(pk__in=list(exclude))
    candidates = candidates.order_by("created_at", "pk")
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        ids = list(candidates.values_list("pk", flat=True)[:limit])
        if not ids:
            return []
        # The compare-and-set: the WHERE is evaluated again at the UPDATE, so a row claimed by
        # someone else since the SELECT is not taken.
        OutboxMessage.objects.filter(Q(pk__in=ids) & _claimable(now)).update(
            claimed_at=now, claim_token=token
        )
    claimed = OutboxMessage.objects.filter(pk__in=ids, claim_token=token)
    return list(claimed.order_by("created_at", "pk"))


def _deliver(message: OutboxMessage) -> None:
    if message.channel == OutboxChannel.SMS:
        send_sms(to=message.to, text=message.body)
        return
    EmailMessage(
        subject=message.subject, body=message.body, to=[message.to], headers=_HEADERS
    ).send(fail_silently=False)


def _mark_sent(message: OutboxMessage) -> None:
    # By pk and unsent rather than by token: should a stale-claim takeover have happened, the
    # mail has gone out all the same, and marking it stops any further copy.
    OutboxMessage.objects.filter(pk=message.pk, sent_at__isnull=True).update(
        sent_at=timezone.now(), claimed_at=None, claim_token=""
    )


def _mark_failed(message: OutboxMessage, error: Exception) -> str:
    text = f"{type(error).__name__}: {error}"[:_ERROR_MAX_CHARS]
    OutboxMessage.objects.filter(pk=message.pk, claim_token=message.claim_token).update(
        attempts=F("attempts") + 1,
        last_error=text,
        last_attempt_at=timezone.now(),
        claimed_at=None,
        claim_token="",
    )
    return text


def _send(*, limit: int | None, only: Iterable[int] | None, with_abandoned: bool) -> SendResult:
    result = SendResult()
    only = None if only is None else list(only)
    failed: set[int] = set()  # tried and failed in this run: not again until the next run
    while limit is None or result.sent + result.failed < limit:
        claimed = outbox_claim(limit=1, only=only, exclude=failed, with_abandoned=with_abandoned)
        if not claimed:
            break
        message = claimed[0]
        try:
            _deliver(message)
        except Exception as error:  # any backend error: record it and carry on with the rest
            failed.add(message.pk)
            text = _mark_failed(message, error)
            result.failures.append(SendFailure(key=message.key, to=message.to, error=text))
        else:
            _mark_sent(message)
            result.sent += 1
    return result


def outbox_send_pending(*, limit: int | None = None) -> SendResult:
    """Send unsent messages one at a time, at most ``limit``; failures are retried next run."""
    return _send(limit=limit, only=None, with_abandoned=False)


def outbox_resend(*, message_ids: Iterable[int]) -> SendResult:
    """Send the given unsent messages now, including those the scheduled runs gave up on."""
    return _send(limit=None, only=message_ids, with_abandoned=True)
