"""An agency's report of the year as the provincial office sees it, and the office's upload of a
report of an agency not on the platform.

The agency page shows the status (statuses.py), the deadline and its basis, where the report
comes from, the checker's findings — a published version's as stored when it was published, a
draft's the gate now — and the report in the official layout with the cells the findings name
marked (``report_article``); every value cell carries the anchor ``#cell-N`` (N its position in
the edition's cells), which the findings and the province's drill-down link to.

Who: the provincial office above the agency and platform admins. The agency's own staff are
refused with a reason (403: their report has its own pages); anyone who does not read the agency
finds nothing (404). Uploading is the provincial office's only (not platform admins', who hold no
provincial role), for the agencies below it not on the platform (``uploadable_agencies``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import unescape
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import can_read_agency
from gongkai.core.errors import DomainError
from gongkai.core.forms import attach_domain_error
from gongkai.core.views import staff_view
from gongkai.reports.annual.deadlines import TOWNSHIP_NOTE, deadline_of
from gongkai.reports.annual.gate import report_gate
from gongkai.reports.annual.imports import annual_report_import
from gongkai.reports.annual.services import report_assemble, report_gate_now
from gongkai.reports.annual.snapshot import published_report, report_of
from gongkai.reports.compute.report import report_compute
from gongkai.reports.engine import Finding, Report
from gongkai.reports.engine.editions import CellKey, Edition
from gongkai.reports.engine.writers.html import report_article
from gongkai.reports.models import AnnualReport, Origin, ReportVersion
from gongkai.reports.province.forms import UploadForm
from gongkai.reports.province.offices import (
    ChooseOffice,
    holds_office,
    reads_as_province,
    refuse_unless_provincial,
    uploadable_agencies,
)
from gongkai.reports.province.pages import (
    OFFICE_PARAM,
    NotFound,
    cell_index,
    choose,
    edition_of,
    not_found,
    office_of,
    with_office,
)
from gongkai.reports.province.statuses import AgencyYear, agency_years

_DATA_CELL = re.compile(r'data-cell="([^"]*)"')


def anchored(article: str, edition: Edition) -> str:
    """The article with ``id="cell-N"`` on every value cell (found by its ``data-cell`` key)."""
    index = cell_index(edition)

    def add_id(match: re.Match) -> str:
        named = json.loads(unescape(match.group(1)))
        key = CellKey(named["section"], named["block"], named["row"], named["column"])
        return f'id="cell-{index[key]}" {match.group(0)}' if key in index else match.group(0)

    return _DATA_CELL.sub(add_id, article)


def _stored(version: ReportVersion, report: Report, agency: Agency, year: int) -> list[Finding]:
    """The version's findings as stored, with the cells each names (found again by running the
    gate on the frozen cells: the stored record keeps no cell keys)."""
    gate = report_gate(report, published_report(agency.pk, year - 1))
    cells = {(f.rule, f.subject, f.expected, f.found): f.cells for f in gate.findings}
    out = []
    for stored in version.findings:
        fields = {
            name: str(stored.get(name, ""))
            for name in ("rule", "subject", "message", "expected", "found")
        }
        ident = (fields["rule"], fields["subject"], fields["expected"], fields["found"])
        level = "warning" if stored.get("level") == "warning" else "error"
        out.append(Finding(**fields, level=level, cells=cells.get(ident, ())))
    return out


@dataclass(frozen=True)
class FindingRow:
    """A finding with the anchor of the cell it is about (its subject, when that is a cell)
    and of every other cell it looked at."""

    finding: Finding
    subject_anchor: str
    cells: list[tuple[str, str]]


def finding_rows(findings: list[Finding], edition: Edition) -> list[FindingRow]:
    index = cell_index(edition)
    rows = []
    for f in findings:
        cells = [(edition.cell_name(k), f"#cell-{index[k]}") for k in dict.fromkeys(f.cells)]
        subject = next((anchor for name, anchor in cells if name == f.subject), "")
        rows.append(FindingRow(f, subject, [c for c in cells if c[1] != subject]))
    return rows


def _shown(agency: Agency, row: AgencyYear, year: int) -> dict:
    """The report the page shows, its findings, and what they are."""
    if row.version_id is not None:
        version = ReportVersion.objects.only("contract", "findings").get(pk=row.version_id)
        report = report_of(version)
        return {"report": report, "findings": _stored(version, report, agency, year)}
    if row.report_id is not None:
        annual = AnnualReport.objects.select_related("agency").get(pk=row.report_id)
        report = report_assemble(annual)
        return {"report": report, "findings": list(report_gate_now(annual, report).findings)}
    if row.on_platform:
        report = report_compute(agency, year)
        gate = report_gate(report, published_report(agency.pk, year - 1))
        return {"report": report, "findings": list(gate.findings), "computed_only": True}
    return {"report": None, "findings": []}


@staff_view
@require_GET
def agency(request: HttpRequest, year: int, agency_code: str) -> HttpResponse:
    found = Agency.objects.filter(code=agency_code).first()
    if found is None or not can_read_agency(request.user, found):
        raise Http404(_("没有这个机关，或无权查看"))
    if not reads_as_province(request.user, found):
        raise PermissionDenied(
            _("这是省级公开办查看下级机关年度报告的页面；本机关的报告请在本机关的年度报告页面查看")
        )
    try:
        edition = edition_of(year)
    except NotFound as exc:
        return not_found(request, year, exc)
    [row] = agency_years(found.pk, year, only=found.pk)
    context: dict = {"agency": found, "row": row, "year": year, "edition": edition}
    try:
        context.update(_shown(found, row, year))
    except DomainError as exc:
        context.update(report=None, findings=[], error=exc.message)
    context["finding_rows"] = finding_rows(context["findings"], edition)
    context["errors"] = sum(1 for f in context["findings"] if f.level == "error")
    if context["report"] is not None:
        article = report_article(context["report"], context["findings"])
        context["article"] = mark_safe(anchored(article, edition))  # escaped by the writer
    deadline = deadline_of(report_kind=found.report_kind, level=found.level)
    context["deadline_basis"] = deadline.basis if deadline else TOWNSHIP_NOTE
    office = request.GET.get(OFFICE_PARAM, "")
    back = reverse("province:year", args=[year])
    context["back"] = f"{back}?{urlencode({OFFICE_PARAM: office})}" if office else back
    context["tables"] = row.on_platform and row.origin != Origin.UPLOADED
    return render(request, "province/agency.html", context)


@staff_view
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, year: int) -> HttpResponse:
    refuse_unless_provincial(request.user)
    try:
        edition_of(year)
        office = office_of(request)
    except NotFound as exc:
        return not_found(request, year, exc)
    except ChooseOffice as exc:
        return choose(request, year, exc, "province:upload")
    if not holds_office(request.user, office):
        raise PermissionDenied(_("只有省级公开办可以上传下级机关的年度报告"))
    agencies = uploadable_agencies(request.user, office).exclude(annual_reports__year=year)
    form = UploadForm(request.POST or None, request.FILES or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        target = form.cleaned_data["agency"]
        try:
            annual = annual_report_import(
                agency=target,
                data=upload_file.read(),
                filename=upload_file.name,
                published_on=form.cleaned_data["published_on"],
                actor=request.user,
                year=year,
                origin=Origin.UPLOADED,
            )
        except DomainError as error:
            attach_domain_error(form, error)
        else:
            messages.success(
                request,
                _("已上传%(agency)s %(year)d 年度报告") % {"agency": target.name, "year": year},
            )
            stored = annual.versions.values_list("findings", flat=True).first() or []
            if errors := sum(1 for f in stored if f.get("level") == "error"):
                messages.error(
                    request,
                    _("检查发现 %(n)d 处错误，已在报告中标出；报告已计入全省合计") % {"n": errors},
                )
            url = reverse("province:agency", args=[year, target.code])
            return redirect(with_office(url, office))
    context = {
        "office": office,
        "year": year,
        "form": form,
        "has_agencies": agencies.exists(),
        "back": with_office(reverse("province:year", args=[year]), office),
    }
    return render(request, "province/upload.html", context)
