from __future__ import annotations

from django.contrib import admin

from gongkai.agencies.models import Agency, Department, Membership


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "parent")
    search_fields = ("code", "name")
    inlines = [DepartmentInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "agency", "role", "department")
    list_filter = ("role", "agency")
    autocomplete_fields = ("agency",)
