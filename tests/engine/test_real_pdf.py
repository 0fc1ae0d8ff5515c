"""The real 2024 report of 淮安市人民政府, read from its published PDF."""

from __future__ import annotations

import subprocess
import sys

from gongkai.reports.engine import EDITION_2021, check, read_report
from gongkai.reports.engine.editions import TABLE3_COLUMNS

from .real_reports import HUAIAN_PDF, huaian_expected_cells


def test_the_real_pdf_parses_to_its_published_tables_and_checks_clean(shared_dir):
    result = read_report((shared_dir / HUAIAN_PDF).read_bytes(), "2024_huaian-szf.pdf")
    report = result.report
    assert (result.format, report.edition.key, report.agency, report.year) == (
        "pdf",
        "2021",
        "淮安市人民政府",
        2024,
    )
    wrong = {
        report.edition.cell_name(key): (report.cells[key], value)
        for key, value in huaian_expected_cells().items()
        if report.cells[key] != value
    }
    assert wrong == {}
    assert check(report) == []
    assert [str(d) for d in result.diagnostics if d.level != "info"] == []
    assert "全市共受理政府信息公开申请 3119 件" in report.sections["一"]


def test_the_real_pdf_reads_table_three_whose_totals_balance(shared_dir):
    report = read_report((shared_dir / HUAIAN_PDF).read_bytes()).report
    rows = ("new", "carried_in", "result.total", "carried_forward")
    total_column = TABLE3_COLUMNS[-1]
    total = {
        k: report.cells[EDITION_2021.t3(EDITION_2021.row_by_key(k), total_column)] for k in rows
    }
    assert total == {
        "new": "3119",
        "carried_in": "34",
        "result.total": "3050",
        "carried_forward": "103",
    }
    assert (
        3119 + 34 == 3050 + 103
    )  # R1 as published: received and carried in, answered and carried on


def test_the_real_pdf_is_read_by_pdfium_alone_without_loading_pdfminer(shared_dir):
    # pdfminer's layout pass was 98% of the reading's time; the reader no longer needs it at all.
    code = (
        "import sys; from gongkai.reports.engine import check, read_report; "
        f"result = read_report(open({str(shared_dir / HUAIAN_PDF)!r}, 'rb').read()); "
        "assert check(result.report) == []; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pdfplumber', 'pdfminer'}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
