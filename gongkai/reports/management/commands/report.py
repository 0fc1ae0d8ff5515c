"""``gongkai report``: read, check, render and compare annual reports given as files.

parse, check, render and compare work on files only and never touch the database: they are
declared and run by the engine's command line (gongkai/reports/engine/cli), which ``gongkai``
calls without Django; this command declares the same subcommands from there, so that
``manage.py report check`` and ``call_command`` run the same code. ``compute`` reads an agency's
records and prints tables 二 and 三 in the cell contract (table 二's input cells as entered, blank
where none was); ``province`` exports the provincial office's year. Exit codes:
0 = no error-level finding, 1 = an error-level finding (or a render failure, or records that
cannot be counted), 2 = a file could not be read or understood (or an unknown agency or year).
With several files, the highest code wins.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper

from gongkai.reports.engine.cli import FILE_ACTIONS, CliError, Console, add_file_parsers, run
from gongkai.reports.engine.cli.files import render_bytes, write
from gongkai.reports.province.cli import add_province_parser, province_export

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_UNREADABLE = 2


class Command(BaseCommand):
    help = (
        "读取、校验、转换和比对政府信息公开工作年度报告文件（不使用数据库；"
        "可一次校验文件夹或压缩包中的全部报告并写出汇总）；"
        "compute 按记录统计表二、表三、表四。"
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="子命令")
        add_file_parsers(actions)
        compute = actions.add_parser(
            "compute",
            help="按记录统计某机关某年度的表二至表四，输出单元格数据（可交给 report check 校验）",
        )
        compute.add_argument(
            "--agency", required=True, metavar="CODE", help="机关代码（gongkai agencies 可列出）"
        )
        compute.add_argument("--year", required=True, type=int, metavar="YEAR", help="报告年度")
        compute.add_argument("--format", choices=("json", "csv"), default="json", help="默认 json")
        # The provincial office's year as a matrix (agency × cell): gongkai.reports.province.cli.
        add_province_parser(actions)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action in FILE_ACTIONS:
                code = run(options, Console(_Exact(self.stdout), _Exact(self.stderr)))
            elif action == "compute":
                code = self._compute(options["agency"], options["year"], options["format"])
            else:
                code = province_export(self, options)
        except CliError as exc:
            raise CommandError(str(exc), returncode=exc.code) from exc
        if code:
            raise SystemExit(code)

    def _compute(self, code: str, year: int, fmt: str) -> int:
        # Imported here: the file subcommands need no models and work without a database.
        from gongkai.agencies.models import Agency
        from gongkai.core.errors import DomainError
        from gongkai.reports.compute import report_year_problem
        from gongkai.reports.compute.report import report_compute

        agency = Agency.objects.filter(code=code).first()
        if agency is None:
            self.stderr.write(
                f"没有机关代码为“{code}”的机关；用 gongkai agencies 列出全部机关及其代码"
            )
            return EXIT_UNREADABLE
        problem = report_year_problem(year)  # the same range as the staff pages
        if problem is not None:
            self.stderr.write(f"--year {year}：{problem}")
            return EXIT_UNREADABLE
        try:
            report = report_compute(agency, year)
        except DomainError as exc:
            self.stderr.write(f"{agency.name}（{code}）{year} 年度报告无法统计：{exc}")
            return EXIT_FINDINGS
        console = Console(_Exact(self.stdout), _Exact(self.stderr))
        write(render_bytes(report, fmt), "-", console)
        return EXIT_OK


class _Exact:
    """A command's OutputWrapper that writes exactly what it is given (it would add a newline
    to each write, and the engine's console and progress bar end their own lines)."""

    def __init__(self, wrapper: OutputWrapper) -> None:
        self._wrapper = wrapper

    def write(self, text: str) -> None:
        self._wrapper.write(text, ending="")

    def flush(self) -> None:
        self._wrapper.flush()

    def isatty(self) -> bool:
        return self._wrapper.isatty()
