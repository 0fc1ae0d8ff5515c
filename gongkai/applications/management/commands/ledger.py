"""``gongkai ledger``: import an office's ledger (台账) of applications, or write its template.

    gongkai ledger import FILE --agency CODE [--dry-run] [--user USERNAME]
    gongkai ledger template --format xlsx|csv -o FILE

Exit codes of ``import``: 0 = imported (or, with --dry-run, would import) every row;
1 = errors in rows or header, nothing imported (each error on its own line of stderr, naming
the row and the column); 2 = the file, the agency or the user cannot be used.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.agencies.models import Agency
from gongkai.applications.ledger.service import can_import_ledger, ledger_import
from gongkai.applications.ledger.template import FORMATS, ledger_template
from gongkai.core.errors import DomainError

EXIT_OK = 0
EXIT_ROW_ERRORS = 1
EXIT_UNUSABLE = 2


class Command(BaseCommand):
    help = "导入机关已有的政府信息公开申请台账（XLSX/CSV），或生成空白台账模板。"

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="子命令")
        import_ = actions.add_parser(
            "import", help="导入台账：全部导入，或（有任何错误时）一条不导入"
        )
        import_.add_argument("file", metavar="FILE", help="台账文件（.xlsx 或 .csv）")
        import_.add_argument("--agency", required=True, metavar="CODE", help="机关代码")
        import_.add_argument("--dry-run", action="store_true", help="只检查，不写入数据库")
        import_.add_argument(
            "--user",
            metavar="USERNAME",
            help="记为导入人的用户（须为该机关的承办人或机关管理员）；不填则记为命令行导入",
        )
        template = actions.add_parser("template", help="生成空白台账模板")
        template.add_argument("--format", dest="fmt", choices=sorted(FORMATS), default="xlsx")
        template.add_argument("-o", "--output", required=True, metavar="FILE", help="- 为标准输出")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "template":
            self._template(options["fmt"], options["output"])
            return
        code = self._import(options)
        if code:
            raise SystemExit(code)

    def _template(self, fmt: str, output: str) -> None:
        data = ledger_template(fmt)
        if output == "-":
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
            return
        try:
            Path(output).write_bytes(data)
        except OSError as error:
            raise CommandError(
                f"无法写入 {output}：{error.strerror}", returncode=EXIT_UNUSABLE
            ) from None
        self.stdout.write(f"已生成空白台账模板：{output}")

    def _import(self, options: dict[str, Any]) -> int:
        agency = Agency.objects.filter(code=options["agency"]).first()
        if agency is None:
            raise CommandError(f"没有代码为“{options['agency']}”的机关", returncode=EXIT_UNUSABLE)
        actor = None
        if username := options.get("user"):
            actor = get_user_model().objects.filter(username=username).first()
            if actor is None:
                raise CommandError(f"没有用户“{username}”", returncode=EXIT_UNUSABLE)
            if not can_import_ledger(actor, agency):
                raise CommandError(
                    f"用户“{username}”不是{agency.name}的承办人或机关管理员",
                    returncode=EXIT_UNUSABLE,
                )
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(
                f"无法读取 {path}：{error.strerror}", returncode=EXIT_UNUSABLE
            ) from None
        try:
            result = ledger_import(
                agency=agency,
                actor=actor,
                content=content,
                filename=path.name,
                dry_run=options["dry_run"],
            )
        except DomainError as error:
            self.stderr.write(f"{path.name}：{error.message}；未导入任何申请")
            return EXIT_UNUSABLE
        for warning in result.warnings:
            self.stderr.write(f"提示：{warning}")
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            self.stderr.write(f"{path.name} 有 {len(result.errors)} 处错误，未导入任何申请")
            return EXIT_ROW_ERRORS
        counts = f"尚在办理 {result.open} 条，已办结 {result.closed} 条"
        if result.dry_run:
            self.stdout.write(f"检查通过：{result.rows} 条申请（{counts}）；--dry-run，未写入")
        else:
            self.stdout.write(f"已向{agency.name}导入 {result.imported} 条申请（{counts}）")
        return EXIT_OK
