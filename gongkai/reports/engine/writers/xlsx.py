"""The report as an Excel workbook: one sheet, 年度报告, top to bottom as the printed report.

Title rows, each section heading, the narrative one paragraph per row in column A, and the
tables 二、三、四 in the official layout with their merged cells (from layout.py). Every value
is written as TEXT exactly as the report has it: "0", "-3", "251000元", "24252.311082", "/"
and blank must come back as written; typed as numbers, Excel would turn "24252.311082" into a
float and drop the unit of "251000元".
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..model import Report
from .layout import Grid, Heading, Paragraph, Table, Title, outline

SHEET_TITLE = "年度报告"
FONT = "宋体"
TEXT_FORMAT = "@"  # Excel's "text" number format: what is typed in stays text too

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
# Column widths in characters: A–C hold table 三's labels (A alone holds table 二's).
_WIDTHS = {1: 26, 2: 16, 3: 34}
_VALUE_WIDTH = 12
_TITLE_SPAN = 10  # title rows are merged across the width of table 三


def render_xlsx(report: Report) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    ncols = 1
    row = 1
    for part in outline(report):
        if isinstance(part, Title):
            _text(sheet, row, part.text, Font(name=FONT, size=16, bold=True))
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=_TITLE_SPAN)
            sheet.cell(row, 1).alignment = Alignment(horizontal="center")
            row += 1
        elif isinstance(part, Heading):
            row += 1  # a blank row before each section, as between paragraphs on paper
            _text(sheet, row, part.text, Font(name=FONT, size=12, bold=True))
            row += 1
        elif isinstance(part, Paragraph):
            _text(sheet, row, part.text, Font(name=FONT, size=11))
            row += 1
        elif isinstance(part, Table):
            _table(sheet, part.grid, row)
            row += part.grid.nrows
            ncols = max(ncols, part.grid.ncols)
    for column in range(1, ncols + 1):
        width = _WIDTHS.get(column, _VALUE_WIDTH)
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    workbook.properties.title = "".join(p.text for p in outline(report) if isinstance(p, Title))
    workbook.properties.language = "zh-CN"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _text(sheet: Worksheet, row: int, text: str, font: Font) -> None:
    cell = sheet.cell(row, 1)
    _set_text(cell, text)
    cell.font = font


def _set_text(cell, text: str) -> None:
    """Store the text as a string, whatever it looks like.

    openpyxl takes a string starting with "=" for a formula; a report's text is never one (and
    a formula from an upload must not run in the reader's Excel). Control characters cannot be
    stored in XML at all; they carry nothing in a report, so they are dropped.
    """
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", text)
    cell.data_type = "s"
    cell.number_format = TEXT_FORMAT


def _table(sheet: Worksheet, grid: Grid, top: int) -> None:
    # Borders on every covered cell, not just the corner, or merged cells lose their rules.
    for r in range(grid.nrows):
        for c in range(grid.ncols):
            covered = sheet.cell(top + r, 1 + c)
            covered.border = _BORDER
            covered.number_format = TEXT_FORMAT
    for spec in grid.cells:
        cell = sheet.cell(top + spec.row, 1 + spec.col)
        if spec.text != "":  # a blank cell stays empty, not an empty string
            _set_text(cell, spec.text)
        cell.font = Font(name=FONT, size=10, bold=spec.role in ("column", "block"))
        horizontal = "left" if spec.role in ("label", "block") else "center"
        cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
        if spec.merged:
            sheet.merge_cells(
                start_row=top + spec.row,
                start_column=1 + spec.col,
                end_row=top + spec.row + spec.rowspan - 1,
                end_column=spec.col + spec.colspan,
            )
