"""Admin forms: one exception day, and a year's schedule pasted from the notice."""

from __future__ import annotations

from typing import Any

from django import forms

from gongkai.workdays.models import SOURCE_NOTICE, CalendarDay, CalendarYear
from gongkai.workdays.services import calendar_day_problem

NOTICE_EXAMPLE = """# 每行一项：日期 休/班 名称；日期范围写作 开始..结束
2027-01-01 休 元旦
2027-10-01..2027-10-07 休 国庆节
2027-10-09 班 调休上班"""


class CalendarDayForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "is_workday", "name"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        day, is_workday = data.get("date"), data.get("is_workday")
        if day is not None and is_workday is not None:
            problem = calendar_day_problem(day, is_workday)
            if problem:
                raise forms.ValidationError(problem)
        return data


class YearImportForm(forms.Form):
    year = forms.IntegerField(label="年份", min_value=2000, max_value=2100)
    lines = forms.CharField(
        label="节假日安排",
        widget=forms.Textarea(attrs={"rows": 20, "cols": 60, "placeholder": NOTICE_EXAMPLE}),
        help_text="按国务院办公厅关于该年部分节假日安排的通知逐行填写；有任何一行出错则全部不导入。",
    )
    source = forms.CharField(label="来源", max_length=100, initial=SOURCE_NOTICE)
    replace = forms.BooleanField(label="替换该年已载入的安排", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        year = data.get("year")
        if year and not data.get("replace") and CalendarYear.objects.filter(year=year).exists():
            self.add_error(
                "replace", f"{year} 年已载入；如需用本次内容替换，请勾选“替换该年已载入的安排”"
            )
        return data
