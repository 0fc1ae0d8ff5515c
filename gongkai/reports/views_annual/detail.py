"""One year's report for staff, drawn once for a GET and again (with the bound form, 422) when a
write is refused.

Until it is published the page shows the report as it would be published now — the tables from
the records, the narrative as saved — with the gate's findings marked; once published, the
latest version as it was frozen, and what would differ if it were assembled now.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe

from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import can_work_in_agency
from gongkai.core.errors import DomainError
from gongkai.reports.annual.gate import Gate, finding_id
from gongkai.reports.annual.permissions import (
    actions_offered,
    can_compile_reports,
    can_edit_report,
)
from gongkai.reports.annual.services import report_assemble, report_gate_now
from gongkai.reports.annual.snapshot import report_of
from gongkai.reports.engine import Finding, Report
from gongkai.reports.engine.editions import SECTION_TITLES, edition_for_year
from gongkai.reports.engine.writers.html import report_article
from gongkai.reports.forms_annual import AcknowledgeForm, NarrativeForm, OpenForm, StepForm
from gongkai.reports.models import AnnualReport, Origin, ReportState, ReportVersion
from gongkai.reports.views_annual.access import light_versions
from gongkai.reports.views_annual.history import event_rows, version_rows

# The table pages the detail links to, those the URLconf has (table 四's arrived later).
TABLE_PAGES = (("二", "reports:table2"), ("三", "reports:table3"), ("四", "reports:table4"))


@dataclass
class Bound:
    """The form a refused write posted, to show again with its errors."""

    narrative: NarrativeForm | None = None
    acknowledge: AcknowledgeForm | None = None
    step: StepForm | None = None


@dataclass
class WarningRow:
    finding: Finding
    id: str
    reason: str
    form: AcknowledgeForm | None = None


@dataclass
class GateView:
    errors: list[Finding]
    gaps: list[str]
    warnings: list[WarningRow]
    refusal: str | None
    stray: AcknowledgeForm | None = field(default=None)  # a bound form whose warning is gone


def table_links(agency: Agency, year: int) -> list[tuple[str, str]]:
    links = []
    for number, name in TABLE_PAGES:
        try:
            url = reverse(name, args=[agency.code, year])
        except NoReverseMatch:
            continue
        links.append((f"{number}、{SECTION_TITLES[number]}", url))
    return links


def _gate_view(report: AnnualReport, gate: Gate, editable: bool, bound: Bound) -> GateView:
    posted = bound.acknowledge
    posted_id = posted.data.get("finding") if posted is not None else None
    warnings = []
    for warning in gate.warnings:
        key = finding_id(warning)
        reason = report.acknowledgements.get(key, "")
        form = None
        if editable:
            form = (
                posted
                if posted_id == key
                else AcknowledgeForm(initial={"finding": key, "reason": reason})
            )
        warnings.append(WarningRow(warning, key, reason, form))
    stray = posted if posted is not None and all(w.id != posted_id for w in warnings) else None
    return GateView(
        errors=gate.errors,
        gaps=[f"{n}、{SECTION_TITLES[n]}" for n in gate.gaps],
        warnings=warnings,
        refusal=gate.refusal(report.acknowledgements),
        stray=stray,
    )


def _frozen_findings(version: ReportVersion) -> list[Finding]:
    return [
        Finding(
            rule=f.get("rule", ""),
            subject=f.get("subject", ""),
            message=f.get("message", ""),
            level=f.get("level", "error"),
            expected=f.get("expected", ""),
            found=f.get("found", ""),
        )
        for f in version.findings
    ]


def render_detail(
    request: HttpRequest,
    agency: Agency,
    year: int,
    report: AnnualReport | None,
    *,
    bound: Bound | None = None,
    open_form: OpenForm | None = None,
    status: int = 200,
) -> HttpResponse:
    bound = bound or Bound()
    user = request.user
    context: dict = {
        "agency": agency,
        "year": year,
        "edition": edition_for_year(year),
        "report": report,
        "tables": table_links(agency, year),
        "read_only": not can_work_in_agency(user, agency),
    }
    if report is None:
        may_open = can_compile_reports(user, agency)
        context["open_form"] = (open_form or OpenForm(initial={"year": year})) if may_open else None
        return render(request, "reports/annual_detail.html", context, status=status)
    events = list(report.events.select_related("actor").order_by("at", "pk"))
    versions = light_versions(report)
    editable = can_edit_report(user, report)
    steps = [
        (act, bound.step if bound.step and bound.step.key == act.key else StepForm(key=act.key))
        for act in actions_offered(user, report, events)
    ]
    context.update(
        events=event_rows(events),
        versions=version_rows(versions, agency.code, year),
        steps=steps,
        editable=editable,
        narrative=(bound.narrative or NarrativeForm.of(report.sections)) if editable else None,
    )
    published = bool(versions) and report.state == ReportState.PUBLISHED
    # Imported and uploaded reports are not compiled from the records here: nothing to compare.
    compiled_here = report.origin == Origin.PLATFORM
    assembled: Report | None = None
    if compiled_here or not published:
        try:
            assembled = report_assemble(report)
        except DomainError as error:
            context["assemble_error"] = error.message
            status = 409 if status == 200 else status
    frozen: Report | None = None
    if versions:
        latest = ReportVersion.objects.only("contract", "findings").get(pk=versions[0].pk)
        frozen = report_of(latest)
        context["latest"] = versions[0]
        if compiled_here and assembled is not None:
            context["differences"] = frozen.differences(assembled)
    if published and frozen is not None:
        findings = _frozen_findings(latest)
        context.update(
            article=mark_safe(report_article(frozen, findings)),  # escaped by the writer
            findings=findings,
        )
    elif assembled is not None:
        gate = report_gate_now(report, assembled)
        context.update(
            article=mark_safe(report_article(assembled, gate.findings)),
            gate=_gate_view(report, gate, editable, bound),
        )
    return render(request, "reports/annual_detail.html", context, status=status)
