"""Every write to an annual report: open it, edit its narrative, acknowledge a warning, take a
step of the review chain (publishing freezes a version). Each writes its event in the same
transaction and raises a DomainError naming the field when refused.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.core.errors import DomainError
from gongkai.core.generations import PUBLIC_PAGES, bump_generation
from gongkai.core.workflow import step_day
from gongkai.reports.annual import workflow
from gongkai.reports.annual.charts import charts_for
from gongkai.reports.annual.gate import Gate, finding_id, report_gate
from gongkai.reports.annual.narrative import narrative_draft
from gongkai.reports.annual.permissions import action_refusal, can_compile_reports, can_edit_report
from gongkai.reports.annual.records import fees_collected, items_published
from gongkai.reports.annual.snapshot import published_report, rendering_of
from gongkai.reports.compute.report import report_compute
from gongkai.reports.compute.years import report_year_problem
from gongkai.reports.engine import Report, render
from gongkai.reports.engine.editions import NARRATIVE_SECTIONS, edition_for_year
from gongkai.reports.models import (
    AnnualReport,
    ReportEvent,
    ReportEventKind,
    ReportState,
    ReportVersion,
)

# A narrative section longer than this is not a report section but a mistake (a pasted file).
SECTION_MAX_CHARS = 20_000


def record(
    report: AnnualReport,
    kind: ReportEventKind,
    actor: AbstractBaseUser | None,
    *,
    on: date | None = None,
    before: str = "",
    note: str = "",
    data: dict[str, Any] | None = None,
) -> ReportEvent:
    return ReportEvent.objects.create(
        report=report,
        kind=kind,
        on=on or timezone.localdate(),
        actor=actor,
        state_before=before or report.state,
        state_after=report.state,
        note=note,
        data=data or {},
    )


def report_assemble(report: AnnualReport) -> Report:
    """The report as it would be published now: the tables from the records, the narrative as
    the office saved it."""
    return report_compute(report.agency, report.year, sections=report.sections)


def report_gate_now(report: AnnualReport, assembled: Report | None = None) -> Gate:
    """The checker on the report as it would be published, against last year's published one."""
    assembled = assembled or report_assemble(report)
    return report_gate(assembled, published_report(report.agency_id, report.year - 1))


def draft_sections(agency: Agency, year: int) -> dict[str, str]:
    tables = report_compute(agency, year)
    corrected = sum(
        int(tables.number(k) or 0)
        for k in tables.edition.cell_keys()
        if k.section == "四" and k.column.endswith("结果纠正")
    )
    return narrative_draft(
        tables,
        items_published=items_published(agency, year),
        fees=fees_collected(agency, year),
        corrected_cases=corrected,
    )


def annual_report_open(*, agency: Agency, year: int, actor: AbstractBaseUser) -> AnnualReport:
    """The agency's report of the year, opened (with a narrative drafted from the records) the
    first time it is asked for."""
    if problem := report_year_problem(year):
        raise DomainError(problem, field="year")
    existing = AnnualReport.objects.filter(agency=agency, year=year).first()
    if existing:
        return existing
    if not can_compile_reports(actor, agency):
        raise DomainError(_("只有本机关的承办人可以编制年度报告"))
    sections = draft_sections(agency, year)  # computed before the transaction takes its lock
    with transaction.atomic():
        report, created = AnnualReport.objects.get_or_create(
            agency=agency, year=year, defaults={"sections": sections}
        )
        if created:
            record(report, ReportEventKind.CREATE, actor)
    return report


def annual_report_edit(
    *, report: AnnualReport, actor: AbstractBaseUser, sections: Mapping[str, str]
) -> AnnualReport:
    """Save the narrative; only sections 一、五、六, only while the report is a draft."""
    for number, text in sections.items():
        if number not in NARRATIVE_SECTIONS:
            raise DomainError(_("没有可编辑的第“%(n)s”部分") % {"n": number}, field="sections")
        if len(text) > SECTION_MAX_CHARS:
            raise DomainError(
                _("第%(n)s部分超过 %(max)d 字") % {"n": number, "max": SECTION_MAX_CHARS},
                field=f"section_{number}",
            )
    with transaction.atomic():
        locked = AnnualReport.objects.select_for_update().get(pk=report.pk)
        if locked.state != ReportState.DRAFT:
            raise DomainError(
                _("年度报告当前状态为“%(state)s”，不能修改") % {"state": locked.get_state_display()}
            )
        if not can_edit_report(actor, locked):
            raise DomainError(_("只有本机关的承办人可以修改年度报告"))
        changed = sorted(n for n, t in sections.items() if locked.sections.get(n, "") != t)
        if not changed:
            return locked
        locked.sections = {**locked.sections, **{n: sections[n] for n in changed}}
        locked.save()
        record(locked, ReportEventKind.EDIT, actor, data={"sections": changed})
    return locked


def annual_report_acknowledge(
    *, report: AnnualReport, actor: AbstractBaseUser, finding: str, reason: str
) -> AnnualReport:
    """Acknowledge one of the checker's current warnings with a reason (an empty reason
    withdraws the acknowledgement)."""
    reason = reason.strip()
    warnings = {finding_id(f): f for f in report_gate_now(report).warnings}
    if finding not in warnings:
        raise DomainError(_("这条检查提示已不存在（报告已变化），请刷新后重试"), field="finding")
    with transaction.atomic():
        locked = AnnualReport.objects.select_for_update().get(pk=report.pk)
        if locked.state != ReportState.DRAFT:
            raise DomainError(_("只有编制中的年度报告可以说明检查提示"))
        if not can_edit_report(actor, locked):
            raise DomainError(_("只有本机关的承办人可以说明检查提示"))
        acknowledgements = dict(locked.acknowledgements)
        if reason:
            acknowledgements[finding] = reason
        else:
            acknowledgements.pop(finding, None)
        locked.acknowledgements = acknowledgements
        locked.save()
        record(
            locked,
            ReportEventKind.ACKNOWLEDGE,
            actor,
            note=reason,
            data={"finding": str(warnings[finding])},
        )
    return locked


def annual_report_act(
    *,
    report: AnnualReport,
    actor: AbstractBaseUser,
    key: str,
    reason: str = "",
    on: date | None = None,
) -> AnnualReport:
    """Take the step ``key`` (``on`` the day, today by default); a DomainError says why not.

    Submitting runs the gate on the report as it would be published and fixes its figures;
    each review step after it refuses when the records have moved them since (``REVIEWED_STEPS``).
    Publishing freezes exactly what was checked and approved.
    """
    reason = reason.strip()
    act = workflow.action(key)
    if key in workflow.NEEDS_REASON and not reason:
        raise DomainError(_("请填写原因（%(action)s）") % {"action": act.label}, field="reason")
    events = list(report.events.order_by("at", "pk"))
    if refusal := action_refusal(actor, report, key, events):
        raise DomainError(refusal)
    day = step_day(on, events[-1].on if events else None)
    if key == ReportEventKind.SUBMIT and day.year <= report.year:
        raise DomainError(
            _("%(year)d 年度尚未结束，年度报告应在次年提交") % {"year": report.year}, field="on"
        )
    rendering = None
    data: dict[str, Any] = {}
    if key in REVIEWED_STEPS:
        assembled = report_assemble(report)
        if key == ReportEventKind.SUBMIT:
            gate = report_gate_now(report, assembled)
            if refusal := gate.refusal(report.acknowledgements):
                raise DomainError(refusal)
            data = {"contract_sha256": contract_sha256(assembled)}
        elif contract_sha256(assembled) != _submitted_sha256(events):
            raise DomainError(
                _(
                    "提交审核以后，记录有了变化，表中数字已与提交的不同；请退回，由承办人重新核对后提交"
                )
            )
        if key == ReportEventKind.PUBLISH:  # rendered before the lock is taken
            gate = report_gate_now(report, assembled)  # last year's report may have moved
            if refusal := gate.refusal(report.acknowledgements):
                raise DomainError(refusal)
            charts = charts_for(report.agency, report.year, assembled)
            rendering = rendering_of(assembled, gate.findings, charts=charts)
    with transaction.atomic():
        # The files go into the storage inside the transaction (gongkai.core.stored_files), but
        # before the lock: an upload to a bucket takes time.
        stored = rendering.store() if rendering is not None else {}
        locked = AnnualReport.objects.select_for_update().get(pk=report.pk)
        latest = locked.events.order_by("-at", "-pk").values_list("pk", flat=True).first()
        if latest != (events[-1].pk if events else None):
            raise DomainError(_("年度报告刚被其他人办理或修改，请刷新后重试"))
        before = locked.state
        if rendering is not None:
            version = _freeze(locked, rendering, stored, actor, day, events)
            data = {"version": version.number, "sha256": rendering.sha256}
        locked.state = act.target
        locked.save()
        record(locked, ReportEventKind(key), actor, on=day, before=before, note=reason, data=data)
        if key == ReportEventKind.PUBLISH:
            bump_generation(PUBLIC_PAGES)
    return locked


# The steps that read the report's figures: the submission fixes them (their hash in the event),
# and each review step after it refuses when the records have moved them since — what the head
# and the leader approved is what is published, or the report goes back to the clerk.
REVIEWED_STEPS = frozenset(
    {
        ReportEventKind.SUBMIT,
        ReportEventKind.HEAD_APPROVE,
        ReportEventKind.LEADER_APPROVE,
        ReportEventKind.PUBLISH,
    }
)


def contract_sha256(report: Report) -> str:
    return hashlib.sha256(render(report, "json")).hexdigest()


def _submitted_sha256(events: list[ReportEvent]) -> str | None:
    submitted = next((e for e in reversed(events) if e.kind == ReportEventKind.SUBMIT), None)
    return submitted.data.get("contract_sha256") if submitted else None


def _freeze(
    report: AnnualReport, rendering, stored: dict[str, str], actor, day: date, events
) -> ReportVersion:
    number = report.versions.count() + 1
    correction = next((e.note for e in reversed(events) if e.kind == ReportEventKind.CORRECT), "")
    return ReportVersion.objects.create(
        report=report,
        number=number,
        published_on=day,
        published_by=actor,
        correction_reason=correction if number > 1 else "",
        edition=edition_for_year(report.year).key,
        contract=rendering.contract,
        findings=rendering.findings,
        text=rendering.text,
        sha256=rendering.sha256,
        **stored,
    )
