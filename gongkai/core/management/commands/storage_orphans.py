"""``gongkai storage_orphans``: the stored files no row names, listed; ``--delete`` removes them.

    gongkai storage_orphans [--delete] [--older-than-hours N]

An orphan is left when a transaction wrote its file (files are written before their row,
gongkai.core.stored_files) and then rolled back, or the process died before the commit: it is
harmless, and the same bytes stored again reuse it. Only files older than ``--older-than-hours``
(default 24) are listed or deleted: a younger one may belong to a transaction still running.
Files whose names are not stored files' (something else put in the same folder or bucket) are
listed apart and never deleted. Exit code 0.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from gongkai.core.stored_files import (
    is_stored_name,
    storage_orphans,
    stored_delete_if_unreferenced,
)


class Command(BaseCommand):
    help = _("列出（--delete：删除）文件存储中没有任何记录引用的文件。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--delete", action="store_true", help=_("删除列出的文件"))
        parser.add_argument(
            "--older-than-hours",
            type=int,
            default=24,
            help=_("只处理早于这么多小时写入的文件（默认 24：较新的可能属于尚未提交的事务）"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        hours = max(0, options["older_than_hours"])
        found = storage_orphans(older_than=timedelta(hours=hours))
        orphans = [name for name in found if is_stored_name(name)]
        deleted = 0
        for name in orphans:
            if options["delete"] and stored_delete_if_unreferenced(name):
                deleted += 1
            self.stdout.write(name)
        for name in found:
            if not is_stored_name(name):
                self.stdout.write(_("%(name)s（不是平台存储的文件，未处理）") % {"name": name})
        if options["delete"]:
            summary = _("已删除 %(count)d 个无引用的文件（早于 %(hours)d 小时）")
            self.stdout.write(summary % {"count": deleted, "hours": hours})
        else:
            summary = _("共 %(count)d 个无引用的文件（早于 %(hours)d 小时）")
            self.stdout.write(summary % {"count": len(orphans), "hours": hours})
