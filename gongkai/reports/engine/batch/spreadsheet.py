"""Text that a spreadsheet shows as text and never runs.

A report's cell, its agency's name or a file's name in an archive may hold anything, and
"=HYPERLINK(…)" in a summary or the province's export opened by the provincial office would be a
formula (both write through this rule): such text gets a leading apostrophe, the spreadsheets' own
mark for "this is text".
"""

from __future__ import annotations

import re

# A number as the cell contract writes one ("-3", "12.5"): safe in a spreadsheet as it is.
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    if text[:1] in _FORMULA_STARTS and not _NUMBER.fullmatch(text):
        return "'" + text
    return text
