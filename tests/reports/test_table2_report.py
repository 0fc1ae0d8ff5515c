"""The computed report with tables 二 and 三: checked clean by the engine, read back from the cell
contract, and printed by ``gongkai report compute``."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.management import call_command

from gongkai.publishing.table2_inputs import table2_input_set
from gongkai.reports.compute.report import OMITTED, report_compute
from gongkai.reports.compute.table2 import table2_cells
from gongkai.reports.compute.table2_predicates import cell_for, input_cells
from gongkai.reports.engine import check, compare, read_report, render
from gongkai.reports.engine.editions import CellKey, edition_for_year
from tests.applications.factories import Office, make_office
from tests.reports.records import Record, create_all
from tests.reports.table2_items import NORMATIVE, RULE, item

pytestmark = pytest.mark.django_db

D = date
PERSON = ("person", "")


@pytest.fixture
def office() -> Office:
    office = make_office()
    create_all(
        office.agency,
        [
            Record(D(2019, 12, 20), D(2020, 1, 10), "result.granted", PERSON),
            Record(D(2020, 5, 5), None, "", PERSON),
            Record(D(2022, 3, 1), D(2022, 3, 20), "result.partial", PERSON),
        ],
    )
    for kind in (RULE, NORMATIVE):
        item(office.agency, office.clerk, kind=kind, written=D(2020, 3, 1), published=D(2020, 3, 5))
        item(office.agency, office.clerk, kind=kind, written=D(2022, 4, 1), published=D(2022, 4, 2))
        item(
            office.agency,
            office.clerk,
            kind=kind,
            published=D(2018, 1, 1),
            validity="repealed",
            changed=D(2022, 9, 9),
        )
    return office


# Some inputs of each year, in every kind of column; the rest stay missing.
INPUTS = {
    2020: [
        (("第二十条第（五）项", "行政许可", "处理决定数量"), "1520"),
        (("第二十条第（六）项", "行政处罚", "本年增/减"), "-3"),
        (("第二十条第（九）项", "政府集中采购", "采购总金额"), "251000元"),
    ],
    2022: [
        (("第二十条第（五）项", "行政许可", "本年处理决定数量"), "1388"),
        (("第二十条第（八）项", "行政事业性收费", "本年收费金额（单位：万元）"), "24252.311082"),
    ],
}


def enter_inputs(office: Office, year: int) -> dict[CellKey, str]:
    entered = {}
    for (block, row, column), value in INPUTS[year]:
        key = CellKey("二", block, row, column)
        table2_input_set(
            agency=office.agency,
            year=year,
            cell=key,
            value=value,
            source="业务系统年度统计",
            entered_by=office.clerk,
        )
        entered[key] = value
    return entered


@pytest.mark.parametrize(("year", "edition"), [(2020, "2019"), (2022, "2021")])
def test_the_computed_report_holds_tables_2_and_3_and_checks_clean(office, year, edition) -> None:
    entered = enter_inputs(office, year)
    report = report_compute(office.agency, year)
    assert report.edition.key == edition
    assert report.omitted == OMITTED == {"一", "五", "六"}
    assert check(report) == []
    e = edition_for_year(year)
    for key in input_cells(e):
        assert report.get(key) == entered.get(key, "")  # a missing input stays blank
    issued = "made" if edition == "2019" else "issued"
    assert report.number(cell_for(e, RULE, issued).key) == 1
    assert report.number(cell_for(e, NORMATIVE, issued).key) == 1
    assert all(text.isdigit() for key, text in report.cells.items() if key.section == "三")
    for fmt in ("json", "csv"):
        back = read_report(render(report, fmt)).report
        assert back == report
        assert check(back) == []


def test_the_repeals_of_the_year_show_in_the_2021_edition(office) -> None:
    report = report_compute(office.agency, 2022)
    e = report.edition
    assert report.number(cell_for(e, RULE, "repealed").key) == 1
    # In force at the end of 2022: the 2020 and 2022 documents; the repealed one no longer.
    assert report.number(cell_for(e, RULE, "in_force").key) == 2


def test_consecutive_computed_reports_compare_clean_in_the_2021_edition(office) -> None:
    # 2023 roll-forward (S3): 2022's 现行有效 2 + 本年制发 0 − 本年废止 0 = 2.
    assert compare(report_compute(office.agency, 2022), report_compute(office.agency, 2023)) == []


def compute(capsysbinary, *args: str) -> tuple[int, bytes, str]:
    code = 0
    try:
        call_command("report", "compute", *args)
    except SystemExit as exc:
        code = int(exc.code)
    out, err = capsysbinary.readouterr()
    return code, out, err.decode()


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_report_compute_prints_table_2(office, capsysbinary, fmt) -> None:
    enter_inputs(office, 2022)
    code, out, err = compute(
        capsysbinary, "--agency", office.agency.code, "--year", "2022", "--format", fmt
    )
    assert code == 0, err
    report = read_report(out).report
    expected = table2_cells(office.agency, 2022)
    got = {k: v for k, v in report.cells.items() if k.section == "二" and v != ""}
    assert got == {k: str(v) for k, v in expected.items()}
    assert check(report) == []


def test_report_compute_names_only_the_narrative_as_left_out(office, capsysbinary) -> None:
    code, out, _ = compute(capsysbinary, "--agency", office.agency.code, "--year", "2022")
    assert code == 0
    document = json.loads(out)
    assert document["omitted"] == ["一", "五", "六"]
    licences = next(c for c in document["cells"] if c["row"] == "行政许可")
    assert (licences["section"], licences["value"]) == ("二", "")  # not entered: blank, not 0
