"""Seed the holiday table from the chinese_calendar package, so a fresh install has a calendar.

Only years the package knows and the table lacks are loaded; rows are written through the
historical models, so later model changes do not break this migration.
"""

from __future__ import annotations

import sys
from typing import Any

from django.db import migrations


def seed(apps: Any, schema_editor: Any) -> None:
    try:
        from gongkai.workdays.seed import package_exceptions, package_source, package_years

        available = package_years()
    except ImportError:
        # Not fatal: without holiday data every deadline is marked provisional, and the banner
        # tells staff to load the years (manage.py workdays seed / import).
        sys.stderr.write("workdays：未安装 chinesecalendar，节假日数据未载入\n")
        return
    calendar_day = apps.get_model("workdays", "CalendarDay")
    calendar_year = apps.get_model("workdays", "CalendarYear")
    loaded = set(calendar_year.objects.values_list("year", flat=True))
    years = [year for year in available if year not in loaded]
    source = package_source()
    calendar_day.objects.bulk_create(
        [
            calendar_day(date=e.day, is_workday=e.is_workday, name=e.name, source=source)
            for e in package_exceptions(years)
        ],
        ignore_conflicts=True,
    )
    calendar_year.objects.bulk_create([calendar_year(year=y, source=source) for y in years])


def unseed(apps: Any, schema_editor: Any) -> None:
    apps.get_model("workdays", "CalendarDay").objects.filter(
        source__startswith="chinese-calendar"
    ).delete()
    apps.get_model("workdays", "CalendarYear").objects.filter(
        source__startswith="chinese-calendar"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
