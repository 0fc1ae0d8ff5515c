"""The summary of a batch: a row per report, a row per finding, a row per cell. Keep it stable.

XLSX — three sheets (written by sheets.py: a million cells in about a second), each a header
line then one line per record; counts and years are numbers, everything else text:

- 报告 (reports): file, agency, year, edition, format, verdict (未发现问题 / 有警告 / 有错误 /
  无法读取), errors, warnings, first_findings (the first three, "；"-separated), reason (why the
  file could not be read; empty when it was). A file that cannot be read is one row, its reason
  filled and the report's fields empty;
- 问题 (findings): file, rule, level (错误 / 警告), cell, expected, found, message;
- 单元格 (cells): file, agency, then the cell contract's columns (section, block, row, column,
  value; engine/writers/contract.py), every line of the contract, metadata and narrative
  included.

CSV — the same three tables as three files (UTF-8, no BOM, "\\n" line ends, the same headers):
``OUT.csv`` the reports, ``OUT-findings.csv`` and ``OUT-cells.csv`` beside it.

Every text written is spreadsheet-safe (spreadsheet.py): a report's text or a file's name may
start with "=" and must not run as a formula where the summary is opened.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..writers.contract import CSV_COLUMNS
from .result import VERDICTS, Checked
from .spreadsheet import spreadsheet_safe

SUFFIXES = (".xlsx", ".csv")
FIRST_FINDINGS = 3
LEVELS = {"error": "错误", "warning": "警告"}

REPORT_COLUMNS = (
    "file",
    "agency",
    "year",
    "edition",
    "format",
    "verdict",
    "errors",
    "warnings",
    "first_findings",
    "reason",
)
FINDING_COLUMNS = ("file", "rule", "level", "cell", "expected", "found", "message")
CELL_COLUMNS = ("file", "agency", *CSV_COLUMNS)
# (sheet title, CSV file suffix, header)
TABLES = (
    ("报告", "", REPORT_COLUMNS),
    ("问题", "-findings", FINDING_COLUMNS),
    ("单元格", "-cells", CELL_COLUMNS),
)


def report_row(item: Checked) -> tuple:
    first = "；".join(str(f) for f in item.findings[:FIRST_FINDINGS])
    if len(item.findings) > FIRST_FINDINGS:
        first += f"；……（共 {len(item.findings)} 条）"
    read = not item.reason
    return (
        item.name,
        item.agency,
        item.year if item.year is not None else "",
        item.edition,
        item.format,
        VERDICTS[item.verdict][0],
        item.errors if read else "",
        item.warnings if read else "",
        first,
        item.reason,
    )


def finding_rows(item: Checked) -> Iterable[tuple]:
    for f in item.findings:
        yield (
            item.name,
            f.rule,
            LEVELS.get(f.level, f.level),
            f.subject,
            f.expected,
            f.found,
            f.message,
        )


def cell_rows(item: Checked) -> Iterable[tuple]:
    for cell in item.cells:
        yield (item.name, item.agency, *cell)


def _tables(results: Sequence[Checked]) -> list[Iterable[tuple]]:
    return [
        (report_row(item) for item in results),
        (row for item in results for row in finding_rows(item)),
        (row for item in results for row in cell_rows(item)),
    ]


def summary_xlsx(results: Sequence[Checked]) -> bytes:
    from .sheets import workbook

    sheets = [
        (title, header, rows)
        for (title, _, header), rows in zip(TABLES, _tables(results), strict=True)
    ]
    return workbook(sheets, text=spreadsheet_safe)


def summary_csv(results: Sequence[Checked]) -> list[tuple[str, bytes]]:
    """(file suffix, bytes) of the three CSV files, the reports first."""
    files = []
    for (_, suffix, header), rows in zip(TABLES, _tables(results), strict=True):
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows([_safe(v) for v in row] for row in rows)
        files.append((suffix, out.getvalue().encode("utf-8")))
    return files


def summary_paths(target: Path) -> list[Path]:
    """Every file a summary at ``target`` writes."""
    if target.suffix.lower() == ".xlsx":
        return [target]
    return [target.with_name(f"{target.stem}{suffix}{target.suffix}") for _, suffix, _ in TABLES]


def write_summary(results: Sequence[Checked], target: Path) -> list[Path]:
    """Write the summary as ``target``'s suffix says; the files written. OSError if it cannot."""
    if target.suffix.lower() == ".xlsx":
        target.write_bytes(summary_xlsx(results))
        return [target]
    paths = summary_paths(target)
    for path, (_, data) in zip(paths, summary_csv(results), strict=True):
        path.write_bytes(data)
    return paths


def _safe(value: str | int) -> str | int:
    return spreadsheet_safe(value) if isinstance(value, str) else value
