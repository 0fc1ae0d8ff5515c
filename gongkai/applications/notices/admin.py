"""Admin for notice templates (agency admins edit their wording here for now) and a read-only
view of issued notices. Registered from gongkai/applications/admin.py, which imports this module.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html_join

from gongkai.applications.models import Notice, NoticeTemplate
from gongkai.applications.notices import kinds


@admin.register(NoticeTemplate)
class NoticeTemplateAdmin(admin.ModelAdmin):
    list_display = ("__str__", "agency", "kind", "outcome", "updated_at")
    list_filter = ("kind", "agency")
    autocomplete_fields = ("agency",)
    readonly_fields = ("placeholders",)
    fields = ("agency", "kind", "outcome", "body", "closing", "placeholders")

    @admin.display(description="可用的占位符")
    def placeholders(self, obj: NoticeTemplate | None):
        rows = []
        for kind in kinds.KINDS.values():
            names = "、".join(f"{{{n}}}（{m}）" for n, m in kind.allowed_placeholders().items())
            rows.append((kind.title, names))
        return format_html_join("", "<p><b>{}</b>：{}</p>", rows)


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    """Issued notices are frozen: listed and read here, never added, changed or deleted."""

    list_display = ("number", "title", "application", "issued_on", "issued_by")
    list_filter = ("kind", "agency")
    search_fields = ("number", "application__number", "addressee")
    fields = (
        "number",
        "title",
        "application",
        "addressee",
        "issued_on",
        "issued_by",
        "template_source",
        "text",
        "sha256",
        "docx_sha256",
    )
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
