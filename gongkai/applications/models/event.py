"""The append-only history of an application: every step, with who, when, before and after.

Clock events (received, correction, consultation, extension, fee, custom deadline) are events too,
with ``on`` the day that counts for the deadline; the deadline is derived from them alone.

The fields and the refusal to save an existing event or delete one come from
``core.models.AppendOnlyEvent``; migration 0006 makes the database refuse UPDATE and DELETE too.
An application with events cannot be deleted (PROTECT): its history would go with it.

``kind`` is one of the kinds declared in ``applications.event_kinds`` (its choices); an event of
another kind is refused when saved.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.applications.event_kinds import EVENT_KINDS, choices
from gongkai.applications.models.application import Application
from gongkai.core.models import AppendOnlyEvent


class ApplicationEvent(AppendOnlyEvent):
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="events", verbose_name=_("申请")
    )
    kind = models.CharField(_("事项"), max_length=40, choices=choices())

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["application", "on", "pk"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.kind not in EVENT_KINDS:
            raise ValueError(_("未声明的办理记录事项“%(kind)s”") % {"kind": self.kind})
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return f"{self.on} {self.kind}"
