"""The report years table 三 can be computed for: the one home of the range.

From the first year of the national format (EDITION_2019.first_year) to next year. Next year is
allowed so that staff can open the coming year's table (its 二、上年结转 is what is open now) and
follow the "next year" link from this year's table; later years would only repeat the open work,
and beyond the calendar's last year the date rules cannot even be written (``date(10000, 1, 1)``).
The staff pages answer 404 and ``gongkai report compute`` exits 2 outside the range, both with
``report_year_problem``'s message.
"""

from __future__ import annotations

from django.utils import timezone

from gongkai.reports.engine.editions import EDITION_2019

FIRST_YEAR = EDITION_2019.first_year


def report_years() -> range:
    """The years a table can be computed for, first to last (next year) inclusive."""
    return range(FIRST_YEAR, timezone.localdate().year + 2)


def report_year_problem(year: int) -> str | None:
    """None for a year in ``report_years()``; otherwise why not, in Chinese, naming the range."""
    years = report_years()
    if year in years:
        return None
    return (
        f"报告年度 {year} 不在可统计的范围内：应在 {years[0]} 至 {years[-1]} 年之间"
        f"（全国统一格式自 {years[0]} 年度起施行，最晚可查看下一年度）"
    )
