"""``gongkai report``: read, check, render and compare annual reports given as files.

parse, check, render and compare work on files only and never touch the database; ``compute``
reads an agency's records and prints tables 二 and 三 in the cell contract (table 二's
input cells as entered, blank where none was). Exit codes:
0 = no error-level finding, 1 = an error-level finding (or a render failure, or records that
cannot be counted), 2 = a file could not be read or understood (or an unknown agency or year).
With several files, the highest code wins.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.reports.engine import (
    FORMATS,
    ReadError,
    RenderError,
    check,
    compare,
    read_report,
    render,
)
from gongkai.reports.province.cli import add_province_parser, province_export

STDIN = "-"
STDOUT = "-"
STDIN_NAME = "（标准输入）"

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_UNREADABLE = 2

FINDING_LEVELS = {"error": "错误", "warning": "警告"}
DIAGNOSTIC_LEVELS = {"info": "提示", "warning": "警告", "ambiguous": "存疑"}


class Unreadable(Exception):
    """A file that cannot be read or is not a report; the message is for the user."""


class Command(BaseCommand):
    help = (
        "读取、校验、转换和比对政府信息公开工作年度报告文件（不使用数据库）；"
        "compute 按记录统计表二、表三、表四。"
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="子命令")

        parse = actions.add_parser("parse", help="读取报告，输出单元格数据（JSON 或 CSV）")
        parse.add_argument("file", metavar="FILE", help="报告文件；- 表示标准输入")
        parse.add_argument("--format", choices=("json", "csv"), default="json", help="默认 json")

        check_ = actions.add_parser("check", help="按勾稽关系校验一个或多个报告")
        check_.add_argument("files", metavar="FILE", nargs="+", help="报告文件；- 表示标准输入")

        render_ = actions.add_parser("render", help="把报告转换为另一种格式")
        render_.add_argument("file", metavar="FILE", help="报告文件；- 表示标准输入")
        render_.add_argument("--to", dest="fmt", choices=FORMATS, required=True, help="目标格式")
        render_.add_argument(
            "-o", "--output", required=True, metavar="OUT", help="输出文件；- 表示标准输出"
        )

        compare_ = actions.add_parser("compare", help="比对同一机关相邻两年的报告（如 R5 结转）")
        compare_.add_argument("last_year", metavar="LAST_YEAR_FILE", help="上一年度报告")
        compare_.add_argument("this_year", metavar="THIS_YEAR_FILE", help="本年度报告")

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
        if action == "parse":
            code = self._parse(options["file"], options["format"])
        elif action == "check":
            code = self._check(options["files"])
        elif action == "render":
            code = self._render(options["file"], options["fmt"], options["output"])
        elif action == "compute":
            code = self._compute(options["agency"], options["year"], options["format"])
        elif action == "province":
            code = province_export(self, options)
        else:
            code = self._compare(options["last_year"], options["this_year"])
        if code:
            raise SystemExit(code)

    # -- subcommands ------------------------------------------------------------------------

    def _parse(self, file: str, fmt: str) -> int:
        try:
            report = self._read(file)
        except Unreadable as exc:
            self.stderr.write(str(exc))
            return EXIT_UNREADABLE
        self._write_bytes(self._render_bytes(report, fmt), STDOUT)
        return EXIT_OK

    def _check(self, files: Sequence[str]) -> int:
        _refuse_stdin_twice(files)
        worst = EXIT_OK
        for file in files:
            self.stdout.write(f"== {_display(file)} ==")
            try:
                report = self._read(file)
            except Unreadable as exc:
                self.stderr.write(str(exc))
                self.stdout.write("无法读取，未校验")
                worst = max(worst, EXIT_UNREADABLE)
                continue
            worst = max(worst, self._report_findings(check(report)))
        return worst

    def _render(self, file: str, fmt: str, output: str) -> int:
        try:
            report = self._read(file, diagnostics=False)
        except Unreadable as exc:
            self.stderr.write(str(exc))
            return EXIT_UNREADABLE
        self._write_bytes(self._render_bytes(report, fmt), output)
        return EXIT_OK

    def _compare(self, last_year: str, this_year: str) -> int:
        _refuse_stdin_twice([last_year, this_year])
        reports = []
        for file in (last_year, this_year):
            try:
                reports.append(self._read(file, diagnostics=False))
            except Unreadable as exc:
                self.stderr.write(str(exc))
        if len(reports) < 2:
            return EXIT_UNREADABLE
        self.stdout.write(f"== {_display(last_year)} → {_display(this_year)} ==")
        return self._report_findings(compare(reports[0], reports[1]))

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
        self._write_bytes(self._render_bytes(report, fmt), STDOUT)
        return EXIT_OK

    # -- helpers ------------------------------------------------------------------------------

    def _read(self, file: str, *, diagnostics: bool = True) -> Any:
        """The Report in ``file``; its reader's diagnostics go to stderr."""
        if file == STDIN:
            data, filename = sys.stdin.buffer.read(), None
        else:
            path = Path(file)
            try:
                data = path.read_bytes()
            except OSError as exc:
                reason = exc.strerror or exc.__class__.__name__
                raise Unreadable(f"{file}: 无法读取文件（{reason}）") from exc
            filename = path.name
        if not data:
            raise Unreadable(f"{_display(file)}: 文件为空")
        try:
            result = read_report(data, filename)
        except ReadError as exc:
            raise Unreadable(f"{_display(file)}: 无法识别为年度报告（{exc}）") from exc
        if diagnostics:
            for diagnostic in result.diagnostics:
                label = DIAGNOSTIC_LEVELS.get(diagnostic.level, diagnostic.level)
                self.stderr.write(f"{_display(file)}: {label}: {diagnostic}")
        return result.report

    def _report_findings(self, findings: Iterable[Any]) -> int:
        """Print findings one per line, prefixed by level; the exit code they imply."""
        errors = warnings = 0
        for finding in findings:
            label = FINDING_LEVELS.get(finding.level, finding.level)
            self.stdout.write(f"{label} {finding}")
            if finding.level == "error":
                errors += 1
            else:
                warnings += 1
        if errors or warnings:
            self.stdout.write(f"共 {errors} 个错误，{warnings} 个警告")
        else:
            self.stdout.write("未发现问题")
        return EXIT_FINDINGS if errors else EXIT_OK

    def _render_bytes(self, report: Any, fmt: str) -> bytes:
        try:
            data = render(report, fmt)
        except RenderError as exc:
            raise CommandError(f"无法生成 {fmt} 格式：{exc}") from exc
        if not data:
            raise CommandError(f"生成的 {fmt} 内容为空，未写出")
        return data

    def _write_bytes(self, data: bytes, output: str) -> None:
        if output == STDOUT:
            self.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
            return
        try:
            Path(output).write_bytes(data)
        except OSError as exc:
            raise CommandError(f"{output}: 无法写入（{exc.strerror or exc}）") from exc


def _display(file: str) -> str:
    return STDIN_NAME if file == STDIN else file


def _refuse_stdin_twice(files: Sequence[str]) -> None:
    if list(files).count(STDIN) > 1:
        raise CommandError("标准输入（-）只能使用一次", returncode=EXIT_UNREADABLE)
