"""The public report checker: upload a published report, see it checked, download it again.

The page answers in proportion to its upload: the report is in it once as the article (the
official layout, its cells anchored `#cell-N` so that each finding links to its cell), and once
more as the compact contract its download buttons post back (forms.compact_contract). What is
the same for every upload (the stylesheet, each edition's table layout, the download addresses)
is written once per process.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .engine import RULES, Finding, ReadError, RenderError, check
from .engine import render as render_report
from .engine.editions import SECTION_NUMBERS, CellKey, Edition
from .engine.readers.contract import read_json
from .engine.writers import MEDIA_TYPES
from .engine.writers.html import cell_id, report_article, section_id, stylesheet
from .forms import ACCEPTED, DownloadForm, ReportUploadForm, compact_contract
from .uploads import read_upload

# What a checked report can be downloaded as (the page offers these, in this order).
DOWNLOADS = {fmt: MEDIA_TYPES[fmt] for fmt in ("docx", "pdf", "xlsx")}


@dataclass(frozen=True)
class FindingRow:
    """A finding with the anchor of the cell it is about (or of its section, for a finding
    about the text; empty when it names neither)."""

    finding: Finding
    anchor: str


@dataclass(frozen=True)
class RuleFindings:
    """The findings of one rule, under its code and its meaning in words: the meaning once per
    rule, not once per finding (a blank report has a finding for each of its 176 totals)."""

    rule: str
    meaning: str
    rows: list[FindingRow]


@require_http_methods(["GET", "POST"])
def check_upload(request: HttpRequest) -> HttpResponse:
    form = ReportUploadForm(request.POST or None, request.FILES or None)
    context: dict = {"form": form, "css": _css(), "upload": _upload_field()}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = read_upload(upload.read(), upload.name)
        except ReadError as exc:
            context["read_error"] = str(exc)
            return _page(request, context, status=422)
        report = result.report
        findings = check(report)
        context.update(
            report=report,
            findings=findings_html(finding_rows(findings, report.edition)),
            errors=sum(f.level == "error" for f in findings),
            warnings=sum(f.level == "warning" for f in findings),
            diagnostics=result.diagnostics,
            # Escaped by the writer; the anchors link the findings to their cells.
            article=mark_safe(report_article(report, findings, cell_ids=True)),
            contract=compact_contract(report),
            downloads=_downloads(),
        )
    return _page(request, context)


def _page(request: HttpRequest, context: dict, status: int = 200) -> HttpResponse:
    """The checker page from its own context alone. It shows nothing of the user, the session
    or their messages, so the context processors that the staff pages need (the user, their
    roles, the staff menu) are not run for it; its two forms need the CSRF token, which is
    all the csrf processor would give them."""
    context["csrf_token"] = get_token(request)
    return HttpResponse(render_to_string("reports/check.html", context), status=status)


def finding_rows(findings: list[Finding], edition: Edition) -> list[RuleFindings]:
    """The findings by rule, the rules in the order their first finding comes."""
    numbers = _cell_numbers(edition)
    by_rule: dict[str, list[FindingRow]] = {}
    for f in findings:
        by_rule.setdefault(f.rule, []).append(FindingRow(f, _anchor(f, edition, numbers)))
    return [RuleFindings(rule, rule_meaning(rule), rows) for rule, rows in by_rule.items()]


def findings_html(groups: list[RuleFindings]) -> SafeString:
    """The items of the page's list of findings: each rule with its findings, each linked to
    its cell. Written here, not in the template, where each finding cost a loop, a condition
    and five lookups (a blank report has 176 findings)."""
    return mark_safe("".join(_group_html(group) for group in groups))


def _group_html(group: RuleFindings) -> str:
    rows = format_html_join("", "{}\n", ((_row_html(row),) for row in group.rows))
    return format_html(
        '<li><p class="rule"><span class="code">{}</span> <span class="meaning">{}</span></p>'
        "<ul>\n{}</ul></li>\n",
        group.rule,
        group.meaning,
        rows,
    )


def _row_html(row: FindingRow) -> SafeString:
    f = row.finding
    if row.anchor:
        subject = format_html('<a href="{}">{}</a>', row.anchor, f.subject)
    else:
        subject = conditional_escape(f.subject)
    return format_html('<li class="{}">{}：{}</li>', f.level, subject, f.message)


def rule_meaning(rule: str) -> str:
    """The rule in words. The engine declares each rule once with its text (findings.RULES, in
    Chinese); the page shows it through the catalogue, so that a translation may stand for it."""
    return _(RULES[rule][1]) if rule in RULES else ""


def _anchor(f: Finding, edition: Edition, numbers: dict[CellKey, int]) -> str:
    """The cell the finding is about: the one its subject names, else the first it looked at;
    without a cell, the section its subject names (e.g. 六、其他需要报告的事项)."""
    cells = [key for key in dict.fromkeys(f.cells) if key in numbers]
    subject = next((key for key in cells if edition.cell_name(key) == f.subject), None)
    if subject is not None or cells:
        return "#" + cell_id(numbers[subject if subject is not None else cells[0]])
    number = f.subject[:1]
    if number in SECTION_NUMBERS and f.subject[1:2] in ("、", "·", ""):
        return "#" + section_id(number)
    return ""


@cache  # editions compare by identity, and there are two
def _cell_numbers(edition: Edition) -> dict[CellKey, int]:
    return {key: n for n, key in enumerate(edition.cell_keys())}


@cache
def _css() -> SafeString:
    return mark_safe(stylesheet())  # the engine's own CSS, nothing of the upload


@cache
def _upload_field() -> dict[str, str]:
    """What the page's file input says, the same for every request. The input is written in the
    template, not by the form's widget: the widget's templates were a fifth of the page's own
    time, for an input whose HTML never changes (a file input never shows a value)."""
    return {"action": reverse("reports:check"), "accept": ",".join(ACCEPTED)}


@cache
def _downloads() -> dict[str, str]:
    """The download form's address (the first format's) and its buttons, one per format: the
    same for every request, written once (the template's loop over them cost about as much as
    the rest of the result beside the report)."""
    urls = [(fmt, reverse("reports:download", args=[fmt])) for fmt in DOWNLOADS]
    buttons = format_html_join(
        "", '<button type="submit" formaction="{}">{}</button> ', ((u, f.upper()) for f, u in urls)
    )
    return {"action": urls[0][1], "buttons": buttons}


@require_POST
def download(request: HttpRequest, fmt: str) -> HttpResponse:
    """The checked report in another format, from the compact contract the page posts back
    (read by the contract reader alone: whatever is posted, no other reader runs on it)."""
    if fmt not in DOWNLOADS:
        return _refused(_("不支持下载为 %(fmt)s") % {"fmt": fmt})
    form = DownloadForm(request.POST)
    if not form.is_valid():
        reason = "；".join(form.errors["report"])
        return _refused(_("报告数据无效：%(reason)s") % {"reason": reason})
    try:
        report = read_json(form.cleaned_data["report"])
    except ReadError as exc:
        return _refused(_("报告数据无效：%(reason)s") % {"reason": exc})
    try:
        data = render_report(report, fmt)
    except RenderError as exc:
        message = _("无法生成 %(fmt)s：%(reason)s") % {"fmt": fmt.upper(), "reason": exc}
        return HttpResponse(message, status=503, content_type=PLAIN)
    name = f"{report.agency}{report.year or ''}年政府信息公开工作年度报告.{fmt}"
    response = HttpResponse(data, content_type=DOWNLOADS[fmt])
    response["Content-Disposition"] = _attachment(name)
    return response


# The refusals repeat what was posted (the format from the address, the reader's reason naming
# a field): as plain text, so that nothing posted is ever read as HTML.
PLAIN = "text/plain; charset=utf-8"


def _refused(message: str) -> HttpResponse:
    return HttpResponseBadRequest(message, content_type=PLAIN)


def _attachment(name: str) -> str:
    return (
        f"attachment; filename=\"report.{name.rsplit('.', 1)[-1]}\"; filename*=UTF-8''{quote(name)}"
    )
