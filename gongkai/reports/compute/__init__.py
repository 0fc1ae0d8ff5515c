"""Table 三 of the annual report computed from the application records, and the drill-down."""

from __future__ import annotations

from gongkai.reports.compute.table3 import OMITTED, report_compute, table3_counts

__all__ = ["OMITTED", "report_compute", "table3_counts"]
