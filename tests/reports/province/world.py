"""A province with an agency in every state of its 2025 report, for the provincial view's tests.

Under the office (``Office.province``, where ``office.provincial`` holds the provincial role):

- hlj (the provincial government itself, a government, on the platform through its clerk): no
  report — missing;
- hlj-ipo (``office.agency``): records over 2024–2025, its report compiled and published through
  the review chain on 2026-01-20 — published on time;
- hlj-edu (``office.other_agency``, the outsider is its clerk): a draft;
- hlj-sci (a clerk of its own): submitted;
- not on the platform, uploaded by the provincial office: hlj-drc on 2026-01-31 (on time),
  hlj-police on 2026-02-01 (late), hlj-county a government on 2026-03-31 (on time),
  hlj-transport with table 三 failing R3, hlj-town a township on 2026-05-01 (no Art. 49
  deadline); hlj-agri nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gongkai.agencies.models import Agency, Role
from gongkai.applications.demo.clock import simulated_today
from gongkai.reports.annual.gate import finding_id
from gongkai.reports.annual.imports import annual_report_import
from gongkai.reports.annual.services import (
    annual_report_acknowledge,
    annual_report_act,
    annual_report_edit,
    annual_report_open,
    report_gate_now,
)
from gongkai.reports.engine import Report, render
from gongkai.reports.engine.editions import (
    CARRIED_FORWARD,
    GRANTED,
    NEW,
    RESULTS_TOTAL,
    CellKey,
    Kind,
    edition_for_year,
)
from gongkai.reports.models import AnnualReport, Origin, ReportVersion
from tests.applications.factories import Office, make_user
from tests.reports.annual_world import compiled, records_2024_2025, through_the_chain

YEAR = 2025
SECTIONS = {
    "一": "本机关依法做好政府信息公开工作，公开指南和目录按时更新。",
    "五": "（一）存在问题\n个别栏目更新不够及时。\n（二）改进措施\n建立栏目更新台账。",
    "六": "本年度未收取信息处理费。",
}


def synthetic(name: str, n: int, year: int = YEAR, *, amount: str = "1.5") -> Report:
    """A consistent report: ``n + column`` new applications per applicant column, all but one
    granted, one carried forward; every table-二 count 2, its amounts ``amount``; table 四 0."""
    edition = edition_for_year(year)
    report = Report(edition=edition, agency=name, year=year, sections=dict(SECTIONS))
    for key in edition.cell_keys():
        if key.section == "二":
            kind = edition.column(key).kind
            report.set(key, amount if kind in (Kind.YUAN, Kind.WAN_YUAN) else 2)
        else:
            report.set(key, 0)
    columns = edition.table3_columns
    totals = {NEW.key: 0, GRANTED.key: 0, CARRIED_FORWARD.key: 0}
    for i, column in enumerate(columns[:-1]):
        received = n + i
        values = {NEW.key: received, GRANTED.key: received - 1, CARRIED_FORWARD.key: 1}
        for row_key, value in values.items():
            report.set(edition.t3(row_key, column), value)
            totals[row_key] += value
        report.set(edition.t3(RESULTS_TOTAL.key, column), received - 1)
    for row_key, value in totals.items():
        report.set(edition.t3(row_key, columns[-1]), value)
    report.set(edition.t3(RESULTS_TOTAL.key, columns[-1]), totals[GRANTED.key])
    return report


def break_r3(report: Report) -> CellKey:
    """One more new and closed (自然人 and 总计) than the results say: R3 fails, R1 and R2 hold.
    The cell R3 names: （七）总计·自然人."""
    edition = report.edition
    for column in (edition.table3_columns[0], edition.table3_columns[-1]):
        for row in (NEW, RESULTS_TOTAL):
            key = edition.t3(row, column)
            report.set(key, int(report.get(key)) + 1)
    return edition.t3(RESULTS_TOTAL, edition.table3_columns[0])


def upload(office: Office, agency: Agency, report: Report, day: date, fmt: str = "txt"):
    with simulated_today(max(day, date(2026, 6, 1))):
        return annual_report_import(
            agency=agency,
            data=render(report, fmt),
            filename=f"{agency.code}-{report.year}.{fmt}",
            published_on=day,
            actor=office.provincial,
            year=report.year,
            origin=Origin.UPLOADED,
        )


def below(office: Office, code: str, name: str, **fields) -> Agency:
    return Agency.objects.create(code=code, name=name, parent=office.province, **fields)


@dataclass
class Province:
    office: Office
    agencies: dict[str, Agency]
    failing_cell: CellKey


def province_world(office: Office) -> Province:
    agencies = {a.code: a for a in (office.province, office.agency, office.other_agency)}
    Agency.objects.filter(pk=office.province.pk).update(report_kind="government")
    make_user("gov-clerk", (office.province, Role.CLERK))
    records_2024_2025(office)
    with simulated_today(date(2026, 1, 20)):
        through_the_chain(office, compiled(office))
    annual_report_open(agency=office.other_agency, year=YEAR, actor=office.outsider)
    sci = agencies["hlj-sci"] = below(office, "hlj-sci", "黑龙江省科学技术厅")
    sci_clerk = make_user("sci-clerk", (sci, Role.CLERK))
    report = annual_report_open(agency=sci, year=YEAR, actor=sci_clerk)
    report = annual_report_edit(report=report, actor=sci_clerk, sections=SECTIONS)
    for warning in report_gate_now(report).warnings:
        report = annual_report_acknowledge(
            report=report, actor=sci_clerk, finding=finding_id(warning), reason="已核实"
        )
    annual_report_act(report=report, actor=sci_clerk, key="submit")
    plan = [
        ("hlj-drc", "黑龙江省发展和改革委员会", {}, date(2026, 1, 31), 3),
        ("hlj-police", "黑龙江省公安厅", {}, date(2026, 2, 1), 5),
        (
            "hlj-county",
            "黑龙江省示范县人民政府",
            {"report_kind": "government", "level": "county"},
            date(2026, 3, 31),
            7,
        ),
        ("hlj-transport", "黑龙江省交通运输厅", {}, date(2026, 1, 15), 4),
        (
            "hlj-town",
            "黑龙江省示范镇人民政府",
            {"report_kind": "government", "level": "township"},
            date(2026, 5, 1),
            2,
        ),
    ]
    failing = None
    for code, name, fields, day, n in plan:
        agency = agencies[code] = below(office, code, name, **fields)
        report = synthetic(name, n)
        if code == "hlj-transport":
            failing = break_r3(report)
        upload(office, agency, report, day)
    agencies["hlj-agri"] = below(office, "hlj-agri", "黑龙江省农业农村厅")
    assert AnnualReport.objects.filter(year=YEAR).count() == 8
    return Province(office=office, agencies=agencies, failing_cell=failing)


def stored_version(
    agency: Agency,
    published_on: date,
    *,
    report: Report | None = None,
    number: int = 1,
    year: int = YEAR,
    state: str = "published",
) -> AnnualReport:
    """A published version written straight to the tables (no reading, no rendering): for the
    tests that need many agencies, or a value no reader would give."""
    annual, _ = AnnualReport.objects.get_or_create(
        agency=agency, year=year, defaults={"origin": Origin.UPLOADED, "state": state}
    )
    report = report or synthetic(agency.name, 3, year)
    ReportVersion.objects.create(
        report=annual,
        number=number,
        published_on=published_on,
        edition=report.edition.key,
        contract=render(report, "json").decode("utf-8"),
        findings=[],
    )
    return annual
