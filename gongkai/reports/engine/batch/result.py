"""One file read and checked, as plain data: what the summary and the console print of it.

Made in a worker process and sent back to the parent, so it holds strings and tuples only
(a Report would carry its whole edition through the pipe).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..checker import check
from ..readers import ReadResult, read_report
from ..readers.lines import ReadError
from ..writers.contract import CSV_COLUMNS, csv_records
from .sources import STDIN_NAME, Source

Reader = Callable[[bytes, str | None], ReadResult]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_UNREADABLE = 2

# What the summary's verdict column says; the exit code each implies.
VERDICTS = {
    "clean": ("未发现问题", EXIT_OK),
    "warnings": ("有警告", EXIT_OK),
    "errors": ("有错误", EXIT_FINDINGS),
    "unreadable": ("无法读取", EXIT_UNREADABLE),
}


@dataclass(frozen=True)
class FindingRow:
    rule: str
    level: str  # error or warning
    subject: str
    expected: str
    found: str
    message: str

    def __str__(self) -> str:  # as Finding.__str__, so the console prints what it printed
        return f"{self.rule} {self.subject}: {self.message}"


@dataclass(frozen=True)
class Checked:
    name: str
    reason: str = ""  # why the file could not be read; empty when it was
    format: str = ""
    agency: str = ""
    year: int | None = None
    edition: str = ""
    findings: tuple[FindingRow, ...] = ()
    diagnostics: tuple[tuple[str, str], ...] = ()  # (level, text) of the reader's notes
    cells: tuple[tuple[str, ...], ...] = ()  # the cell contract's lines (CSV_COLUMNS)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.level == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.level != "error")

    @property
    def verdict(self) -> str:
        if self.reason:
            return "unreadable"
        if self.errors:
            return "errors"
        return "warnings" if self.findings else "clean"

    @property
    def exit_code(self) -> int:
        return VERDICTS[self.verdict][1]


class Unreadable(Exception):
    """A file that cannot be read or is not a report; the message (the reason) is for the user."""


def read_source(source: Source, read: Reader = read_report) -> ReadResult:
    """The report in ``source``, read by `read`; Unreadable with the reason when there is none.
    (The web reads uploads within the limits for strangers' files: reports.uploads.)"""
    if source.problem:
        raise Unreadable(source.problem)
    data = source.data
    if data is None:
        try:
            data = Path(source.path or "").read_bytes()
        except OSError as exc:
            raise Unreadable(f"无法读取文件（{exc.strerror or type(exc).__name__}）") from None
    if not data:
        raise Unreadable("文件为空")
    filename = None if source.name == STDIN_NAME else Path(source.name).name
    try:
        return read(data, filename)
    except ReadError as exc:
        raise Unreadable(f"无法识别为年度报告（{exc}）") from None


def check_source(
    source: Source, *, with_cells: bool = False, read: Reader = read_report
) -> Checked:
    """Read and check one file; whatever goes wrong is the result's reason, never raised."""
    try:
        result = read_source(source, read)
        findings = check(result.report)
    except Unreadable as exc:
        return Checked(source.name, reason=str(exc))
    except Exception as exc:  # noqa: BLE001 — one odd file must not stop a province's batch
        return Checked(source.name, reason=f"读取时出错（{type(exc).__name__}：{exc}）")
    report = result.report
    cells: tuple[tuple[str, ...], ...] = ()
    if with_cells:
        cells = tuple(tuple(r[c] for c in CSV_COLUMNS) for r in csv_records(report))
    return Checked(
        source.name,
        format=result.format,
        agency=report.agency,
        year=report.year,
        edition=report.edition.key,
        findings=tuple(
            FindingRow(f.rule, f.level, f.subject, f.expected, f.found, f.message) for f in findings
        ),
        diagnostics=tuple((d.level, str(d)) for d in result.diagnostics),
        cells=cells,
    )
