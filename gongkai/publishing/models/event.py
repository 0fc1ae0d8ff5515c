"""The append-only history of an item: every edit and every step of the review chain.

The fields and the refusals come from ``core.models.AppendOnlyEvent``; the migration installs the
triggers that make the database refuse UPDATE and DELETE too. ``kind`` is one of ``EventKind``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import AppendOnlyEvent
from gongkai.publishing.models.item import Item


class EventKind(models.TextChoices):
    CREATE = "create", _("起草")
    EDIT = "edit", _("修改草稿")
    SUBMIT = "submit", _("提交审核")
    HEAD_APPROVE = "head_approve", _("处室负责人审核通过")
    LEADER_APPROVE = "leader_approve", _("分管领导审核通过")
    PUBLISH = "publish", _("保密审查通过并公开")
    SEND_BACK = "send_back", _("退回修改")
    REVISE = "revise", _("修订已公开信息")
    WITHDRAW = "withdraw", _("撤回")


class ItemEvent(AppendOnlyEvent):
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="events", verbose_name=_("公开信息")
    )
    kind = models.CharField(_("事项"), max_length=40, choices=EventKind.choices)

    class Meta:
        verbose_name = _("公开信息记录")
        verbose_name_plural = _("公开信息记录")
        ordering = ["item", "at", "pk"]

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        if self.kind not in EventKind.values:
            raise ValueError(_("未声明的记录事项“%(kind)s”") % {"kind": self.kind})
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return f"{self.on} {self.kind}"
