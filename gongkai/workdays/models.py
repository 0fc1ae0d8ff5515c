"""The holiday table: only the exceptions to the weekly rhythm, and the years that are loaded."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

SOURCE_PACKAGE = "chinese-calendar"
SOURCE_NOTICE = "国务院办公厅通知 导入"
SOURCE_ADMIN = "管理员修改"


class CalendarDay(models.Model):
    """A weekday that is off (a holiday) or a weekend day that is worked (调休上班).

    Ordinary days are not stored: a weekday is a working day and a weekend day is not, unless a
    row here says otherwise.
    """

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("上班"))
    name = models.CharField(
        _("名称"), max_length=100, blank=True, help_text=_("如 国庆节、调休上班")
    )
    source = models.CharField(_("来源"), max_length=100)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")

    def __str__(self) -> str:
        kind = "上班" if self.is_workday else "休息"
        return f"{self.date.isoformat()} {kind} {self.name}".rstrip()


class CalendarYear(models.Model):
    """A year whose holiday schedule is loaded; deadlines reaching other years are provisional."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    source = models.CharField(_("来源"), max_length=100)
    loaded_at = models.DateTimeField(_("载入时间"), auto_now=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("载入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["year"]
        verbose_name = _("已载入年份")
        verbose_name_plural = _("已载入年份")

    def __str__(self) -> str:
        return f"{self.year} 年（{self.source}）"
