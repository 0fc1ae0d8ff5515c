"""The outbox: e-mail and text messages the platform has decided to send, kept until sent.

A message is written first and sent later by a command that cron runs (``gongkai remind`` and
others), so a broken mail server delays mail instead of losing it, and a run that fails half way
is finished by the next one. ``key`` is unique: whoever enqueues names the message so that
enqueueing it again is a no-op (see ``gongkai.core.outbox``). ``channel`` says how a message
leaves: e-mail (``to`` is an address) or SMS (``to`` is an 11-digit mainland mobile number, sent
through ``gongkai.core.sms``; the subject is only shown in the admin).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxChannel(models.TextChoices):
    EMAIL = "email", _("电子邮件")
    SMS = "sms", _("短信")


class OutboxMessage(models.Model):
    # The dedupe key, e.g. "reminder:due_soon:12:2026-12-03:7"; the same key is never sent twice.
    key = models.CharField(_("去重键"), max_length=200, unique=True)
    channel = models.CharField(
        _("发送渠道"), max_length=10, choices=OutboxChannel.choices, default=OutboxChannel.EMAIL
    )
    # An e-mail address or a mobile number, by channel; outbox_enqueue validates it.
    to = models.CharField(_("收件人"), max_length=254)
    subject = models.CharField(_("主题"), max_length=300)
    body = models.TextField(_("正文"))
    created_at = models.DateTimeField(_("生成时间"), default=timezone.now)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("发送失败次数"), default=0)
    last_error = models.TextField(_("最近一次错误"), blank=True)
    last_attempt_at = models.DateTimeField(_("最近一次尝试"), null=True, blank=True)
    # A sender claims a message before sending it and releases it after; another sender skips
    # claimed messages unless the claim is stale (its sender died between claim and release).
    claimed_at = models.DateTimeField(_("领取时间"), null=True, blank=True)
    claim_token = models.CharField(_("领取标记"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("待发消息")
        verbose_name_plural = _("发件箱")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The senders' scan: unsent messages, oldest first.
            models.Index(fields=["sent_at", "created_at"], name="outbox_pending_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.to} · {self.subject}"
