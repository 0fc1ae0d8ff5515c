"""The demo province's annual reports, so that the provincial view shows every state.

Under the demo's provincial government: the two agencies on the platform (the IPO's report of last
year compiled from its records and published through the review chain; the education
department's still a draft), the provincial government's own report under review, and ten
departments and a county government not on the platform, whose reports the provincial office
uploaded — most on time, one late, one missing, one with a real error (its table 三 fails R3), the
county government's published in March (on time: Art. 49 gives a government until 3月31日).
The IPO's register holds 行政复议 and 行政诉讼 cases of every result. Each agency's previous
year is there too (imported or uploaded), so R5 and the year-over-year figures have something to
read. Everything goes through the services, dated as it happened.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser

from gongkai.agencies.models import Agency
from gongkai.applications.demo.clock import simulated_today
from gongkai.applications.models import Application
from gongkai.remedies.demo import demo_cases
from gongkai.reports.annual.gate import finding_id
from gongkai.reports.annual.imports import annual_report_import
from gongkai.reports.annual.services import (
    annual_report_acknowledge,
    annual_report_act,
    annual_report_edit,
    annual_report_open,
    report_gate_now,
)
from gongkai.reports.compute.report import report_compute
from gongkai.reports.engine import Report, render
from gongkai.reports.engine.editions import (
    CARRIED_FORWARD,
    CARRIED_IN,
    NEW,
    RESULTS_TOTAL,
    TABLE3_APPLICANT_COLUMNS,
    TABLE4_STREAMS,
    CellKey,
    edition_for_year,
)
from gongkai.reports.models import Origin

# Departments of the provincial government that publish their reports elsewhere (invented codes).
UPLOADED_DEPARTMENTS = (
    ("hlj-drc", "黑龙江省发展和改革委员会"),
    ("hlj-police", "黑龙江省公安厅"),
    ("hlj-finance", "黑龙江省财政厅"),
    ("hlj-hrss", "黑龙江省人力资源和社会保障厅"),
    ("hlj-land", "黑龙江省自然资源厅"),
    ("hlj-env", "黑龙江省生态环境厅"),
    ("hlj-housing", "黑龙江省住房和城乡建设厅"),
    ("hlj-transport", "黑龙江省交通运输厅"),
    ("hlj-agri", "黑龙江省农业农村厅"),
    ("hlj-health", "黑龙江省卫生健康委员会"),
)
COUNTY = ("hlj-county", "黑龙江省示范县人民政府")
LATE, MISSING, FAILING = "hlj-land", "hlj-agri", "hlj-transport"
CODES = (*(code for code, _ in UPLOADED_DEPARTMENTS), COUNTY[0])
# The formats the uploads come in, in turn: whatever the engine reads.
FORMATS = ("docx", "html", "txt")


@dataclass(frozen=True)
class PlatformPeople:
    """Who compiles and reviews at one agency on the platform."""

    agency: Agency
    clerk: AbstractBaseUser
    head: AbstractBaseUser | None = None
    leader: AbstractBaseUser | None = None
    reviewer: AbstractBaseUser | None = None


def reports_demo_build(
    *,
    province: Agency,
    provincial: AbstractBaseUser,
    published: PlatformPeople,
    drafting: PlatformPeople,
    reviewing: PlatformPeople,
    today: date,
) -> None:
    """The demo province's reports of last year (and the year before); see the module's words."""
    year = today.year - 1
    rng = random.Random(year)
    # The IPO's 行政复议/行政诉讼 cases first (every stream and result): its tables 四 count them.
    applications = Application.objects.filter(agency=published.agency, closed_on__isnull=False)
    with simulated_today(today):
        demo_cases(published.agency, applications, actor=published.clerk, rng=rng, today=today)
    for people in (published, drafting, reviewing):
        _import_computed(people, year - 1)
    _publish_through_the_chain(published, year, today)
    with simulated_today(min(today, date(year + 1, 1, 12))):
        _compiled(drafting, year)
        submitted = _compiled(reviewing, year)
        annual_report_act(report=submitted, actor=reviewing.clerk, key="submit")
    for i, (code, name) in enumerate((*UPLOADED_DEPARTMENTS, COUNTY)):
        government = (code, name) == COUNTY
        agency, _ = Agency.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "parent": province,
                "report_kind": "government" if government else "department",
                "level": "county" if government else "provincial",
            },
        )
        last = _synthetic(agency, year - 1, rng)
        _upload(agency, last, provincial, date(year, 1, 20), FORMATS[i % len(FORMATS)])
        if code == MISSING:
            continue
        this = _synthetic(agency, year, rng, carried_in=last)
        if code == FAILING:
            _break_r3(this)
            this.sections.update(_sections(agency, year, this))
        day = date(year + 1, 3, 20) if government else date(year + 1, 1, 15 + i)
        if code == LATE:
            day = date(year + 1, 2, 10)
        _upload(agency, this, provincial, min(day, today), FORMATS[(i + 1) % len(FORMATS)])


# What an office writes differs from year to year; the demo draws its paragraphs from these, in
# turn by year, so that no report repeats last year's text (内容雷同, S5).
_FOCUS = (
    "重点做好惠企政策和行政规范性文件的集中公开，同步发布政策解读材料，便于企业群众查阅",
    "围绕优化营商环境公开行政许可事项清单、办事指南和监管规则，方便申请人一次办成",
    "推进重大决策预公开，对涉及群众切身利益的文件草案公开征求意见并反馈采纳情况",
    "开展政府信息公开专栏栏目清理，合并重复栏目，补齐空白栏目，统一信息发布标准",
)
_PROBLEMS = (
    ("政策解读形式较为单一，图解、视频等形式运用不多", "丰富解读形式，重要政策同步推出图解"),
    ("个别栏目信息更新不够及时", "建立栏目更新台账，明确责任处室和更新时限"),
    ("依申请公开答复文书的说理还不够充分", "修订答复文书范本，逐件说明法律依据和理由"),
    ("工作人员业务能力有待提高", "组织全员培训，邀请专家讲解《条例》和典型案例"),
)


def _sections(agency: Agency, year: int, report: Report | None = None) -> dict[str, str]:
    """A narrative that differs from last year's and quotes no number wrongly."""
    new = ""
    if report is not None:
        total = report.edition.table3_columns[-1]
        new = f"全年新收政府信息公开申请{report.get(report.edition.t3(NEW, total))}件。"
    focus = _FOCUS[year % len(_FOCUS)]
    problem, measure = _PROBLEMS[year % len(_PROBLEMS)]
    return {
        "一": f"{year}年，{agency.name}坚持以公开为常态、不公开为例外，{focus}。{new}",
        "五": f"（一）存在问题\n{problem}。\n（二）改进措施\n{measure}。",
        "六": "本年度未收取信息处理费。",
    }


def _import_computed(people: PlatformPeople, year: int) -> None:
    """The year before: as computed from the records now, published elsewhere and imported."""
    report = report_compute(people.agency, year, sections=_sections(people.agency, year))
    with simulated_today(date(year + 1, 1, 20)):
        annual_report_import(
            agency=people.agency,
            data=render(report, "docx"),
            filename=f"{people.agency.code}-{year}.docx",
            published_on=date(year + 1, 1, 20),
            actor=people.clerk,
        )


def _compiled(people: PlatformPeople, year: int):
    report = annual_report_open(agency=people.agency, year=year, actor=people.clerk)
    assembled = report_compute(people.agency, year)
    report = annual_report_edit(
        report=report, actor=people.clerk, sections=_sections(people.agency, year, assembled)
    )
    for warning in report_gate_now(report).warnings:
        report = annual_report_acknowledge(
            report=report,
            actor=people.clerk,
            finding=finding_id(warning),
            reason="已核对原始记录，表中数字无误",
        )
    return report


def _publish_through_the_chain(people: PlatformPeople, year: int, today: date) -> None:
    steps = (
        ("submit", people.clerk, 10),
        ("head_approve", people.head, 13),
        ("leader_approve", people.leader, 16),
        ("publish", people.reviewer, 20),
    )
    with simulated_today(min(today, date(year + 1, 1, 10))):
        report = _compiled(people, year)
    for key, actor, day in steps:
        on = min(today, date(year + 1, 1, day))
        with simulated_today(on):
            report = annual_report_act(report=report, actor=actor, key=key, on=on)


def _synthetic(agency: Agency, year: int, rng: random.Random, carried_in: Report | None = None):
    """A consistent report of an agency not on the platform: R1–R4 hold, and R5 against the
    year before when it is given."""
    edition = edition_for_year(year)
    report = Report(edition=edition, agency=agency.name, year=year)
    total = edition.table3_columns[-1]
    results = edition.result_rows
    sums: dict[str, int] = {}
    for column in TABLE3_APPLICANT_COLUMNS:
        before = (
            carried_in.get(carried_in.edition.t3(CARRIED_FORWARD, column)) if carried_in else None
        )
        counts = {NEW.key: rng.randint(0, 40), CARRIED_IN.key: int(before or rng.randint(0, 3))}
        closing = rng.randint(0, counts[NEW.key] + counts[CARRIED_IN.key])
        spread = [0] * len(results)
        for _ in range(closing):
            spread[min(int(rng.expovariate(0.6)), len(results) - 1)] += 1
        for row, n in zip(results, spread, strict=True):
            counts[row.key] = n
        counts[RESULTS_TOTAL.key] = closing
        counts[CARRIED_FORWARD.key] = counts[NEW.key] + counts[CARRIED_IN.key] - closing
        for key, n in counts.items():
            report.set(edition.t3(key, column), n)
            sums[key] = sums.get(key, 0) + n
    for row in edition.table3_rows:
        report.set(edition.t3(row, total), sums.get(row.key, 0))
    for stream in TABLE4_STREAMS:
        values = [rng.choice((0, 0, 0, 1, 2)) for _ in stream[:4]]
        for column, n in zip(stream, [*values, sum(values)], strict=True):
            report.set(CellKey("四", "", "", column.label), n)
    for key in edition.cell_keys():
        if key.section == "二":
            report.set(
                key, rng.randint(0, 30) if edition.column(key).kind != "wan_yuan" else "12.5"
            )
    if carried_in is not None and edition.key == carried_in.edition.key == "2021":
        _roll_forward(report, carried_in)
    report.sections.update(_sections(agency, year, report))
    return report


def _roll_forward(report: Report, last: Report) -> None:
    """现行有效件数 = last year's + 本年制发 − 本年废止 (S3), as a careful office keeps it."""
    block = report.edition.table2[0]
    issued, repealed, in_force = block.columns
    for row in block.rows:

        def key(column, row=row) -> CellKey:
            return CellKey("二", block.heading, row.label, column.label)

        n = int(last.get(key(in_force))) + int(report.get(key(issued)))
        report.set(key(repealed), min(int(report.get(key(repealed))), n))
        report.set(key(in_force), n - int(report.get(key(repealed))))


def _break_r3(report: Report) -> None:
    """A real error: one more application received and closed by a natural person than the
    results say — （七）总计 is one more than its rows add up to, so R3 fails while R1 and R2
    (the 总计 column moves with it) still hold."""
    e = report.edition
    for column in (e.table3_columns[0], e.table3_columns[-1]):
        for row in (NEW, RESULTS_TOTAL):
            key = e.t3(row, column)
            report.set(key, int(report.get(key)) + 1)


def _upload(agency: Agency, report: Report, actor: AbstractBaseUser, day: date, fmt: str) -> None:
    with simulated_today(day):
        annual_report_import(
            agency=agency,
            data=render(report, fmt),
            filename=f"{agency.code}-{report.year}.{fmt}",
            published_on=day,
            actor=actor,
            origin=Origin.UPLOADED,
        )
