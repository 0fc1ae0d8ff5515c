"""An agency with application records over two years, and helpers to take its annual report
through the review chain."""

from __future__ import annotations

from datetime import date

from gongkai.applications.outcomes import GRANTED, PARTIAL
from gongkai.reports.annual.gate import finding_id
from gongkai.reports.annual.imports import annual_report_import
from gongkai.reports.annual.services import (
    annual_report_acknowledge,
    annual_report_act,
    annual_report_edit,
    annual_report_open,
    report_gate_now,
)
from gongkai.reports.annual.snapshot import rendering_of
from gongkai.reports.compute.report import report_compute
from gongkai.reports.engine import check, render
from gongkai.reports.models import AnnualReport, ReportState, ReportVersion
from tests.applications.factories import Office
from tests.reports.records import Record, create_all

FILLED = {
    "一": "本年度新收政府信息公开申请4件。本机关认真贯彻《条例》，公开工作平稳有序地推进。",
    "五": "（一）存在问题\n公开内容的更新还不够及时。\n（二）改进措施\n加强培训，定期检查栏目。",
    "六": "本年度未收取信息处理费。",
}


# Last year's text, different enough from this year's not to be 内容雷同.
LAST_YEAR = {
    "一": "2024年，本机关依法做好政府信息公开工作，全年新收政府信息公开申请3件。",
    "五": "（一）存在问题\n栏目设置需要优化。\n（二）改进措施\n调整栏目，完善目录。",
    "六": "本年度未收取信息处理费。",
}


def records_2024_2025(office: Office) -> None:
    """2024: three received (two closed in 2024, one open at the year end, closed in 2025);
    2025: four received, three closed in 2025, one open at its end."""
    create_all(
        office.agency,
        [
            Record(date(2024, 3, 1), date(2024, 3, 20), GRANTED),
            Record(date(2024, 6, 1), date(2024, 6, 25), PARTIAL, ("organisation", "business")),
            Record(date(2024, 12, 20), date(2025, 1, 15), GRANTED),
            Record(date(2025, 2, 1), date(2025, 2, 20), GRANTED),
            Record(date(2025, 4, 1), date(2025, 4, 28), PARTIAL),
            Record(date(2025, 7, 1), date(2025, 7, 30), GRANTED, ("organisation", "research")),
            Record(date(2025, 12, 25), None),
        ],
    )


def import_year(office: Office, year: int, *, sections=LAST_YEAR, edit=None) -> AnnualReport:
    """The agency's report of ``year`` as computed now, published elsewhere and imported (a
    year before the agency's records on the platform)."""
    report = report_compute(office.agency, year, sections=sections)
    if edit:
        edit(report)
    return annual_report_import(
        agency=office.agency,
        data=render(report, "txt"),
        filename=f"{year}.txt",
        published_on=date(year + 1, 1, 20),
        actor=office.clerk,
    )


def published_year(office: Office, year: int, *, sections=LAST_YEAR, edit=None) -> AnnualReport:
    """The agency's report of ``year`` as computed now, published on the platform: frozen here
    directly, with its HTML only (the chain and its PDF are tested in test_annual_publication),
    so that a test of the year after has a last year to read."""
    report = report_compute(office.agency, year, sections=sections)
    if edit:
        edit(report)
    annual = AnnualReport.objects.create(
        agency=office.agency, year=year, state=ReportState.PUBLISHED, sections=sections
    )
    rendering = rendering_of(report, check(report), formats=("html",))
    ReportVersion.objects.create(
        report=annual,
        number=1,
        published_on=date(year + 1, 1, 20),
        published_by=office.reviewer,
        edition=report.edition.key,
        contract=rendering.contract,
        findings=rendering.findings,
        text=rendering.text,
        sha256=rendering.sha256,
        **rendering.store(),
    )
    return annual


def compiled(office: Office, year: int = 2025, sections=FILLED) -> AnnualReport:
    """The report opened, its narrative written, its warnings acknowledged."""
    report = annual_report_open(agency=office.agency, year=year, actor=office.clerk)
    report = annual_report_edit(report=report, actor=office.clerk, sections=sections)
    for warning in report_gate_now(report).warnings:
        report = annual_report_acknowledge(
            report=report, actor=office.clerk, finding=finding_id(warning), reason="已核实"
        )
    return report


def through_the_chain(office: Office, report: AnnualReport) -> AnnualReport:
    report = annual_report_act(report=report, actor=office.clerk, key="submit")
    report = annual_report_act(report=report, actor=office.head, key="head_approve")
    report = annual_report_act(report=report, actor=office.leader, key="leader_approve")
    return annual_report_act(report=report, actor=office.reviewer, key="publish")
