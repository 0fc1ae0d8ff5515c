"""``manage.py workdays``: reply deadlines from the command line and the holiday table.

    workdays due 2026-03-02 --pause 2026-03-10:2026-03-20 --extend 20
    workdays import notice-2027.txt --year 2027
    workdays seed [--year 2026 ...]
    workdays years

``due`` prints the explanation, one part per line, and on its last line the due date in ISO form,
followed by " provisional" while a year it runs through has no holiday schedule. Bad input exits
with code 2 and a message naming the argument.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from gongkai.workdays import clock
from gongkai.workdays.conf import convention_from_settings
from gongkai.workdays.models import SOURCE_NOTICE, CalendarDay, CalendarYear
from gongkai.workdays.services import (
    CalendarError,
    calendar_current,
    calendar_year_import,
    calendar_years_seed,
    missing_years_now,
)

EXIT_BAD_INPUT = 2
STDIN = "-"


def _date(value: str, argument: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"参数 {argument} 的值“{value}”不是有效日期，应写作 YYYY-MM-DD",
            returncode=EXIT_BAD_INPUT,
        ) from None


def _pause(value: str) -> tuple[date, date]:
    start_text, sep, end_text = value.partition(":")
    if not sep:
        raise CommandError(
            f"参数 --pause 的值“{value}”应写作 开始:结束，如 2026-03-10:2026-03-20",
            returncode=EXIT_BAD_INPUT,
        )
    start, end = _date(start_text, "--pause"), _date(end_text, "--pause")
    if end < start:
        raise CommandError(
            f"参数 --pause 的值“{value}”的结束日早于开始日", returncode=EXIT_BAD_INPUT
        )
    return start, end


class Command(BaseCommand):
    help = "工作日历：计算答复期限，导入和查看节假日安排。"

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="子命令")

        due = actions.add_parser("due", help="按条例第三十三条计算答复期限")
        due.add_argument("received", metavar="RECEIVED", help="收到申请的日期 YYYY-MM-DD")
        due.add_argument(
            "--pause",
            action="append",
            default=[],
            metavar="START:END",
            help="征求意见的开始和结束日期（可多次给出）",
        )
        due.add_argument(
            "--extend",
            nargs="?",
            const="",
            default=None,
            metavar="DAYS",
            help="批准延期的工作日数（不写则为最长 20 个工作日）",
        )

        import_ = actions.add_parser("import", help="导入某年的节假日安排（日期清单文件）")
        import_.add_argument("file", metavar="FILE", help="文本文件（UTF-8）；- 表示标准输入")
        import_.add_argument("--year", type=int, required=True, help="年份")
        import_.add_argument("--source", default=SOURCE_NOTICE, help="来源说明")

        seed = actions.add_parser("seed", help="从 chinesecalendar 包载入节假日数据")
        seed.add_argument(
            "--year",
            type=int,
            action="append",
            dest="years",
            help="替换载入指定年份（可多次给出）；不写则只载入尚未载入的年份",
        )

        actions.add_parser("years", help="列出已载入节假日安排的年份")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "due":
            self._due(options)
        elif action == "import":
            self._import(options)
        elif action == "seed":
            self._seed(options)
        else:
            self._years()

    def _due(self, options: dict[str, Any]) -> None:
        received = _date(options["received"], "RECEIVED")
        events = [clock.ClockEvent(clock.RECEIVED, received)]
        for value in options["pause"]:
            start, end = _pause(value)
            events.append(clock.ClockEvent(clock.CONSULTATION_STARTED, start))
            events.append(clock.ClockEvent(clock.CONSULTATION_ENDED, end))
        if options["extend"] is not None:
            days = None
            if options["extend"]:
                try:
                    days = int(options["extend"])
                except ValueError:
                    raise CommandError(
                        f"参数 --extend 的值“{options['extend']}”应为工作日数（整数）",
                        returncode=EXIT_BAD_INPUT,
                    ) from None
            # Approved on the day of receipt: the date only matters for the late-approval note.
            events.append(clock.ClockEvent(clock.EXTENSION_APPROVED, received, days=days))
        try:
            deadline = clock.reply_deadline(events, calendar_current(), convention_from_settings())
        except clock.ClockError as error:
            raise CommandError(str(error), returncode=EXIT_BAD_INPUT) from None
        for line in deadline.explanation.split("；"):
            self.stdout.write(line)
        if deadline.due is None:
            raise CommandError("答复期限暂时无法确定", returncode=1)
        marker = " provisional" if deadline.provisional else ""
        self.stdout.write(f"{deadline.due.isoformat()}{marker}")

    def _import(self, options: dict[str, Any]) -> None:
        name = options["file"]
        try:
            text = sys.stdin.read() if name == STDIN else Path(name).read_text("utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"无法读取文件 {name}：{error}", returncode=EXIT_BAD_INPUT) from None
        result = calendar_year_import(
            year=options["year"], lines=text, user=None, source=options["source"]
        )
        if not result.ok:
            for error in result.errors:
                self.stderr.write(error)
            raise CommandError(
                f"{name} 有 {len(result.errors)} 处错误，未作任何修改", returncode=EXIT_BAD_INPUT
            )
        self.stdout.write(
            f"已导入 {result.year} 年：休息日 {result.holidays} 天，调休上班 {result.workdays} 天"
            f"（替换原有 {result.replaced} 条）"
        )

    def _seed(self, options: dict[str, Any]) -> None:
        try:
            years = calendar_years_seed(years=options["years"])
        except CalendarError as error:
            raise CommandError(str(error), returncode=EXIT_BAD_INPUT) from None
        if years:
            self.stdout.write(f"已载入：{'、'.join(map(str, years))}")
        else:
            self.stdout.write("没有需要载入的年份")

    def _years(self) -> None:
        for row in CalendarYear.objects.all():
            count = CalendarDay.objects.filter(date__year=row.year).count()
            loaded_at = timezone.localtime(row.loaded_at).strftime("%Y-%m-%d %H:%M")
            self.stdout.write(f"{row.year}\t{row.source}\t例外 {count} 天\t{loaded_at}")
        missing = missing_years_now()
        if missing:
            self.stderr.write(f"尚未载入：{'、'.join(map(str, missing))}")
