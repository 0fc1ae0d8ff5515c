"""``gongkai report province``: the year's matrix (export.py) on the command line.

    gongkai report province --year 2025 --format csv|xlsx [--office CODE] [--output FILE]

The command line is the platform operator's: any agency may be named as the office (its code);
without ``--office``, the one agency where someone holds the provincial role. The CSV is the same
bytes as the page's download. Exit codes: 0 written; 2 an unknown office or year, or no office to
choose (several, or none).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

# The models are imported on use: declaring the subcommand must not load them, so that
# ``gongkai report``'s file subcommands stay as light as they were.
FORMATS = ("csv", "xlsx")
EXIT_OK = 0
EXIT_UNKNOWN = 2
STDOUT = "-"


def add_province_parser(actions: Any) -> None:
    """Declare the subcommand on ``gongkai report``'s subparsers."""
    parser = actions.add_parser(
        "province",
        help="导出省级公开办某年度各机关的单元格矩阵（每个机关每个单元格一行，CSV 或 XLSX）",
    )
    parser.add_argument("--year", required=True, type=int, metavar="YEAR", help="报告年度")
    parser.add_argument("--format", choices=FORMATS, default="csv", help="默认 csv")
    parser.add_argument(
        "--office",
        metavar="CODE",
        help="省级公开办所在机关的代码；平台上只有一个省级公开办时可省略",
    )
    parser.add_argument(
        "-o", "--output", default=STDOUT, metavar="FILE", help="输出文件；- 表示标准输出（默认）"
    )


def _office(code: str | None) -> tuple[Any, str]:
    from gongkai.agencies.models import Agency, Membership, Role

    if code:
        office = Agency.objects.filter(code=code).first()
        return office, "" if office else f"没有机关代码为“{code}”的机关"
    held = Membership.objects.filter(role=Role.PROVINCE).values("agency_id")
    offices = list(Agency.objects.filter(pk__in=held).order_by("code"))
    if len(offices) == 1:
        return offices[0], ""
    if not offices:
        return None, "平台上没有省级公开办（无人担任省级公开办角色）；请用 --office 指定机关代码"
    codes = "、".join(o.code for o in offices)
    return None, f"平台上有多个省级公开办（{codes}）；请用 --office 指定其一"


def province_export(command: BaseCommand, options: dict[str, Any]) -> int:
    """Write the matrix; the exit code."""
    from gongkai.reports.compute import report_year_problem
    from gongkai.reports.province.compile import province_year
    from gongkai.reports.province.export import RENDERERS

    office, problem = _office(options.get("office"))
    if office is None:
        command.stderr.write(problem)
        return EXIT_UNKNOWN
    year = options["year"]
    if problem := report_year_problem(year):
        command.stderr.write(f"--year {year}：{problem}")
        return EXIT_UNKNOWN
    renderer, _media_type = RENDERERS[options["format"]]
    data = renderer(province_year(office, year))
    output = options.get("output") or STDOUT
    if output == STDOUT:
        command.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return EXIT_OK
    try:
        Path(output).write_bytes(data)
    except OSError as exc:
        raise CommandError(f"{output}: 无法写入（{exc.strerror or exc}）") from exc
    return EXIT_OK
