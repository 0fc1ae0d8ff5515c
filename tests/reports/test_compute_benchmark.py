"""A small run of the table-三 benchmark's loader and measurements (the 1,000,000 run is not
part of the suite: `benchmarks/run.py --only table3`)."""

from __future__ import annotations

import pytest

from benchmarks import table3 as bench
from gongkai.agencies.models import Agency
from gongkai.applications.models import Application
from gongkai.reports.compute import table3_counts
from gongkai.reports.engine.editions import edition_for_year
from tests.reports.records import expected_cells

pytestmark = pytest.mark.django_db


def test_the_loader_fills_the_table_with_rows_the_computation_counts_right() -> None:
    agency_id, seconds, loaded = bench.populate(1000, 200)
    assert loaded == 1200 and seconds >= 0
    agency = Agency.objects.get(pk=agency_id)
    assert Application.objects.filter(agency=agency).count() == 1000
    assert sum(n for *_, n in bench.floor(agency_id)) == 1000
    for year in bench.YEARS:
        counts = table3_counts(agency, year)
        assert counts == expected_cells(agency, edition_for_year(year), year)
        assert counts[edition_for_year(year).t3("new", edition_for_year(year).table3_columns[-1])]


def test_the_loaded_rows_are_valid_applications() -> None:
    agency_id, _, _ = bench.populate(300, 0)
    for app in Application.objects.filter(agency_id=agency_id)[:50]:
        app.full_clean(exclude=["query_code", "number"])
        assert app.report_column == Application.column_for(app.applicant_kind, app.org_kind)
        assert (app.closed_on is None) == (app.outcome == "")
        assert app.closed_on is None or app.closed_on >= app.received_on


def test_the_measurements_and_their_record_in_benchmarks_md() -> None:
    agency_id, _, loaded = bench.populate(500, 100)
    medians = bench.measure(agency_id, bench.YEARS, repeat=1)
    assert set(medians) == {"floor", *(f"table3 {y}" for y in bench.YEARS)}
    assert all(seconds > 0 for seconds in medians.values())
    plans = bench.plans(agency_id, bench.YEARS[-1])
    assert plans["floor"] and plans["table3"]
    result = {
        "database": "sqlite",
        "versions": {"sqlite": "3.40.1"},
        "rows": loaded,
        "agency_rows": 500,
        "load_seconds": 1.0,
        "repeat": 1,
        "medians": medians,
        "plans": plans,
    }
    text = bench.markdown(result, "a machine")
    assert "| floor: bare GROUP BY" in text
    assert f"`table3_counts(agency, {bench.YEARS[-1]})`" in text
