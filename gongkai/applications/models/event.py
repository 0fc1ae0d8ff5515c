"""The append-only history of an application: every step, with who, when, before and after.

Clock events (received, correction, consultation, extension, fee, custom deadline) are events too,
with ``on`` the day that counts for the deadline; the deadline is derived from them alone.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.applications.models.application import Application


class ApplicationEvent(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="events", verbose_name=_("申请")
    )
    kind = models.CharField(_("事项"), max_length=40)
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
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["application", "on", "pk"]

    def __str__(self) -> str:
        return f"{self.on} {self.kind}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("办理记录只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("办理记录只能追加，不能删除")
