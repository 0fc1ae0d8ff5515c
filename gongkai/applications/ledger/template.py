"""The blank ledger an office fills in: the declared columns as the header row.

The XLSX keeps the ID, credit-code and phone columns as text (so Excel does not round an
18-digit number) and dates as dates, offers the choices of each choice column as a drop-down,
and explains every column on a second sheet. The CSV is the header row alone, UTF-8 with a BOM
so that Excel opens it in the right encoding.
"""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from gongkai.applications.ledger.columns import COLUMNS, HEADERS, Column, Kind, choice_hint
from gongkai.applications.outcomes import OUTCOMES

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
FILENAME = "政府信息公开申请台账模板"
# Rows the drop-downs and text formats cover; a ledger longer than this still imports.
_ROWS = 2000
_CHOICES_SHEET = "选项"


def ledger_template(fmt: str) -> bytes:
    if fmt == "csv":
        return _csv()
    if fmt == "xlsx":
        return _xlsx()
    raise ValueError(f"不支持的模板格式“{fmt}”，应为 xlsx 或 csv")


def _csv() -> bytes:
    out = io.StringIO()
    csv.writer(out).writerow(HEADERS)
    return out.getvalue().encode("utf-8-sig")


def _choices(column: Column) -> list[str]:
    if column.kind == Kind.OUTCOME:
        return [o.label for o in OUTCOMES.values()]
    if column.choices:
        return [str(label) for label in column.choices.labels]
    return []


def _xlsx() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "台账"
    sheet.append(list(HEADERS))
    sheet.freeze_panes = "A2"
    lists = workbook.create_sheet(_CHOICES_SHEET)
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet[f"{letter}1"].font = Font(bold=column.required)
        sheet.column_dimensions[letter].width = max(12, 2 * len(column.header) + 4)
        span = f"{letter}2:{letter}{_ROWS + 1}"
        if column.as_text or column.kind == Kind.DATE:
            # Column-wide formats are ignored by some readers; set each cell of the span.
            number_format = "@" if column.as_text else "yyyy-mm-dd"
            for (cell,) in sheet[span]:
                cell.number_format = number_format
        if choices := _choices(column):
            for row, label in enumerate(choices, start=1):
                lists.cell(row=row, column=index, value=label)
            source = f"{quote_sheetname(_CHOICES_SHEET)}!${letter}$1:${letter}${len(choices)}"
            validation = DataValidation(type="list", formula1=source, allow_blank=True)
            validation.add(span)
            sheet.add_data_validation(validation)
    lists.sheet_state = "hidden"
    _instructions(workbook.create_sheet("填写说明"))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _instructions(sheet) -> None:
    sheet.append(["列名", "是否必填", "说明"])
    for column in COLUMNS:
        needed = "必填" if column.required else "选填"
        notes = [column.hint] if column.hint else []
        if hint := choice_hint(column):
            notes.append(f"可填：{hint}")
        sheet.append([column.header, needed, "；".join(notes)])
    sheet.append([])
    sheet.append(["", "", "表头须在第一行，列的顺序不限；多余的列会被忽略。"])
    sheet.append(["", "", "导入时逐行检查，任何一行有错都不会导入，请按错误清单修改后重新导入。"])
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["C"].width = 90
