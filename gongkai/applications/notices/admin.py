"""Admin for notice templates and a read-only view of issued notices.

Agency admins (Role.ADMIN on an agency, with is_staff to enter the admin site) edit their own
agencies' wording here for now, and only theirs; the platform defaults (no agency) are the
platform admins' (superusers'). Nothing here can change the legal text: it is not a field.
Registered on the default site by importing this module (gongkai/applications/admin.py).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from gongkai.agencies import permissions
from gongkai.agencies.models import Agency
from gongkai.applications.models import Notice, NoticeTemplate
from gongkai.applications.notices import kinds


def administered_agency_ids(request: HttpRequest) -> set[int] | None:
    """The agencies whose templates the user edits; None for platform admins (all of them)."""
    return permissions.administered_agency_ids(request.user)


class _AgencyScopedForm(forms.ModelForm):
    # Set per request by the admin (see get_form): the agencies the user may choose.
    scope: set[int] | None = None

    class Meta:
        model = NoticeTemplate
        fields = ("agency", "kind", "outcome", "body", "closing")

    def clean_agency(self):
        agency = self.cleaned_data.get("agency")
        if agency is None and self.scope is not None:
            raise forms.ValidationError(_("平台默认模板只能由平台管理员修改，请选择机关"))
        return agency


@admin.register(NoticeTemplate)
class NoticeTemplateAdmin(admin.ModelAdmin):
    form = _AgencyScopedForm
    list_display = ("__str__", "agency", "kind", "outcome", "updated_at")
    list_filter = ("kind",)
    readonly_fields = ("placeholders",)
    fields = ("agency", "kind", "outcome", "body", "closing", "placeholders")

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("agency")
        scope = administered_agency_ids(request)
        return queryset if scope is None else queryset.filter(agency_id__in=scope)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.scope = administered_agency_ids(request)
        return form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agency":
            scope = administered_agency_ids(request)
            if scope is not None:
                kwargs["queryset"] = Agency.objects.filter(pk__in=scope)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # Membership decides, not Django's model permissions: an agency admin needs no extra grant.
    def has_module_permission(self, request) -> bool:
        scope = administered_agency_ids(request)
        return scope is None or bool(scope)

    def _may(self, request, obj) -> bool:
        scope = administered_agency_ids(request)
        if scope is None:
            return True
        if obj is None:
            return bool(scope)
        return obj.agency_id in scope

    def has_view_permission(self, request, obj=None) -> bool:
        return self._may(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._may(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._may(request, obj)

    def has_add_permission(self, request) -> bool:
        return self._may(request, None)

    @admin.display(description=_("可用的占位符"))
    def placeholders(self, obj: NoticeTemplate | None):
        rows = []
        for kind in kinds.KINDS.values():
            table = kind.all_placeholders()
            names = "、".join(f"{{{key}}}（{meaning}）" for key, (_, meaning) in table.items())
            rows.append((kind.title, names))
        return format_html_join("", "<p><b>{}</b>：{}</p>", rows)


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    """Issued notices are frozen: listed and read here by platform admins, never changed."""

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
