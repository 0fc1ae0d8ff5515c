"""Django admin for applications: platform admins read them here; staff work in /staff/.

Applications and their events are read-only in the admin: every change must go through the
workflow (services), so that it is checked and recorded.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from gongkai.applications.models import Application, ApplicationEvent
from gongkai.applications.notices import admin as _notices_admin  # noqa: F401 (registers)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class EventInline(admin.TabularInline):
    model = ApplicationEvent
    fields = ("on", "kind", "actor", "state_before", "state_after", "data", "note", "at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = (
        "number",
        "agency",
        "applicant_name",
        "info_name",
        "state",
        "received_on",
        "due_on",
        "closed_on",
    )
    list_filter = ("agency", "state", "channel", "report_column")
    search_fields = ("number", "applicant_name", "info_name")
    date_hierarchy = "received_on"
    inlines = [EventInline]
