"""The outbox in the admin: a read-only record of what was sent (e-mail and SMS), and a way to
retry failures.

Nothing here edits or deletes a message: the key is the memory that stops a reminder being
enqueued twice, so a deleted message would simply come back with the next run.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import OutboxMessage
from gongkai.core.outbox import MAX_ATTEMPTS, outbox_resend


class StatusFilter(admin.SimpleListFilter):
    title = _("状态")
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [
            ("sent", _("已发送")),
            ("pending", _("待发送")),
            ("failed", _("发送失败，待重试")),
            ("abandoned", _("多次失败，已停止自动重试")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if value == "sent":
            return queryset.filter(sent_at__isnull=False)
        if value == "pending":
            return queryset.filter(sent_at__isnull=True, attempts=0)
        if value == "failed":
            return queryset.filter(sent_at__isnull=True, attempts__gt=0, attempts__lt=MAX_ATTEMPTS)
        if value == "abandoned":
            return queryset.filter(sent_at__isnull=True, attempts__gte=MAX_ATTEMPTS)
        return queryset


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "channel", "to", "subject", "status", "attempts", "sent_at")
    list_filter = (StatusFilter, "channel")
    search_fields = ("key", "to", "subject")
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]
    actions = ["resend_failed"]

    @admin.display(description=_("状态"))
    def status(self, obj: OutboxMessage) -> str:
        if obj.sent_at is not None:
            return "已发送"
        if obj.attempts >= MAX_ATTEMPTS:
            return f"失败 {obj.attempts} 次，已停止自动重试"
        if obj.attempts:
            return f"失败 {obj.attempts} 次，待重试"
        return "待发送"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_resend_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    @admin.action(description=_("重新发送所选的失败消息"), permissions=["resend"])
    def resend_failed(self, request: HttpRequest, queryset: QuerySet) -> None:
        ids = list(
            queryset.filter(sent_at__isnull=True, attempts__gt=0).values_list("pk", flat=True)
        )
        if not ids:
            self.message_user(request, gettext("所选消息中没有发送失败的消息"), messages.WARNING)
            return
        result = outbox_resend(message_ids=ids)
        if result.sent:
            self.message_user(
                request, gettext("已发送 %(count)d 条") % {"count": result.sent}, messages.SUCCESS
            )
        for failure in result.failures:
            self.message_user(request, f"发送给 {failure.to} 失败：{failure.error}", messages.ERROR)
