"""One cell's value as text or as a date, whatever the spreadsheet made of it.

XLSX cells come typed (numbers, dates, datetimes); CSV cells are text. A date is accepted as a
real date cell, as 2025-03-02 / 2025/3/2 / 2025.3.2 / 2025年3月2日 / 20250302 (with a time after
it, as WPS exports), or as an Excel serial number in a cell formatted as a number.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from openpyxl.utils.datetime import from_excel

_DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
# Excel serials of 1990-01-01 … 2099-12-31: a bare number outside that is not a date.
_SERIALS = range(32874, 73051)


class CellError(ValueError):
    """The cell cannot be read as what its column holds; the message is for the office."""


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def cell_text(value: Any) -> str:
    """The text a cell shows: numbers without a spurious ".0", no surrounding space.

    A leading apostrophe (how some systems force a cell to text) is not part of the value.
    """
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text[1:].strip() if text.startswith("'") else text


def cell_date(value: Any) -> date | None:
    """The date in a cell, None when it is empty, CellError when it is not a date."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if is_number(value):
        if isinstance(value, int) and _COMPACT.match(str(value)):
            return _compact(str(value), str(value))
        if int(value) in _SERIALS:
            return from_excel(value).date()
        raise CellError(f"“{cell_text(value)}”不是日期（应为 YYYY-MM-DD，如 2025-03-02）")
    text = cell_text(value)
    if not text:
        return None
    if found := _DATE.match(text):
        return _ymd(text, *found.groups())
    if _COMPACT.match(text):
        return _compact(text, text)
    raise CellError(f"“{text}”不是日期（应为 YYYY-MM-DD，如 2025-03-02）")


def _compact(text: str, digits: str) -> date:
    return _ymd(text, digits[:4], digits[4:6], digits[6:])


def _ymd(text: str, year: str, month: str, day: str) -> date:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise CellError(f"“{text}”不是有效日期（没有这一天）") from None
