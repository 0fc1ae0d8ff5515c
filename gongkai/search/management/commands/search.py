"""``gongkai search rebuild``: the index emptied and rebuilt from GONGKAI_SEARCH_SOURCES.

Idempotent and safe to run from cron: one transaction, so that searches see the old index until
the new one is complete.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from gongkai.search.rebuild import rebuild


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]
        # Translated when asked for: argparse needs a str, and a lazy string is not one.
        return _("全文检索索引：rebuild 清空并按 GONGKAI_SEARCH_SOURCES 重建")

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar=_("子命令"))
        actions.add_parser("rebuild", help=_("清空索引，重新索引全部已公开信息（一个事务）"))

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "rebuild":
            try:
                done = rebuild()
            except ImproperlyConfigured as error:
                raise CommandError(str(error)) from error
            self.stdout.write(
                _("已索引 %(count)d 条，用时 %(seconds).1f 秒（每秒 %(rate).0f 条）")
                % {"count": done.count, "seconds": done.seconds, "rate": done.rate}
            )
