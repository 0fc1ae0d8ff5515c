"""``gongkai report parse|check|render|compare``: the subcommands that work on files only.

They live in the engine, without Django, so that ``gongkai`` (gongkai/cli.py) runs them before
Django is even imported: a check of one report costs the engine's start-up, not the project's.
The management command (gongkai/reports/management/commands/report.py) declares the same
subcommands from add_file_parsers and runs them through run(), so ``python manage.py report
check`` and ``call_command`` behave the same.

Exit codes: 0 = no error-level finding, 1 = an error-level finding (or a file that cannot be
written), 2 = a file could not be read or understood. With several files, the highest wins.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any, BinaryIO, TextIO

from ..batch.result import EXIT_UNREADABLE
from ..writers import FORMATS

FILE_ACTIONS = ("parse", "check", "render", "compare")
STDIN = "-"
STDOUT = "-"
PROG = "gongkai report"


class CliError(Exception):
    """The command cannot go on; the message is for the user, ``code`` the exit code."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


class Console:
    """Where a subcommand writes: lines to stdout and stderr, bytes to stdout."""

    def __init__(
        self,
        stdout: TextIO,
        stderr: TextIO,
        binary: Callable[[], BinaryIO] = lambda: sys.stdout.buffer,
    ) -> None:
        self.stdout, self.stderr, self._binary = stdout, stderr, binary

    def out(self, line: str) -> None:
        self.stdout.write(line + "\n")

    def err(self, line: str) -> None:
        self.stderr.write(line + "\n")

    def write_bytes(self, data: bytes) -> None:
        self.stdout.flush()
        binary = self._binary()
        binary.write(data)
        binary.flush()


SUMMARY_HELP = (
    "把每个报告的检查结果汇总写入 OUT：.xlsx 为一个工作簿（报告、问题、单元格三张表）；"
    ".csv 为三个文件：OUT.csv（每个报告一行）、OUT-findings.csv（每个问题一行）、"
    "OUT-cells.csv（每个单元格一行）。给出 --summary 时多进程并行检查，终端上显示进度"
)


def add_file_parsers(actions: Any) -> None:
    """Declare parse, check, render and compare on a subparsers action (argparse's or Django's)."""
    parse = actions.add_parser("parse", help="读取报告，输出单元格数据（JSON 或 CSV）")
    parse.add_argument("file", metavar="FILE", help="报告文件；- 表示标准输入")
    parse.add_argument("--format", choices=("json", "csv"), default="json", help="默认 json")

    check_ = actions.add_parser(
        "check",
        help="按勾稽关系校验一个或多个报告（文件、文件夹或 ZIP 压缩包）",
        description="校验年度报告。FILE 可以是报告文件、文件夹（含子文件夹）或 ZIP 压缩包。",
    )
    check_.add_argument(
        "files", metavar="FILE", nargs="+", help="报告文件、文件夹或 .zip；- 表示标准输入"
    )
    check_.add_argument("--summary", metavar="OUT", help=SUMMARY_HELP)
    check_.add_argument(
        "--jobs", type=_positive, metavar="N", help="并行进程数，默认为 CPU 核数；1 为不并行"
    )

    render_ = actions.add_parser("render", help="把报告转换为另一种格式")
    render_.add_argument("file", metavar="FILE", help="报告文件；- 表示标准输入")
    render_.add_argument("--to", dest="fmt", choices=FORMATS, required=True, help="目标格式")
    render_.add_argument(
        "-o", "--output", required=True, metavar="OUT", help="输出文件；- 表示标准输出"
    )

    compare_ = actions.add_parser(
        "compare",
        help="比对同一机关不同年度的报告（R5 结转、内容雷同等）",
        description=(
            "两个文件：上一年度报告与本年度报告，按给出的顺序比较。"
            "一个文件夹或压缩包（或多于两个文件）：同一机关各年度的报告，按年度排序，"
            "相邻年度之间检查全部跨年度规则（R5、S3、S4、S5），不相邻的年度之间检查内容雷同（S5）。"
        ),
    )
    compare_.add_argument(
        "files",
        metavar="FILE",
        nargs="+",
        help="LAST_YEAR_FILE THIS_YEAR_FILE，或一个文件夹/ZIP（同一机关各年度的报告）",
    )


def run(options: Mapping[str, Any], console: Console) -> int:
    """Run the subcommand ``options["action"]``; the exit code. CliError when it cannot go on."""
    from . import files, many  # imported here: declaring the parsers must stay light

    action = options["action"]
    if action == "parse":
        return files.parse(options["file"], options["format"], console)
    if action == "render":
        return files.render(options["file"], options["fmt"], options["output"], console)
    if action == "check":
        summary, jobs = options.get("summary"), options.get("jobs")
        return many.check(options["files"], console, summary=summary, jobs=jobs)
    if action == "compare":
        return many.compare(options["files"], console)
    raise CliError(f"未知的子命令：{action}", EXIT_UNREADABLE)


def main(argv: Sequence[str] | None = None) -> int:
    """``gongkai report ACTION ...`` without Django; the exit code."""
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.split("\n\n")[0])
    add_file_parsers(parser.add_subparsers(dest="action", required=True, metavar="子命令"))
    options = vars(parser.parse_args(sys.argv[1:] if argv is None else list(argv)))
    console = Console(sys.stdout, sys.stderr)
    try:
        return run(options, console)
    except CliError as exc:
        console.err(str(exc))
        return exc.code
    except KeyboardInterrupt:
        console.err("已中断")
        return 130


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为正整数：{text}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"应为正整数：{text}")
    return value
