"""``gongkai remind``: queue the deadline reminders due today, then send what the outbox holds.

Meant for cron (e.g. every hour on working days); running it again is harmless: a reminder
already queued is not queued again, and a message already sent is not sent again. Messages that
failed are retried by the next run. Exit code 0 when every send succeeded, 1 when any failed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from gongkai.applications.applicant_reminders import applicant_reminders_enqueue
from gongkai.applications.reminders import reminders_enqueue
from gongkai.applications.services.deadlines import deadlines_refresh_stale, deadlines_stale_years
from gongkai.core.outbox import MAX_ATTEMPTS, abandoned, outbox_send_pending, pending


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today 的值“{value}”不是有效日期（应为 YYYY-MM-DD）") from None


class Command(BaseCommand):
    help = (
        "生成到期提醒（逾期、今日到期、即将到期、补正告知期限、征求意见期满、缴费期满、暂定期限）"
        "并发送发件箱中的邮件。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today", metavar="YYYY-MM-DD", help="按这一天计算提醒（默认今天），用于补发或测试"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="只列出将要加入发件箱的提醒，不写入、不发送"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = _day(options["today"]) if options["today"] else timezone.localdate()
        dry_run = options["dry_run"]
        # A calendar change only marked its years: bring those deadlines up to date first.
        if dry_run and (stale := deadlines_stale_years()):
            self.stderr.write(f"{'、'.join(map(str, stale))} 年的期限待重算，提醒可能不准")
        elif not dry_run and (refreshed := deadlines_refresh_stale()).years:
            self.stdout.write(
                f"节假日安排有修改，已重算 {'、'.join(map(str, refreshed.years))} 年的期限："
                f"{refreshed.checked} 件，有变化 {refreshed.changed} 件"
            )
        result = reminders_enqueue(today=today, dry_run=dry_run)
        if not dry_run:
            windows = applicant_reminders_enqueue(today=today)
            self.stdout.write(f"申请人补正或缴费期限即将届满：{windows} 件（已通知申请人）")
        for problem in result.unreachable:
            self.stderr.write(f"无人可收提醒：{problem}")
        if dry_run:
            for reminder in result.new:
                self.stdout.write(f"{reminder.to}\t{reminder.subject}\t{reminder.key}")
            waiting = pending().count()
            self.stdout.write(
                f"{today.isoformat()} 试运行：应有提醒 {result.due} 条，"
                f"将加入发件箱 {len(result.new)} 条，已在发件箱 {result.existing} 条；"
                f"发件箱另有待发送 {waiting} 条；未写入，未发送"
            )
            return

        self.stdout.write(
            f"{today.isoformat()}：应有提醒 {result.due} 条，"
            f"加入发件箱 {len(result.new)} 条，已在发件箱 {result.existing} 条"
        )
        sent = outbox_send_pending()
        for failure in sent.failures:
            self.stderr.write(f"发送失败：{failure.to}（{failure.key}）：{failure.error}")
        self.stdout.write(f"发送成功 {sent.sent} 条，发送失败 {sent.failed} 条")
        given_up = abandoned().count()
        if given_up:
            self.stderr.write(
                f"另有 {given_up} 封邮件已失败 {MAX_ATTEMPTS} 次，不再自动重试；"
                "请在管理后台“发件箱”中查看原因并重新发送"
            )
        if sent.failed:
            raise CommandError(f"有 {sent.failed} 封邮件发送失败，下次运行时会重试")
