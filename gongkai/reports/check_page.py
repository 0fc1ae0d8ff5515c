"""The checker page's HTML: its frame, and its parts beside the report: the result (the
verdict, the findings linked to their cells, the reader's notes, the download buttons) and the
upload form.

The frame is the template (reports/check.html: the page's layout, style and fixed texts), which
holds nothing of the upload: it is rendered once per language and layout, with a marker where
each part goes. The parts are written in Python: their conditions, loops and lookups in the
template were a third of the page's own time beside the engine's. What is the same for every
upload (the stylesheet, the download addresses and buttons) is written once per process.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from django.template import Context, Template
from django.template.loader import get_template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from .engine import RULES, Finding
from .engine.editions import SECTION_NUMBERS, CellKey, Edition
from .engine.model import Report
from .engine.readers import Diagnostic
from .engine.writers import MEDIA_TYPES
from .engine.writers.html import cell_id, section_id, stylesheet
from .forms import ACCEPTED, ReportUploadForm, compact_contract

# What a checked report can be downloaded as (the page offers these, in this order).
DOWNLOADS = {fmt: MEDIA_TYPES[fmt] for fmt in ("docx", "pdf", "xlsx")}
# What the file input offers to choose (the suffixes the upload form takes).
_ACCEPT = ",".join(ACCEPTED)


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


# The page's frame, and the parts written into it, each where the frame holds its name between
# two NULs (which neither the template, its translations nor the stylesheet hold).
TEMPLATE = "reports/check.html"
PARTS = ("result", "upload", "article")
_MARK = "\x00"


def page_html(parts: dict[str, str]) -> str:
    """The page: its frame with `parts` in place, escaped as the template would escape them
    (HTML marked safe goes in as it is); a page without a result is the upload form alone
    (the first visit, a file refused)."""
    frame = _frame(get_template(TEMPLATE).template, get_language(), "result" in parts)
    # The frame's pieces alternate: its own text, the name of a part, its own text, …
    return "".join(
        conditional_escape(parts[piece]) if n % 2 else piece for n, piece in enumerate(frame)
    )


# Per compiled template (Django compiles it anew when it reloads templates, in development) and
# per language (the frame's fixed texts are translated); bounded, should a configuration compile
# the template for every request.
@lru_cache(maxsize=16)
def _frame(template: Template, language: str, checked: bool) -> tuple[str, ...]:
    markers = {name: mark_safe(f"{_MARK}{name}{_MARK}") for name in PARTS}
    context = Context({"css": _css(), "checked": checked, **markers})
    return tuple(template.render(context).split(_MARK))


def csrf_input(token: str) -> SafeString:
    """The hidden field of a form that posts back, as the template tag csrf_token writes it."""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


def upload_html(form: ReportUploadForm, csrf: SafeString, read_error: str = "") -> SafeString:
    """The upload form, its errors and why a file could not be read. The input is written here,
    not by the form's widget, whose templates were a fifth of the page's own time for an input
    whose HTML never changes (a file input never shows a value)."""
    field = form["file"]
    errors = field.errors
    refused = (
        format_html(
            '<p class="read-error" role="alert">{}</p>',
            _("无法读取该文件：%(reason)s") % {"reason": read_error},
        )
        if read_error
        else ""
    )
    return format_html(
        '<section class="upload">\n'
        '<form method="post" enctype="multipart/form-data" action="{}">\n'
        "{}\n"
        '<label for="id_file">{}</label>\n'
        '<input type="file" name="file" id="id_file" accept="{}" required'
        ' aria-describedby="id_file_helptext"{}>\n'
        '<button type="submit">{}</button>\n'
        '<small id="id_file_helptext">{}</small>\n'
        "</form>\n{}\n{}\n</section>",
        _check_address(),
        csrf,
        field.label,
        _ACCEPT,
        mark_safe(' aria-invalid="true"') if errors else "",
        _("检查"),
        field.help_text,
        errors or "",
        refused,
    )


@cache
def _check_address() -> str:
    return reverse("reports:check")


def result_html(
    report: Report, findings: list[Finding], diagnostics: list[Diagnostic], csrf: SafeString
) -> SafeString:
    """The result beside the report: the verdict, what was read (edition, agency, year), the
    findings by rule, the reader's notes and the download buttons."""
    errors = sum(f.level == "error" for f in findings)
    warnings = sum(f.level == "warning" for f in findings)
    if errors:
        verdict = ngettext("发现 %(counter)s 处错误", "发现 %(counter)s 处错误", errors)
    elif warnings:
        verdict = ngettext(
            "未发现错误，有 %(counter)s 条提示", "未发现错误，有 %(counter)s 条提示", warnings
        )
    else:
        verdict = _("未发现问题")
    verdict %= {"counter": errors or warnings}
    year = format_html(" {}", _("%(year)s 年度") % {"year": report.year}) if report.year else ""
    groups = finding_rows(findings, report.edition)
    listed = (
        format_html(
            '<h2>{}</h2><ol class="findings">\n{}</ol>', _("检查结果"), findings_html(groups)
        )
        if groups
        else ""
    )
    notes = (
        format_html(
            '<h2>{}</h2><ul class="diagnostics">\n{}\n</ul>',
            _("读取说明"),
            format_html_join("", "<li>{}</li>", ((d,) for d in diagnostics)),
        )
        if diagnostics
        else ""
    )
    downloads = _downloads()
    return format_html(
        '<aside class="result">\n<p class="verdict{}" role="status">{}</p>\n<p>{}；{}{}</p>\n'
        "{}\n{}\n<h2>{}</h2>\n"
        '<form class="downloads" method="post" action="{}">{}'
        '<input type="hidden" name="report" value="{}">\n{}\n</form>\n</aside>',
        " has-errors" if errors else "",
        verdict,
        report.edition.name,
        report.agency or _("机关名称未识别"),
        year,
        listed,
        notes,
        _("下载"),
        downloads["action"],
        csrf,
        compact_contract(report),
        downloads["buttons"],
    )


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
def _downloads() -> dict[str, str]:
    """The download form's address (the first format's) and its buttons, one per format: the
    same for every request, written once (the template's loop over them cost about as much as
    the rest of the result beside the report)."""
    urls = [(fmt, reverse("reports:download", args=[fmt])) for fmt in DOWNLOADS]
    buttons = format_html_join(
        "", '<button type="submit" formaction="{}">{}</button> ', ((u, f.upper()) for f, u in urls)
    )
    return {"action": urls[0][1], "buttons": buttons}
