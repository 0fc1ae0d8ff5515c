"""Admin for the holiday table. Only platform admins (superusers) change it; every change sends
``calendar_changed``, so that the cached deadlines of the years changed are recomputed (by a
command, outside the request: see gongkai.applications.services.deadlines)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse

from gongkai.workdays.forms import CalendarDayForm, YearImportForm
from gongkai.workdays.models import SOURCE_ADMIN, CalendarDay, CalendarYear
from gongkai.workdays.notice import WEEKDAY_NAMES
from gongkai.workdays.services import (
    calendar_year_delete,
    calendar_year_import,
    notify_calendar_changed,
)


class SuperuserEditsMixin:
    """Staff with the view permission may look; only superusers add, change or delete."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser


@admin.register(CalendarDay)
class CalendarDayAdmin(SuperuserEditsMixin, admin.ModelAdmin):
    form = CalendarDayForm
    list_display = ("date", "weekday", "is_workday", "name", "source", "updated_by", "updated_at")
    list_filter = ("is_workday", "source")
    date_hierarchy = "date"
    search_fields = ("name",)
    readonly_fields = ("source", "updated_by", "updated_at")

    @admin.display(description="星期")
    def weekday(self, obj: CalendarDay) -> str:
        return f"星期{WEEKDAY_NAMES[obj.date.weekday()]}"

    def save_model(self, request: HttpRequest, obj: CalendarDay, form: Any, change: bool) -> None:
        obj.source = SOURCE_ADMIN
        obj.updated_by = request.user
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            years = {obj.date.year}
            if change and "date" in form.changed_data:
                years.add(form.initial["date"].year)
            notify_calendar_changed(years)

    def delete_model(self, request: HttpRequest, obj: CalendarDay) -> None:
        with transaction.atomic():
            super().delete_model(request, obj)
            notify_calendar_changed({obj.date.year})

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarDay]) -> None:
        years = {day.year for day in queryset.values_list("date", flat=True)}
        with transaction.atomic():
            super().delete_queryset(request, queryset)
            notify_calendar_changed(years)


@admin.register(CalendarYear)
class CalendarYearAdmin(SuperuserEditsMixin, admin.ModelAdmin):
    list_display = ("year", "source", "exceptions", "loaded_at", "loaded_by")
    readonly_fields = ("year", "source", "loaded_at", "loaded_by")
    change_list_template = "admin/workdays/calendaryear/change_list.html"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a year is added by importing its schedule

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # replace a year by importing it again

    @admin.display(description="例外天数")
    def exceptions(self, obj: CalendarYear) -> int:
        return CalendarDay.objects.filter(date__year=obj.year).count()

    def delete_model(self, request: HttpRequest, obj: CalendarYear) -> None:
        calendar_year_delete(year=obj.year)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarYear]) -> None:
        with transaction.atomic():
            for year in queryset.values_list("year", flat=True):
                calendar_year_delete(year=year)

    def get_urls(self) -> list[URLPattern]:
        own = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="workdays_calendaryear_import",
            )
        ]
        return own + super().get_urls()

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_superuser:
            raise PermissionDenied("只有平台管理员可以导入节假日安排")
        form = YearImportForm(request.POST or None)
        errors: tuple[str, ...] = ()
        if request.method == "POST" and form.is_valid():
            result = calendar_year_import(
                year=form.cleaned_data["year"],
                lines=form.cleaned_data["lines"],
                user=request.user,
                source=form.cleaned_data["source"],
            )
            if result.ok:
                messages.success(
                    request,
                    f"已导入 {result.year} 年：休息日 {result.holidays} 天，调休上班 "
                    f"{result.workdays} 天（替换原有 {result.replaced} 条）",
                )
                return HttpResponseRedirect(reverse("admin:workdays_calendaryear_changelist"))
            errors = result.errors
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "导入年度节假日安排",
            "form": form,
            "import_errors": errors,
        }
        return TemplateResponse(request, "admin/workdays/calendaryear/import.html", context)
