"""``gongkai purge_personal_data``: clear the personal information of applications closed more
than the retention period (``GONGKAI_RETENTION_YEARS``) ago; see applications/retention.py.

    gongkai purge_personal_data                # dry run: what would be purged; nothing changes
    gongkai purge_personal_data --agency CODE  # one agency only
    gongkai purge_personal_data --apply        # purge

A dry run is the default so that the list is seen before anything is erased, which cannot be
undone. Running it again is harmless: what was purged is not selected again.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.agencies.models import Agency
from gongkai.applications.retention import PurgeSummary, purge
from gongkai.core.errors import DomainError


class Command(BaseCommand):
    help = gettext_lazy(
        "清除已办结超过保存期限的申请中的个人信息（默认只试运行，加 --apply 执行）。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--agency", metavar="CODE", help=gettext_lazy("只处理这一机关（机关代码）")
        )
        parser.add_argument(
            "--apply", action="store_true", help=gettext_lazy("执行清除；不加则只列出将清除的申请")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        agency = None
        if code := options["agency"]:
            agency = Agency.objects.filter(code=code).first()
            if agency is None:
                raise CommandError(_("没有代码为“%(code)s”的机关") % {"code": code})
        try:
            summary = purge(agency=agency, dry_run=not options["apply"])
        except DomainError as error:
            raise CommandError(str(error)) from None
        self._report(summary)

    def _report(self, summary: PurgeSummary) -> None:
        facts = {
            "count": summary.count,
            "files": summary.files,
            "years": summary.years,
            "cutoff": summary.cutoff.isoformat(),
        }
        if not summary.count:
            self.stdout.write(
                _("没有办结超过保存期限（%(years)s 年，%(cutoff)s 以前办结）的申请需要清除") % facts
            )
            return
        if summary.dry_run:
            head = _(
                "试运行：以下 %(count)s 件申请办结已超过保存期限（%(years)s 年，%(cutoff)s 以前"
                "办结），将清除其个人信息，删除文件 %(files)s 个："
            )
        else:
            head = _("已清除以下 %(count)s 件申请的个人信息，删除文件 %(files)s 个：")
        self.stdout.write(head % facts)
        for purged in summary.applications:
            self.stdout.write(
                _("  %(agency)s %(number)s（文件 %(files)s 个）")
                % {"agency": purged.agency_code, "number": purged.number, "files": purged.files}
            )
        if summary.dry_run:
            self.stdout.write(_("未作任何修改；确认无误后加 --apply 执行清除。"))
