"""The official layout of the report, once, for every writer.

Tables 二、三、四 are built here as grids of cells with their merges (rowspan, colspan) as the
national format draws them (DOMAIN.md §1.3–1.5). The HTML, DOCX and XLSX writers only paint these
grids, and the text writer takes its header lines from them. The document outline (title,
section headings, paragraphs and tables in reading order) lives here too, so that every format
agrees on what a report holds and in which order. Every label is read from editions.py.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from ..editions import (
    NARRATIVE_SECTIONS,
    SECTION_NUMBERS,
    SECTION_TITLES,
    TABLE2_ROW_HEADER,
    TABLE3_APPLICANTS,
    TABLE3_NOTE,
    CellKey,
)
from ..model import Report

Role = Literal["note", "block", "column", "label", "value"]


@dataclass(frozen=True)
class GridCell:
    """One cell of a table grid, placed at its top-left corner, with the cells it covers."""

    row: int
    col: int
    text: str
    role: Role
    rowspan: int = 1
    colspan: int = 1
    key: CellKey | None = None  # for value cells: the cell contract key

    @property
    def header(self) -> bool:
        return self.role != "value"

    @property
    def merged(self) -> bool:
        return self.rowspan > 1 or self.colspan > 1


@dataclass(frozen=True)
class Grid:
    section: str  # 二, 三 or 四
    nrows: int
    ncols: int
    header_rows: int  # the rows at the top that hold only headers (none in table 二)
    label_cols: int  # the columns at the left that hold row labels
    cells: tuple[GridCell, ...]  # sorted by (row, col)

    def rows(self) -> list[list[GridCell]]:
        """The cells that start on each row, as HTML writes them."""
        out: list[list[GridCell]] = [[] for _ in range(self.nrows)]
        for cell in self.cells:
            out[cell.row].append(cell)
        return out

    def expanded(self) -> list[list[str]]:
        """Each row as its full run of texts; a merged cell's text stands in its first cell."""
        out = [["" for _ in range(self.ncols)] for _ in range(self.nrows)]
        for cell in self.cells:
            out[cell.row][cell.col] = cell.text
        return out

    def merges(self) -> list[GridCell]:
        return [c for c in self.cells if c.merged]


def _spans(paths: Sequence[tuple[str, ...]], depth: int) -> Iterator[tuple[int, int, int, int]]:
    """The nodes of a label tree laid out along a grid edge.

    `paths` are the leaves in order (a column's header labels from the top, or a row's labels
    from the left). Yields (index, level, run, deep) for each node: where it starts along the
    edge, at which level, how many leaves it covers (its span along the edge) and how many
    levels it covers (a leaf reaches down to the last level, as 总计 does in table 三's header).
    """
    for level in range(depth):
        index = 0
        while index < len(paths):
            if len(paths[index]) <= level:  # covered by a leaf above that reaches down
                index += 1
                continue
            prefix = paths[index][: level + 1]
            run = 1
            while index + run < len(paths) and paths[index + run][: level + 1] == prefix:
                run += 1
            leaf = len(paths[index]) == level + 1
            yield index, level, run, (depth - level if leaf else 1)
            index += run


def _column_headers(
    paths: Sequence[tuple[str, ...]], top: int, left: int, depth: int
) -> list[GridCell]:
    return [
        GridCell(top + level, left + index, paths[index][level], "column", deep, run)
        for index, level, run, deep in _spans(paths, depth)
    ]


def _row_labels(
    paths: Sequence[tuple[str, ...]], top: int, left: int, depth: int
) -> list[GridCell]:
    return [
        GridCell(top + index, left + level, paths[index][level], "label", run, deep)
        for index, level, run, deep in _spans(paths, depth)
    ]


def _grid(section: str, cells: list[GridCell], header_rows: int, label_cols: int) -> Grid:
    cells.sort(key=lambda c: (c.row, c.col))
    nrows = max(c.row + c.rowspan for c in cells)
    ncols = max(c.col + c.colspan for c in cells)
    return Grid(section, nrows, ncols, header_rows, label_cols, tuple(cells))


def table2_grid(report: Report) -> Grid:
    """Table 二: per block a heading row across the table, a 信息内容 header row, then its rows.

    The table is as wide as its widest block; in a narrower block the last column spans the rest,
    as in the official format (e.g. 2021 第二十条第（五）项 has one column, 本年处理决定数量).
    """
    edition = report.edition
    width = 1 + max(len(block.columns) for block in edition.table2)
    cells: list[GridCell] = []
    row = 0
    for block in edition.table2:
        n = len(block.columns)
        rest = width - n  # the last column's span
        cells.append(GridCell(row, 0, block.heading, "block", colspan=width))
        row += 1
        cells.append(GridCell(row, 0, TABLE2_ROW_HEADER, "column"))
        for i, column in enumerate(block.columns):
            span = rest if i == n - 1 else 1
            cells.append(GridCell(row, 1 + i, column.label, "column", colspan=span))
        row += 1
        for data_row in block.rows:
            cells.append(GridCell(row, 0, data_row.label, "label"))
            for i, column in enumerate(block.columns):
                key = CellKey("二", block.heading, data_row.label, column.label)
                span = rest if i == n - 1 else 1
                cells.append(
                    GridCell(row, 1 + i, report.cells[key], "value", colspan=span, key=key)
                )
            row += 1
    return _grid("二", cells, header_rows=0, label_cols=1)


def table3_grid(report: Report) -> Grid:
    """Table 三: the 勾稽 note over the label columns, 申请人情况 over the seven value columns."""
    edition = report.edition
    column_paths = [(TABLE3_APPLICANTS, *c.path) for c in edition.table3_columns]
    row_paths = [r.path for r in edition.table3_rows]
    header_rows = max(len(p) for p in column_paths)
    label_cols = max(len(p) for p in row_paths)
    cells = [GridCell(0, 0, TABLE3_NOTE, "note", header_rows, label_cols)]
    cells += _column_headers(column_paths, 0, label_cols, header_rows)
    cells += _row_labels(row_paths, header_rows, 0, label_cols)
    for i, data_row in enumerate(edition.table3_rows):
        for j, column in enumerate(edition.table3_columns):
            key = CellKey("三", "", data_row.label, column.label)
            cells.append(
                GridCell(header_rows + i, label_cols + j, report.cells[key], "value", key=key)
            )
    return _grid("三", cells, header_rows, label_cols)


def table4_grid(report: Report) -> Grid:
    """Table 四: 行政复议 (5) and 行政诉讼 (10, in two streams of 5), then one row of values."""
    columns = report.edition.table4_columns
    paths = [c.path for c in columns]
    header_rows = max(len(p) for p in paths)
    cells = _column_headers(paths, 0, 0, header_rows)
    for j, column in enumerate(columns):
        key = CellKey("四", "", "", column.label)
        cells.append(GridCell(header_rows, j, report.cells[key], "value", key=key))
    return _grid("四", cells, header_rows, label_cols=0)


GRIDS = {"二": table2_grid, "三": table3_grid, "四": table4_grid}


# The document outline -------------------------------------------------------------------------


@dataclass(frozen=True)
class Title:
    text: str


@dataclass(frozen=True)
class Heading:
    number: str  # 一 … 六
    text: str  # e.g. 一、总体情况


@dataclass(frozen=True)
class Paragraph:
    section: str
    text: str


@dataclass(frozen=True)
class Table:
    grid: Grid


Part = Title | Heading | Paragraph | Table


def title_lines(report: Report) -> list[str]:
    """The agency on one line, the report's name on the next (as published reports open)."""
    year = f"{report.year}年" if report.year is not None else ""
    lines = [report.agency.strip()] if report.agency.strip() else []
    return [*lines, f"{year}政府信息公开工作年度报告"]


def heading_text(number: str) -> str:
    return f"{number}、{SECTION_TITLES[number]}"


def paragraphs(text: str) -> list[str]:
    """A narrative section as paragraphs: one per line of its text, blank lines dropped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def outline(report: Report) -> list[Part]:
    """The whole report in reading order."""
    parts: list[Part] = [Title(line) for line in title_lines(report)]
    for number in SECTION_NUMBERS:
        parts.append(Heading(number, heading_text(number)))
        if number in NARRATIVE_SECTIONS:
            parts += [Paragraph(number, p) for p in paragraphs(report.sections.get(number, ""))]
        else:
            parts.append(Table(GRIDS[number](report)))
    return parts
