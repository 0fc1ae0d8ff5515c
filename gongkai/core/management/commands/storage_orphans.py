"""``gongkai storage_orphans``: the stored files no row names, listed; ``--delete`` removes them.

    gongkai storage_orphans [--delete] [--older-than-hours N]

An orphan is left when a transaction wrote its file (files are written before their row,
gongkai.core.stored_files) and then rolled back, or the process died before the commit: it is
harmless, and the same bytes stored again reuse it. Only files older than ``--older-than-hours``
(default 24) are listed or deleted: a younger one may belong to a transaction still running.
Files that are not stored files (any name the storage holds) are listed too; nothing is deleted
without ``--delete``. Exit code 0.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandParser

from gongkai.core.stored_files import storage_orphans


class Command(BaseCommand):
    help = "列出（--delete：删除）文件存储中没有任何记录引用的文件。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--delete", action="store_true", help="删除列出的文件")
        parser.add_argument(
            "--older-than-hours",
            type=int,
            default=24,
            help="只处理早于这么多小时写入的文件（默认 24：较新的可能属于尚未提交的事务）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        hours = max(0, options["older_than_hours"])
        orphans = storage_orphans(older_than=timedelta(hours=hours))
        for name in orphans:
            if options["delete"]:
                default_storage.delete(name)
            self.stdout.write(name)
        verb = "已删除" if options["delete"] else "共"
        self.stdout.write(f"{verb} {len(orphans)} 个无引用的文件（早于 {hours} 小时）")
