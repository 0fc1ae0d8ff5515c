from __future__ import annotations

from django import forms
from django.contrib import admin

from gongkai.agencies.models import Agency, Department, Membership
from gongkai.agencies.numbering import pattern_problem


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0


class AgencyAdminForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = "__all__"

    def clean_notice_number_pattern(self) -> str:
        pattern = self.cleaned_data["notice_number_pattern"]
        if problem := pattern_problem(pattern):
            raise forms.ValidationError(problem)
        return pattern


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    form = AgencyAdminForm
    list_display = ("code", "name", "parent")
    search_fields = ("code", "name")
    inlines = [DepartmentInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "agency", "role", "department")
    list_filter = ("role", "agency")
    autocomplete_fields = ("agency",)
