"""The outbox: e-mail and text messages the platform has decided to send, kept until sent.

A message is written first and sent later by a command that cron runs (``gongkai remind`` and
others), so a broken mail server delays mail instead of losing it, and a run that fails half way
is finished by the next one. ``key`` is unique: whoever enqueues names the message so that
enqueueing it again is a no-op (see ``gongkai.core.outbox``). ``channel`` says how a message
leaves: e-mail (``to`` is an address) or SMS (``to`` is an 11-digit mainland mobile number, sent
through ``gongkai.core.sms``; the subject is only shown in the admin).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyEvent(models.Model):
    """An entry of an append-only history: what happened on a day, who did it, when it was
    recorded, the state before and after, and what the step said.

    A subclass adds what the event is about (a foreign key, ``kind``) and its Meta. Saving an
    existing event and deleting one are refused here; a migration that installs the triggers of
    ``gongkai.core.append_only`` on the subclass's table makes the database refuse them too, for
    queryset ``update()``/``delete()`` and raw SQL.
    """

    on = models.DateField(_("日期"))
    at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    state_before = models.CharField(_("原状态"), max_length=20, blank=True)
    state_after = models.CharField(_("新状态"), max_length=20, blank=True)
    data = models.JSONField(_("内容"), default=dict, blank=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError(_("%(what)s只能追加，不能修改") % {"what": self._meta.verbose_name})
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError(_("%(what)s只能追加，不能删除") % {"what": self._meta.verbose_name})


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
