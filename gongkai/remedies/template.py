"""The blank case register an office fills in to import: the declared columns as the header row.

The XLSX formats the date columns as dates, offers the streams and results as drop-downs, and
explains every column on a second sheet; the CSV is the header row alone, UTF-8 with a BOM so
that Excel opens it in the right encoding (as the applications' ledger template does).
"""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from gongkai.applications.ledger.template import FORMATS
from gongkai.remedies.columns import COLUMNS, HEADERS, RESULT_WORDS, STREAM_WORDS, Column

__all__ = ["FORMATS", "cases_template"]

_ROWS = 1000  # rows the drop-downs and date formats cover; a longer file still imports
_CHOICES_SHEET = "选项"


def cases_template(fmt: str) -> bytes:
    if fmt == "csv":
        out = io.StringIO()
        csv.writer(out).writerow(HEADERS)
        return out.getvalue().encode("utf-8-sig")
    if fmt == "xlsx":
        return _xlsx()
    raise ValueError(f"不支持的模板格式“{fmt}”，应为 xlsx 或 csv")


def _choices(column: Column) -> list[str]:
    if column.field == "stream":
        return [words[0] for words in STREAM_WORDS.values()]
    if column.field == "result":
        return [words[0] for words in RESULT_WORDS.values()]
    return []


def _xlsx() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "案件"
    sheet.append(list(HEADERS))
    sheet.freeze_panes = "A2"
    lists = workbook.create_sheet(_CHOICES_SHEET)
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet[f"{letter}1"].font = Font(bold=column.required)
        sheet.column_dimensions[letter].width = max(12, 2 * len(column.header) + 4)
        span = f"{letter}2:{letter}{_ROWS + 1}"
        if column.field in ("filed_on", "decided_on"):
            for (cell,) in sheet[span]:
                cell.number_format = "yyyy-mm-dd"
        elif column.field in ("number", "application"):
            for (cell,) in sheet[span]:
                cell.number_format = "@"  # numbers such as 2025-00012 stay text
        if choices := _choices(column):
            for row, label in enumerate(choices, start=1):
                lists.cell(row=row, column=index, value=label)
            source = f"{quote_sheetname(_CHOICES_SHEET)}!${letter}$1:${letter}${len(choices)}"
            validation = DataValidation(type="list", formula1=source, allow_blank=True)
            validation.add(span)
            sheet.add_data_validation(validation)
    lists.sheet_state = "hidden"
    notes = workbook.create_sheet("填写说明")
    notes.append([_("列名"), _("是否必填"), _("说明")])
    for column in COLUMNS:
        notes.append([column.header, _("必填") if column.required else _("选填"), str(column.hint)])
    notes.append([])
    notes.append(["", "", _("表头须在第一行，列的顺序不限；多余的列会被忽略。")])
    notes.append(
        ["", "", _("导入时逐行检查，任何一行有错都不会导入，请按错误清单修改后重新导入。")]
    )
    notes.column_dimensions["A"].width = 20
    notes.column_dimensions["C"].width = 80
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
