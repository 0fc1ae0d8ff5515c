"""The annual report engine: editions as data, the report model, the checker, readers and writers.

Plain Python with no Django import, so it works as a library and behind `gongkai report ...` alone.
"""

from __future__ import annotations

from .checker import check
from .compare import compare
from .editions import EDITION_2019, EDITION_2021, EDITIONS, CellKey, Edition, edition_for_year
from .findings import RULES, Finding, has_errors
from .model import Report
from .readers import ReadResult, read_report
from .readers.lines import Diagnostic, ReadError
from .writers import FORMATS, RenderError, render

__all__ = [
    "EDITIONS",
    "EDITION_2019",
    "EDITION_2021",
    "FORMATS",
    "RULES",
    "CellKey",
    "Diagnostic",
    "Edition",
    "Finding",
    "ReadError",
    "ReadResult",
    "RenderError",
    "Report",
    "check",
    "compare",
    "edition_for_year",
    "has_errors",
    "read_report",
    "render",
]
