"""What the charts of an agency's report read beyond the report itself: the applications received
in each month of the year (from the records), and the published reports of up to four years
before (their frozen versions), for the year-over-year chart."""

from __future__ import annotations

from django.db.models import Count
from django.db.models.functions import ExtractMonth

from gongkai.agencies.models import Agency
from gongkai.applications.models import Application
from gongkai.reports.annual.snapshot import report_of
from gongkai.reports.compute.predicates import date_predicates
from gongkai.reports.engine import Report
from gongkai.reports.engine.charts import Chart, ChartData, report_charts
from gongkai.reports.engine.editions import NEW
from gongkai.reports.models import ReportVersion

# The year-over-year chart shows up to five years: this one and four before it.
YEARS_BEFORE = 4


def received_by_month(agency: Agency, year: int) -> tuple[int, ...]:
    """Applications received in each month of the year, January first: table 三's 一、新收, by
    the same rule (compute.predicates), split by month."""
    rows = (
        Application.objects.filter(agency=agency)
        .filter(date_predicates(year)[NEW.key])
        .annotate(month=ExtractMonth("received_on"))
        .values("month")
        .order_by()
        .annotate(n=Count("pk"))
    )
    counts = dict.fromkeys(range(1, 13), 0)
    for row in rows:
        counts[row["month"]] = row["n"]
    return tuple(counts[m] for m in range(1, 13))


def earlier_published(agency: Agency, year: int) -> tuple[Report, ...]:
    """The latest published version of each of the four years before, oldest first."""
    versions = ReportVersion.objects.filter(
        report__agency=agency, report__year__gte=year - YEARS_BEFORE, report__year__lt=year
    ).order_by("report__year", "number")
    latest = {v.report_id: v for v in versions.only("report_id", "contract")}
    return tuple(report_of(v) for v in latest.values())


def charts_for(agency: Agency, year: int, report: Report) -> list[Chart]:
    data = ChartData(
        by_month=received_by_month(agency, year), history=earlier_published(agency, year)
    )
    return report_charts(report, data)
