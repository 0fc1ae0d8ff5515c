"""check and compare over many files: folders and ZIP archives expanded, every core used.

check prints each file's findings as it always has, in the order the files were named; with
``--summary`` it prints totals instead and writes the summary (batch/summary.py). compare takes
two files (last year, this year) as it always has, or one agency's years in a folder.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..batch.archive import ArchiveLimits
from ..batch.pool import check_all
from ..batch.progress import Progress
from ..batch.result import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_UNREADABLE,
    VERDICTS,
    Checked,
    Unreadable,
    read_source,
)
from ..batch.sources import ARCHIVE_SUFFIX, STDIN, STDIN_NAME, Inputs
from ..compare import compare as compare_reports
from ..findings import Finding
from ..model import Report
from . import CliError, Console
from .files import DIAGNOSTIC_LEVELS, read

FINDING_LEVELS = {"error": "错误", "warning": "警告"}


def refuse_stdin_twice(files: Sequence[str]) -> None:
    if list(files).count(STDIN) > 1:
        raise CliError("标准输入（-）只能使用一次", EXIT_UNREADABLE)


# -- check ------------------------------------------------------------------------------------


def check(
    files: Sequence[str], console: Console, *, summary: str | None = None, jobs: int | None = None
) -> int:
    from ..batch.summary import SUFFIXES

    refuse_stdin_twice(files)
    target = Path(summary) if summary else None
    if target is not None and target.suffix.lower() not in SUFFIXES:
        raise CliError(f"--summary {summary}：汇总文件应以 .xlsx 或 .csv 结尾", EXIT_UNREADABLE)
    with Inputs(files, ArchiveLimits()) as inputs:
        if not len(inputs):
            raise CliError("没有找到要检查的文件（文件夹为空？）", EXIT_UNREADABLE)
        if target is None:
            results = check_all(inputs.loaded(), len(inputs), jobs=jobs)
            return max(_print_checked(item, console) for item in results)
        progress = Progress(console.stderr, len(inputs))
        try:
            results = list(
                check_all(
                    inputs.loaded(), len(inputs), jobs=jobs, with_cells=True, progress=progress
                )
            )
        finally:
            progress.close()
    return _summarise(results, target, console)


def _print_checked(item: Checked, console: Console) -> int:
    """The file's block as ``check`` prints it; the exit code it implies."""
    console.out(f"== {item.name} ==")
    if item.reason:
        console.err(f"{item.name}: {item.reason}")
        console.out("无法读取，未校验")
        return EXIT_UNREADABLE
    for level, text in item.diagnostics:
        console.err(f"{item.name}: {DIAGNOSTIC_LEVELS.get(level, level)}: {text}")
    return report_findings(item.findings, console)


def report_findings(findings: Iterable[Finding], console: Console) -> int:
    """Print findings one per line, prefixed by level; the exit code they imply."""
    errors = warnings = 0
    for finding in findings:
        console.out(f"{FINDING_LEVELS.get(finding.level, finding.level)} {finding}")
        if finding.level == "error":
            errors += 1
        else:
            warnings += 1
    if errors or warnings:
        console.out(f"共 {errors} 个错误，{warnings} 个警告")
    else:
        console.out("未发现问题")
    return EXIT_FINDINGS if errors else EXIT_OK


def _summarise(results: list[Checked], target: Path, console: Console) -> int:
    from ..batch.summary import summary_paths, write_summary

    for item in results:
        if item.reason:
            console.err(f"{item.name}: {item.reason}")
    try:
        written = write_summary(results, target)
    except OSError as exc:
        paths = "、".join(str(p) for p in summary_paths(target))
        raise CliError(f"{paths}: 无法写入汇总（{exc.strerror or exc}）") from exc
    counts = Counter(item.verdict for item in results)
    parts = "，".join(f"{VERDICTS[v][0]} {counts[v]} 个" for v in VERDICTS if counts[v])
    console.out(f"已检查 {len(results)} 个文件：{parts}")
    console.out("汇总已写入 " + "、".join(str(p) for p in written))
    return max(item.exit_code for item in results)


# -- compare ----------------------------------------------------------------------------------


def compare(files: Sequence[str], console: Console) -> int:
    refuse_stdin_twice(files)
    if len(files) == 2 and not any(_expands(f) for f in files):
        return _compare_two(files[0], files[1], console)
    return _compare_years(files, console)


def _expands(file: str) -> bool:
    return Path(file).is_dir() or file.lower().endswith(ARCHIVE_SUFFIX)


def _compare_two(last_year: str, this_year: str, console: Console) -> int:
    reports = [read(file, console, diagnostics=False) for file in (last_year, this_year)]
    if None in reports:
        return EXIT_UNREADABLE
    console.out(f"== {_display(last_year)} → {_display(this_year)} ==")
    return report_findings(compare_reports(reports[0], reports[1]), console)


def _display(file: str) -> str:
    return STDIN_NAME if file == STDIN else file


def _compare_years(files: Sequence[str], console: Console) -> int:
    from ..years import compare_years

    worst = EXIT_OK
    by_year: dict[int, tuple[str, Report]] = {}
    with Inputs(files, ArchiveLimits()) as inputs:
        for source in inputs.loaded():
            try:
                report = read_source(source).report
            except Unreadable as exc:
                console.err(f"{source.name}: {exc}")
                worst = EXIT_UNREADABLE
                continue
            if report.year is None:
                console.err(f"{source.name}: 未能识别报告年度，未参与比较")
                worst = EXIT_UNREADABLE
            elif report.year in by_year:
                first = by_year[report.year][0]
                console.err(
                    f"{source.name}: 与 {first} 同为 {report.year} 年度的报告，"
                    "每个年度只比较一份，已跳过"
                )
                worst = EXIT_UNREADABLE
            else:
                by_year[report.year] = (source.name, report)
    if len(by_year) < 2:
        console.err("可比较的报告不足两个年度：需要同一机关至少两个年度的报告")
        return EXIT_UNREADABLE
    years = sorted(by_year)
    names = [by_year[y][0] for y in years]
    reports = [by_year[y][1] for y in years]
    agencies = sorted({r.agency.strip() for r in reports if r.agency.strip()})
    if len(agencies) > 1:
        console.err(f"注意：这些报告的机关名称不一致（{'、'.join(agencies)}），仍按年度依次比较")
    pairs = compare_years(reports)
    neighbours = {(p.last, p.this): p for p in pairs if p.consecutive}
    for i in range(len(years) - 1):
        console.out(f"== {names[i]} → {names[i + 1]} ==")
        pair = neighbours.get((i, i + 1))
        if pair is None:
            missing = "、".join(str(y) for y in range(years[i] + 1, years[i + 1]))
            console.out(f"缺少 {missing} 年度的报告，这两年之间未检查结转（R5）等跨年度规则")
        else:
            worst = max(worst, report_findings(pair.findings, console))
    if len(reports) > 2:
        apart = [(p, f) for p in pairs if not p.consecutive for f in p.findings]
        console.out("== 不相邻年度之间的内容雷同（S5） ==")
        for pair, finding in apart:
            level = FINDING_LEVELS.get(finding.level, finding.level)
            console.out(f"{level} {names[pair.last]} ↔ {names[pair.this]}: {finding}")
        console.out(f"共 {len(apart)} 个警告" if apart else "未发现问题")
    return worst
