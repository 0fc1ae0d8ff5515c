from __future__ import annotations

import importlib
import sys
from datetime import date

import pytest
from django.apps import apps

from gongkai.workdays.models import CalendarDay, CalendarYear
from gongkai.workdays.services import calendar_current, calendar_year_delete

pytestmark = pytest.mark.django_db

seed_migration = importlib.import_module("gongkai.workdays.migrations.0002_seed_chinese_calendar")


def test_the_seed_migration_loads_only_the_years_the_table_lacks() -> None:
    calendar_year_delete(year=2025)
    CalendarYear.objects.filter(year=2026).update(source="国务院办公厅通知 导入")
    seed_migration.seed(apps, None)
    assert CalendarYear.objects.get(year=2025).source.startswith("chinese-calendar")
    assert CalendarYear.objects.get(year=2026).source == "国务院办公厅通知 导入"
    assert calendar_current().is_workday(date(2025, 10, 11))


def test_the_seed_migration_survives_a_missing_package(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calendar_year_delete(year=2025)
    monkeypatch.setitem(sys.modules, "chinese_calendar", None)
    monkeypatch.setitem(sys.modules, "chinese_calendar.constants", None)
    seed_migration.seed(apps, None)
    assert "未安装 chinesecalendar" in capsys.readouterr().err
    assert not CalendarYear.objects.filter(year=2025).exists()


def test_unseeding_removes_only_the_package_rows() -> None:
    CalendarYear.objects.create(year=2027, source="国务院办公厅通知 导入")
    CalendarDay.objects.create(date=date(2027, 1, 1), is_workday=False, source="管理员修改")
    seed_migration.unseed(apps, None)
    assert list(CalendarYear.objects.values_list("year", flat=True)) == [2027]
    assert CalendarDay.objects.count() == 1
