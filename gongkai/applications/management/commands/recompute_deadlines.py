"""``gongkai recompute_deadlines``: recompute the cached deadlines after the calendar changed.

    gongkai recompute_deadlines               # the years a calendar change marked (for cron)
    gongkai recompute_deadlines --year 2027   # these years, marked or not (repeatable)
    gongkai recompute_deadlines --all         # every open application
    gongkai recompute_deadlines --list        # only show the marked years

A change to the holiday table only marks its years, so that saving a holiday does not make the
request recompute every open application. Cron runs this command (``gongkai remind`` does the
same first); running it again is harmless. Only open applications whose deadline may count
working days of a year concerned are looked at.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.applications.services.deadlines import (
    Refreshed,
    deadlines_refresh_stale,
    deadlines_stale_years,
)

# Years a working-day calendar can sensibly be about.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _year(value: str) -> int:
    try:
        year = int(value)
    except ValueError:
        year = 0
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise CommandError(f"--year 的值“{value}”不是 {FIRST_YEAR}–{LAST_YEAR} 之间的年份")
    return year


def _years(years: tuple[int, ...]) -> str:
    return "、".join(map(str, years))


class Command(BaseCommand):
    help = "节假日安排修改后重算办理期限：默认重算被标记的年份，或用 --year 指定年份。"

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group()
        which.add_argument(
            "--year",
            action="append",
            metavar="YYYY",
            help="重算期限经过这一年的未办结申请（可重复），不论是否被标记；并取消其标记",
        )
        which.add_argument(
            "--all", action="store_true", help="重算全部未办结申请的期限，并取消全部标记"
        )
        which.add_argument("--list", action="store_true", help="只列出待重算的年份，不重算")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            stale = tuple(deadlines_stale_years())
            self.stdout.write(f"待重算期限的年份：{_years(stale)}" if stale else "没有待重算的年份")
            return
        if options["all"]:
            self._report(deadlines_refresh_stale(all_open=True), "全部未办结申请")
            return
        if options["year"]:
            years = tuple(sorted({_year(value) for value in options["year"]}))
            result = deadlines_refresh_stale(years=years)
            self._report(result, f"期限经过 {_years(years)} 年的申请")
            return
        result = deadlines_refresh_stale()
        if not result.years:
            self.stdout.write("没有待重算的年份（节假日安排修改后会自动标记）")
            return
        self._report(result, f"期限经过 {_years(result.years)} 年的申请")

    def _report(self, result: Refreshed, what: str) -> None:
        self.stdout.write(f"已重算{what}：共 {result.checked} 件，期限有变化 {result.changed} 件")
