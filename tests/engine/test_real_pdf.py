"""The real 2024 report of 淮安市人民政府, read from its published PDF."""

from __future__ import annotations

from gongkai.reports.engine import check, read_report

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
