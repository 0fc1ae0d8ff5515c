"""The annual report engine: editions as data, the report model, the checker, readers, writers
and charts.

Plain Python with no Django import, so it works as a library and behind `gongkai report ...` alone.
Charts (charts.report_charts) load matplotlib only when one is drawn, so importing the engine
does not.
"""

from __future__ import annotations

from .charts import Chart, ChartData, report_charts
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
    "Chart",
    "ChartData",
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
    "report_charts",
]
