"""The annual report computed from the records (tables 二 and 三: compute/report.py)."""

from __future__ import annotations

from gongkai.reports.compute.table3 import table3_counts
from gongkai.reports.compute.years import report_year_problem, report_years

__all__ = ["report_year_problem", "report_years", "table3_counts"]
