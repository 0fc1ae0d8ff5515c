"""A small run of the table-三 and drill-down benchmarks' loader, floors and measurements (the
1,000,000 run is not part of the suite: `benchmarks/run.py --only table3`)."""

from __future__ import annotations

import pytest

from benchmarks import drilldown
from benchmarks import table3 as bench
from benchmarks import table3_floors as floors
from gongkai.agencies.models import Agency
from gongkai.applications.models import Application
from gongkai.applications.models.application import year_ends_open
from gongkai.reports.compute import table3_counts
from gongkai.reports.engine.editions import edition_for_year
from tests.reports.records import expected_cells

pytestmark = pytest.mark.django_db


def test_the_loader_fills_the_table_with_rows_the_computation_counts_right() -> None:
    agency_id, seconds, loaded = bench.populate(1000, 200)
    assert loaded == 1200 and seconds >= 0
    agency = Agency.objects.get(pk=agency_id)
    assert Application.objects.filter(agency=agency).count() == 1000
    for year in bench.YEARS:
        counts = table3_counts(agency, year)
        assert counts == expected_cells(agency, edition_for_year(year), year)
        assert counts[edition_for_year(year).t3("new", edition_for_year(year).table3_columns[-1])]


def test_the_loaded_rows_are_valid_applications() -> None:
    agency_id, _, _ = bench.populate(300, 0)
    for app in Application.objects.filter(agency_id=agency_id)[:50]:
        app.full_clean(exclude=["query_code", "number"])
        assert app.report_column == Application.column_for(app.applicant_kind, app.org_kind)
        assert app.year_ends_open == year_ends_open(app.received_on, app.closed_on)
        assert (app.closed_on is None) == (app.outcome == "")
        assert app.closed_on is None or app.closed_on >= app.received_on


def test_every_floor_gives_the_counts_numbers_and_the_reference_reads_the_same_rows() -> None:
    agency_id, _, _ = bench.populate(2000, 100)
    for year in bench.YEARS:
        floors.check_floors(agency_id, year)  # raises SystemExit on a floor that differs
        edition = edition_for_year(year)
        counts = table3_counts(agency_id, year)
        total = edition.table3_columns[-1]
        counted = sum(
            counts[edition.t3(edition.row_by_key(r), total)] for r in ("new", "carried_in")
        )
        assert floors.relevant_rows(agency_id, year) == counted


def test_a_floor_that_gives_other_numbers_stops_the_run(monkeypatch) -> None:
    agency_id, _, _ = bench.populate(500, 0)
    statements = floors.floor_statements

    def wrong(agency: int, year: int) -> dict:
        out = statements(agency, year)
        name = next(iter(out))
        sql, params, shape = out[name]
        return {
            **out,
            name: (sql.replace("year_ends_open = 1", "year_ends_open = 2"), params, shape),
        }

    monkeypatch.setattr(floors, "floor_statements", wrong)
    with pytest.raises(SystemExit):
        floors.check_floors(agency_id, 2025)


def test_the_measurements_and_their_record_in_benchmarks_md() -> None:
    agency_id, _, loaded = bench.populate(3000, 100)
    result = {
        "database": "sqlite",
        "versions": {"sqlite": "3.40.1"},
        "rows": loaded,
        "agency_rows": 3000,
        "load_seconds": 1.0,
        "repeat": 1,
        "years": floors.measure(agency_id, bench.YEARS, repeat=1),
        "plans": floors.plans(agency_id, bench.YEARS[-1]),
        "drilldown": drilldown.measure(agency_id, repeat=1),
    }
    for year in map(str, bench.YEARS):
        times = result["years"][year]["times"]
        assert {"table3_counts", floors.REFERENCE} <= set(times) and len(times) == 6
        assert all(t["min"] <= t["median"] for t in times.values())
    text = bench.markdown(result, "a machine")
    assert "| `table3_counts(agency, year)` |" in text
    assert "| **ratio of the count to the floor** |" in text
    assert "application_carried_idx" in text
    pages = drilldown.markdown(result, "a machine", bench.NAMES)
    assert "**new × total**" in pages and "| `last page, total carried` |" in pages
