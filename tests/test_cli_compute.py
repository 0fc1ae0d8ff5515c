"""`gongkai report compute` and `gongkai agencies`: table 三 from the records, into the checker."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.reports.compute import table3_counts
from gongkai.reports.engine import read_report
from tests.applications.factories import make_office
from tests.reports.records import Record, application, create_all

REPO_ROOT = Path(__file__).resolve().parents[1]
PERSON = ("person", "")
BUSINESS = ("organisation", "business")

# Across the 2020→2021 edition change, with carry-over, every outcome family and a fee outcome.
LEDGER = [
    Record(date(2019, 12, 20), date(2020, 1, 10), "result.granted", PERSON),
    Record(date(2020, 3, 2), date(2020, 3, 30), "result.other.2", BUSINESS),
    Record(date(2020, 12, 28), date(2021, 1, 20), "result.withheld.4", PERSON),
    Record(date(2020, 12, 31), None, "", ("organisation", "research")),
    Record(date(2024, 12, 30), date(2025, 1, 8), "result.partial", PERSON),
    Record(date(2025, 5, 5), date(2025, 6, 1), "result.other.2", PERSON),
    Record(date(2025, 7, 1), date(2025, 7, 2), "result.not_handled.5", BUSINESS),
    Record(date(2025, 12, 31), None, "result.unavailable.2", PERSON),
]


def gongkai(*args: str, stdin: bytes = b"", env: dict[str, str] | None = None):
    return subprocess.run(
        [sys.executable, "-m", "gongkai", *args],
        input=stdin,
        capture_output=True,
        env={**os.environ, **(env or {})},
        cwd=REPO_ROOT,
        timeout=300,
    )


def compute(capsysbinary, *args: str) -> tuple[int, bytes, str]:
    """Run `report compute` in this process (it reads the test database): (exit, stdout, stderr)."""
    code = 0
    try:
        call_command("report", "compute", *args)
    except SystemExit as exc:
        code = int(exc.code)
    out, err = capsysbinary.readouterr()
    return code, out, err.decode()


@pytest.fixture
def agency(db) -> Agency:
    office = make_office()
    create_all(office.agency, LEDGER)
    create_all(office.other_agency, LEDGER[:3])
    return office.agency


@pytest.mark.parametrize("fmt", ["json", "csv"])
@pytest.mark.parametrize(("year", "edition"), [(2020, "2019"), (2025, "2021")])
def test_the_computed_report_piped_into_check_has_no_findings(
    agency, capsysbinary, fmt, year, edition
) -> None:
    code, out, err = compute(
        capsysbinary, "--agency", agency.code, "--year", str(year), "--format", fmt
    )
    assert code == 0, err
    report = read_report(out).report
    assert report.edition.key == edition
    assert (report.agency, report.year) == (agency.name, year)
    assert {k: int(v) for k, v in report.cells.items() if k.section == "三"} == table3_counts(
        agency, year
    )
    checked = gongkai("report", "check", "-", stdin=out)
    assert checked.returncode == 0, checked.stdout.decode() + checked.stderr.decode()
    assert checked.stdout.decode().splitlines() == ["== （标准输入） ==", "未发现问题"]


def test_json_is_the_default_and_names_the_sections_left_out(agency, capsysbinary) -> None:
    code, out, _ = compute(capsysbinary, "--agency", agency.code, "--year", "2025")
    assert code == 0
    document = json.loads(out)
    assert document["edition"] == "2021" and document["year"] == 2025
    assert document["omitted"] == ["一", "五", "六"]
    new_total = next(
        c for c in document["cells"] if c["row"].startswith("一、") and c["column"] == "总计"
    )
    assert new_total["value"] == "3"


def test_an_unknown_agency_is_refused_naming_the_code_and_how_to_list_codes(
    agency, capsysbinary
) -> None:
    code, out, err = compute(capsysbinary, "--agency", "no-such-office", "--year", "2025")
    assert code == 2
    assert out == b""
    assert "no-such-office" in err and "gongkai agencies" in err


def test_a_year_before_the_national_format_is_refused(agency, capsysbinary) -> None:
    code, out, err = compute(capsysbinary, "--agency", agency.code, "--year", "2018")
    assert code == 2 and out == b""
    assert "--year 2018" in err


def test_records_that_cannot_be_counted_exit_1_with_the_reason(agency, capsysbinary) -> None:
    application(agency, Record(date(2025, 3, 3), date(2025, 3, 9), "result.bogus"))
    code, out, err = compute(capsysbinary, "--agency", agency.code, "--year", "2025")
    assert code == 1 and out == b""
    assert agency.code in err and "result.bogus" in err


def test_agencies_are_listed_tab_separated_in_tree_order(db) -> None:
    make_office()
    city = Agency.objects.create(code="zz-city", name="某市人民政府")
    Agency.objects.create(code="aa-bureau", name="某市\t统计局", parent=city)
    out = StringIO()
    call_command("agencies", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines == [
        "hlj\t黑龙江省人民政府\t",
        "hlj-edu\t黑龙江省教育厅\thlj",
        "hlj-ipo\t黑龙江省知识产权局\thlj",
        "zz-city\t某市人民政府\t",
        "aa-bureau\t某市 统计局\tzz-city",
    ]


def test_the_commands_work_as_separate_processes_on_a_database_file(tmp_path) -> None:
    """The real pipeline: migrate a SQLite file, fill it, list agencies, compute | check."""
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}"}
    assert gongkai("migrate", "-v", "0", env=env).returncode == 0
    fill = (
        "import django; django.setup()\nfrom benchmarks.table3 import populate\npopulate(400, 80)\n"
    )
    filled = subprocess.run(
        [sys.executable, "-c", fill],
        capture_output=True,
        env={**os.environ, **env, "DJANGO_SETTINGS_MODULE": "gongkai.settings"},
        cwd=REPO_ROOT,
        timeout=300,
    )
    assert filled.returncode == 0, filled.stderr.decode()
    listed = gongkai("agencies", env=env)
    assert listed.returncode == 0
    assert "bench-target\t基准测试机关\t" in listed.stdout.decode().splitlines()
    for year in ("2020", "2025"):
        computed = gongkai("report", "compute", "--agency", "bench-target", "--year", year, env=env)
        assert computed.returncode == 0, computed.stderr.decode()
        checked = gongkai("report", "check", "-", stdin=computed.stdout)
        assert checked.returncode == 0
        assert checked.stdout.decode().splitlines()[-1] == "未发现问题"
    unknown = gongkai("report", "compute", "--agency", "nowhere", "--year", "2025", env=env)
    assert unknown.returncode == 2
    assert "nowhere" in unknown.stderr.decode()


def test_a_year_outside_the_range_exits_2_naming_it_and_the_range(agency, capsysbinary) -> None:
    last = timezone.localdate().year + 1
    for year in (2018, 10000, last + 1):
        code, out, err = compute(capsysbinary, "--agency", agency.code, "--year", str(year))
        assert code == 2 and out == b""
        assert f"--year {year}" in err and f"应在 2019 至 {last} 年之间" in err


def test_next_year_can_be_computed(agency, capsysbinary) -> None:
    year = timezone.localdate().year + 1
    code, out, err = compute(capsysbinary, "--agency", agency.code, "--year", str(year))
    assert code == 0, err
    assert read_report(out).report.year == year
