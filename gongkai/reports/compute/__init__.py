"""Table 三 of the annual report computed from the application records, and the drill-down."""

from __future__ import annotations

from gongkai.reports.compute.table3 import OMITTED, report_compute, table3_counts
from gongkai.reports.compute.years import report_year_problem, report_years

__all__ = ["OMITTED", "report_compute", "report_year_problem", "report_years", "table3_counts"]
