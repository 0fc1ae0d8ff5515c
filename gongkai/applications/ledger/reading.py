"""Reading a ledger file into numbered rows of cell values: XLSX (first sheet) or CSV.

Offices export from Excel and WPS: CSV comes as UTF-8 with or without a BOM, or in the Windows
code page (GB18030 reads GBK and GB2312 too), separated by commas or, from "Unicode text",
tabs. Row numbers are the spreadsheet's own (the header is usually row 1), so an error can be
found where the office will look for it. A file that cannot be read is a ``LedgerFileError``
with a Chinese message; nothing else escapes.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from openpyxl import load_workbook

from gongkai.core.errors import DomainError
from gongkai.documents.sizes import human_size
from gongkai.documents.untrusted import LimitError, check_package, preload, run_bounded

ACCEPTED = (".xlsx", ".csv")
# A ledger of a few years has thousands of rows; beyond this it is not a ledger (or a zip bomb).
MAX_ROWS = 100_000
# Rows counted blank ones too: a sheet can declare a million empty rows to iterate through.
MAX_SHEET_ROWS = 2 * MAX_ROWS
# A ledger has a few dozen columns; a row of 18,000 is an attack on the importer, not data.
MAX_COLUMNS = 500
_ZIP = b"PK\x03\x04"
preload(__name__, "openpyxl")
_OLE2 = b"\xd0\xcf\x11\xe0"  # the pre-2007 .xls (and .et) container


class LedgerFileError(DomainError):
    """The file as a whole cannot be read; nothing in it was imported."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="file")


@dataclass(frozen=True)
class Table:
    rows: list[tuple[int, tuple[Any, ...]]]  # (spreadsheet row number, cell values), no blanks
    kind: str  # "xlsx" or "csv"
    encoding: str = ""  # for CSV: what it was read as


def read_table(content: bytes, filename: str, *, max_bytes: int) -> Table:
    """The non-blank rows of the file's first sheet, or LedgerFileError saying why not."""
    suffix = PurePath(filename or "").suffix.lower()
    if not content:
        raise LedgerFileError("上传的文件是空的")
    if len(content) > max_bytes:
        raise LedgerFileError(
            f"文件过大（{human_size(len(content))}），上限为 {human_size(max_bytes)}"
        )
    if content.startswith(_OLE2):
        raise LedgerFileError(
            "这是旧版 Excel（.xls）或 WPS（.et）文件；"
            "请在 Excel 或 WPS 中另存为 .xlsx 或 CSV 后再导入"
        )
    if suffix not in ACCEPTED:
        raise LedgerFileError(f"只能导入 XLSX 或 CSV 文件，收到的是“{suffix or '无扩展名'}”文件")
    if suffix == ".xlsx" or content.startswith(_ZIP):
        # openpyxl and lxml in a child process, within a memory and time limit (a crafted
        # workbook can inflate far past its size); its parts' sizes checked before that.
        try:
            check_package(content, "Excel 文件")
            return Table(run_bounded(_xlsx_rows, content), "xlsx")
        except LimitError as error:
            raise LedgerFileError(str(error)) from None
    text, encoding = _decode(content)
    return Table(_csv_rows(text), "csv", encoding)


def _limited(rows: Iterator[tuple[int, tuple[Any, ...]]]) -> list[tuple[int, tuple[Any, ...]]]:
    result = []
    for number, cells in rows:
        if number > MAX_SHEET_ROWS:
            raise LedgerFileError(f"文件超过 {MAX_SHEET_ROWS} 行（含空行），请分成几个文件导入")
        cells = _trimmed(cells)
        if not cells:
            continue
        if len(cells) > MAX_COLUMNS:
            raise LedgerFileError(
                f"第 {number} 行有 {len(cells)} 列，超过 {MAX_COLUMNS} 列的上限，不像是台账"
            )
        if len(result) >= MAX_ROWS:
            raise LedgerFileError(f"文件超过 {MAX_ROWS} 行，请分成几个文件导入")
        result.append((number, cells))
    return result


def _trimmed(cells: tuple[Any, ...]) -> tuple[Any, ...]:
    """Cells without the empty ones at the end; () for a blank row."""
    values = list(cells)
    while values and _blank(values[-1]):
        values.pop()
    return tuple(values)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _xlsx_rows(content: bytes) -> list[tuple[int, tuple[Any, ...]]]:
    if not content.startswith(_ZIP):
        raise LedgerFileError("文件扩展名为 .xlsx，但内容不是 Excel 工作簿（文件可能已损坏）")
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except zipfile.BadZipFile:
        raise LedgerFileError("Excel 文件已损坏，无法打开（压缩包结构不完整）") from None
    except Exception:
        # openpyxl reports damaged parts with many exception types (KeyError for a missing part,
        # XML parse errors, ValueError…); to the office they all mean the same thing.
        raise LedgerFileError(
            "无法读取该 Excel 文件：不是有效的 .xlsx 工作簿或已损坏；"
            "请用 Excel 或 WPS 打开后重新另存为 .xlsx"
        ) from None
    try:
        if not workbook.worksheets:
            raise LedgerFileError("Excel 文件中没有工作表")
        sheet = workbook.worksheets[0]
        numbered = ((n, row) for n, row in enumerate(sheet.iter_rows(values_only=True), start=1))
        return _limited(numbered)
    except LedgerFileError:
        raise
    except Exception:
        raise LedgerFileError("Excel 文件的第一个工作表已损坏，无法读取") from None
    finally:
        workbook.close()


def _decode(content: bytes) -> tuple[str, str]:
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return content.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise LedgerFileError("CSV 文件按 UTF-16 编码无法读取（文件可能已损坏）") from None
    if b"\x00" in content:
        raise LedgerFileError("文件不是文本格式的 CSV（含有二进制内容）；请另存为 CSV 或 .xlsx")
    if content.startswith(codecs.BOM_UTF8):
        try:
            return content.decode("utf-8-sig"), "UTF-8（带 BOM）"
        except UnicodeDecodeError:
            raise LedgerFileError("CSV 文件以 UTF-8 标记开头，但内容不是有效的 UTF-8") from None
    try:
        return content.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("gb18030"), "GB18030"
    except UnicodeDecodeError:
        raise LedgerFileError(
            "无法识别 CSV 文件的编码：既不是 UTF-8，也不是 GBK/GB18030；请另存为“CSV UTF-8”后再导入"
        ) from None


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    return max((",", "\t", ";"), key=first.count)


def _csv_rows(text: str) -> list[tuple[int, tuple[Any, ...]]]:
    # Each record is one spreadsheet row even when a quoted cell spans several lines.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        return _limited((n, tuple(record)) for n, record in enumerate(reader, start=1))
    except csv.Error as error:
        raise LedgerFileError(f"CSV 文件第 {reader.line_num} 行格式有误：{error}") from None
