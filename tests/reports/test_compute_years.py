"""The report years: from the national format's first year to next year, one home for the range."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from gongkai.reports.compute import report_year_problem, report_years
from gongkai.reports.engine.editions import EDITION_2019


def test_the_range_runs_from_the_first_edition_to_next_year(monkeypatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda: date(2026, 12, 31))
    years = report_years()
    assert (years[0], years[-1]) == (EDITION_2019.first_year, 2027) == (2019, 2027)
    assert report_year_problem(2019) is None and report_year_problem(2027) is None


def test_a_year_outside_is_named_with_the_range(monkeypatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda: date(2026, 1, 1))
    for year in (2018, 2028, 10000, 0, -1):
        assert report_year_problem(year) == (
            f"报告年度 {year} 不在可统计的范围内：应在 2019 至 2027 年之间"
            "（全国统一格式自 2019 年度起施行，最晚可查看下一年度）"
        )
