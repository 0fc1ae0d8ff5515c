"""The report as plain text, laid out like the text extracted from a published report (the seed).

Title lines, section headings and paragraphs are lines of their own, separated by blank lines.
Table rows are lines of TAB-separated cells:

- table 二: per block its heading line, the 信息内容 header line, then `label<TAB>v1<TAB>v2…`
  with exactly the block's number of columns;
- table 三: the three header lines, then per row ONE label cell followed by exactly the seven
  values (自然人 … 总计), no empty cell between, because readers take a row's trailing cells as
  its values; a blank value is an empty cell in its place;
- table 四: the three header lines, then one line of the fifteen values.
"""

from __future__ import annotations

from ..editions import TABLE2_ROW_HEADER, TABLE3_RESULTS, CellKey, Row
from ..model import Report
from .layout import Grid, Heading, Paragraph, Table, Title, outline

TAB = "\t"


def render_text(report: Report) -> bytes:
    lines: list[str] = []
    for part in outline(report):
        if isinstance(part, Title | Heading | Paragraph):
            lines += [part.text, ""]
        elif isinstance(part, Table):
            lines += _TABLES[part.grid.section](report, part.grid)
            lines.append("")
    return "\n".join(lines).encode("utf-8")


def _table2(report: Report, grid: Grid) -> list[str]:
    lines = []
    for block in report.edition.table2:
        lines.append(block.heading)
        lines.append(TAB.join([TABLE2_ROW_HEADER, *(c.label for c in block.columns)]))
        for row in block.rows:
            keys = [CellKey("二", block.heading, row.label, c.label) for c in block.columns]
            lines.append(TAB.join([row.label, *(report.cells[k] for k in keys)]))
    return lines


def _table3(report: Report, grid: Grid) -> list[str]:
    edition = report.edition
    lines = _header_lines(grid)
    for row in edition.table3_rows:
        values = [report.cells[edition.t3(row, c)] for c in edition.table3_columns]
        lines.append(TAB.join([row_label(row), *values]))
    return lines


def row_label(row: Row) -> str:
    """A table-三 row's labels in one cell: "（三）不予公开 1.属于国家秘密", "（一）予以公开".

    The outer 三、本年度办理结果 is left out: it names no row, and a line opening with 三、 reads
    like a section heading.
    """
    path = row.path[1:] if row.path[0] == TABLE3_RESULTS else row.path
    return " ".join(path)


def _table4(report: Report, grid: Grid) -> list[str]:
    values = [c.text for c in grid.cells if c.role == "value"]
    return [*_header_lines(grid), TAB.join(values)]


def _header_lines(grid: Grid) -> list[str]:
    """The grid's header rows with its label columns folded into one, as the data rows have it."""
    lines = []
    for row in grid.expanded()[: grid.header_rows]:
        cells = [row[0], *row[grid.label_cols :]] if grid.label_cols else row
        lines.append(TAB.join(cells).rstrip(TAB))
    return lines


_TABLES = {"二": _table2, "三": _table3, "四": _table4}
