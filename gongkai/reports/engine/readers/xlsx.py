"""An Excel (.xlsx) report: each sheet's rows as grid rows, paragraphs as text lines.

A sheet has no tables of its own, only cells, so the tables are found as blocks of consecutive rows
between paragraphs and empty rows; every row of a block is as wide as the block, so that a row's
last cells are its values. A row that is one cell in column A and nothing else is a paragraph or a
heading and becomes a text line.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import warnings
from dataclasses import dataclass, field
from decimal import Decimal

from .lines import Line, ReadError, check_package, squash


def xlsx_to_lines(data: bytes) -> list[Line]:
    import openpyxl  # imported here so that the text and HTML readers do not load it

    check_package(data, "Excel 文件")
    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it drops (data validation, conditional formats).
            warnings.simplefilter("ignore")
            # read_only=False: only then does openpyxl know the merged ranges.
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    except Exception as exc:  # zipfile, lxml, openpyxl each raise their own on a bad file
        raise ReadError(f"Excel 文件已损坏或不是 .xlsx 文件，无法打开（{exc}）") from None
    lines: list[Line] = []
    for sheet in book.worksheets:
        lines.extend(_sheet_lines(sheet))
    if not lines:
        raise ReadError("Excel 文件里没有任何单元格内容")
    return lines


def cell_text(value: object) -> str:
    """A cell's value as the text Excel would show for it in the General format."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        # Excel keeps 15 significant digits; beyond them a float only shows binary noise
        # (0.1 + 0.2 is 0.30000000000000004).
        return f"{value:.15g}"
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, int | Decimal):
        return str(value)
    return squash(str(value))


@dataclass
class _Block:
    rows: list[tuple[int, dict[int, str]]] = field(default_factory=list)
    width: int = 0


def _sheet_lines(sheet) -> list[Line]:
    # The sheet's cells as stored. Going through sheet._cells rather than iter_rows() skips
    # the empty positions: a stray format at XFD1048576 would otherwise mean 17 billion cells.
    values: dict[int, dict[int, str]] = {}
    for (row, column), cell in sheet._cells.items():
        text = cell_text(cell.value)
        if text:
            values.setdefault(row, {})[column] = text
    # How far each row reaches, merged ranges included, and which rows a merge carries on into.
    reach: dict[int, int] = {}
    for merged in sheet.merged_cells.ranges:
        for row in range(merged.min_row, min(merged.max_row, merged.min_row + 10_000) + 1):
            reach[row] = max(reach.get(row, 0), merged.max_col)
    for row, cells in values.items():
        reach[row] = max(reach.get(row, 0), max(cells))

    where = f"工作表“{sheet.title}”"
    lines: list[Line] = []
    block = _Block()

    def close_block() -> None:
        for number, cells in block.rows:
            row = [cells.get(c, "") for c in range(1, block.width + 1)]
            lines.append(Line.row(row, f"{where}第 {number} 行"))
        block.rows.clear()
        block.width = 0

    previous = 0
    for number in sorted(reach):
        cells = values.get(number, {})
        if number != previous + 1:
            close_block()  # an empty row ends a table
        previous = number
        if list(cells) == [1] and not _inside_block_merge(sheet, number, block):
            close_block()
            lines.append(Line(text=cells[1], where=f"{where}第 {number} 行"))
            continue
        if not cells and not block.rows:
            continue  # a row only a merge reaches, with nothing above it to belong to
        if block.width and (len(block.rows) + 1) * max(block.width, reach[number]) > 200_000:
            raise ReadError("Excel 工作表里的表格过大（超过 200000 个单元格），无法读取")
        block.rows.append((number, cells))
        block.width = max(block.width, reach[number])
    close_block()
    return lines


def _inside_block_merge(sheet, number: int, block: _Block) -> bool:
    """Whether a merge from a row of the open block reaches into this row (a table goes on)."""
    if not block.rows:
        return False
    first = block.rows[0][0]
    return any(
        first <= merged.min_row < number <= merged.max_row for merged in sheet.merged_cells.ranges
    )
