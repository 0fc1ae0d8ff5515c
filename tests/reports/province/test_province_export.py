"""The year's matrix (agency × cell) as CSV and XLSX from the page, and the same CSV from
``gongkai report province``."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from gongkai.reports.engine.editions import edition_for_year
from gongkai.reports.province.compile import as_text, province_year
from gongkai.reports.province.export import COLUMNS
from tests.reports.province.world import YEAR, province_world

EDITION = edition_for_year(YEAR)


@pytest.fixture
def world(office):
    return province_world(office)


def _csv(client, office) -> bytes:
    client.force_login(office.provincial)
    response = client.get(reverse("province:export_csv", args=[YEAR]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="hlj-{YEAR}-province.csv"'
    return response.content


def test_the_csv_reads_back_as_every_agencys_cells(client, office, world):
    lines = list(csv.reader(io.StringIO(_csv(client, office).decode("utf-8"))))
    assert tuple(lines[0]) == COLUMNS
    compiled = province_year(office.province, YEAR)
    by_agency: dict[str, dict] = {}
    for agency, section, block, row, column, value in lines[1:]:
        entry = by_agency.setdefault(agency, {"meta": {}, "cells": {}})
        if section == "meta":
            entry["meta"][row] = value
        else:
            entry["cells"][(section, block, row, column)] = value
    with_figures = [a for a in compiled.agencies if a.pk in compiled.figures]
    assert list(by_agency) == [a.code for a in with_figures]  # in code order; hlj-agri absent
    for agency in with_figures:
        entry = by_agency[agency.code]
        cells = compiled.figures[agency.pk].cells(EDITION)
        assert list(entry["cells"]) == [tuple(k) for k in EDITION.cell_keys()]
        assert entry["cells"] == {tuple(k): as_text(v) for k, v in cells.items()}
        assert entry["meta"]["agency"] == agency.name
        assert entry["meta"]["status"] == agency.status.value
        assert entry["meta"]["figures"] == compiled.figures[agency.pk].source.value
    assert by_agency["hlj-police"]["meta"]["published_on"] == "2026-02-01"
    assert by_agency["hlj-police"]["meta"]["origin"] == "uploaded"
    assert by_agency["hlj-edu"]["meta"]["figures"] == "provisional"
    # A computed report leaves no table out, so its meta rows name none.
    assert "omitted" not in by_agency["hlj-edu"]["meta"]
    assert "omitted" not in by_agency["hlj-drc"]["meta"]  # an upload holds every table


def test_the_xlsx_holds_the_same_lines_and_the_sum(client, office, world):
    expected = list(csv.reader(io.StringIO(_csv(client, office).decode("utf-8"))))
    response = client.get(reverse("province:export_xlsx", args=[YEAR]))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["明细", "机关", "合计"]
    got = [
        ["" if v is None else str(v) for v in row]
        for row in book["明细"].iter_rows(values_only=True)
    ]
    assert got == expected
    agencies = list(book["机关"].iter_rows(values_only=True))
    assert len(agencies) == 1 + 10
    compiled = province_year(office.province, YEAR)
    sums = list(book["合计"].iter_rows(values_only=True))[1:]
    for key, row in zip(EDITION.cell_keys(), sums, strict=False):
        assert ["" if v is None else v for v in row] == [*key, compiled.total.text(key)]


def _cli(capsysbinary, *args: str) -> tuple[int, bytes, str]:
    code = 0
    try:
        call_command("report", "province", *args)
    except SystemExit as exc:
        code = int(exc.code)
    out, err = capsysbinary.readouterr()
    return code, out, err.decode()


def test_the_cli_writes_the_same_csv(client, office, world, tmp_path, capsysbinary):
    page = _csv(client, office)
    out = tmp_path / "province.csv"
    assert _cli(capsysbinary, "--year", str(YEAR), "--format", "csv", "--output", str(out))[0] == 0
    assert out.read_bytes() == page
    # To stdout, and with the office named.
    code, stdout, _ = _cli(capsysbinary, "--year", str(YEAR), "--office", "hlj")
    assert (code, stdout) == (0, page)
    xlsx = tmp_path / "province.xlsx"
    assert _cli(capsysbinary, "--year", str(YEAR), "--format", "xlsx", "-o", str(xlsx))[0] == 0
    assert openpyxl.load_workbook(xlsx, read_only=True).sheetnames == ["明细", "机关", "合计"]


def test_the_cli_says_what_is_wrong(office, capsysbinary):
    code, _, err = _cli(capsysbinary, "--year", str(YEAR), "--office", "nowhere")
    assert code == 2 and "nowhere" in err
    code, _, err = _cli(capsysbinary, "--year", "2015")
    assert code == 2 and "2015" in err
    office.provincial.memberships.all().delete()
    code, _, err = _cli(capsysbinary, "--year", str(YEAR))
    assert code == 2 and "--office" in err


def test_text_a_spreadsheet_would_run_is_exported_as_text():
    from gongkai.reports.province.export import spreadsheet_safe

    assert spreadsheet_safe('=HYPERLINK("http://x","y")') == '\'=HYPERLINK("http://x","y")'
    assert spreadsheet_safe("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheet_safe("-3") == "-3" and spreadsheet_safe("12.5") == "12.5"
    assert spreadsheet_safe("251000元") == "251000元"
