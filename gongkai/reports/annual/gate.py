"""Whether an annual report may go forward: the checker on the report as it will be published.

Refused while the checker finds an error (R1–R6), while R5 fails against last year's published
report (across the 2020→2021 change of edition too: table 三's columns are the same in both), or
while the narrative still holds a gap the draft left for the office (``PLACEHOLDER_OPEN``). Every
warning (S1–S4, and 内容雷同 against last year's text, S5) must be resolved or acknowledged with
a reason; an acknowledgement names the finding with what it expected and found, so a warning
that changes (the records moved) must be looked at again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from gongkai.reports.annual.narrative import PLACEHOLDER_OPEN
from gongkai.reports.engine import Finding, Report, check, compare
from gongkai.reports.engine.editions import SECTION_TITLES


def finding_id(finding: Finding) -> str:
    return "|".join((finding.rule, finding.subject, finding.expected, finding.found))


@dataclass(frozen=True)
class Gate:
    findings: tuple[Finding, ...]  # this report's, then those against last year's
    last_year: Report | None  # the published report R5 and S5 read, when there is one
    gaps: tuple[str, ...]  # the narrative sections still holding a gap to fill

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "warning"]

    def pending(self, acknowledgements: Mapping[str, str]) -> list[Finding]:
        """The warnings not acknowledged with a reason."""
        return [f for f in self.warnings if not acknowledgements.get(finding_id(f), "").strip()]

    def refusal(self, acknowledgements: Mapping[str, str]) -> str | None:
        """Why the report may not go forward, in the user's language; None when it may."""
        if self.errors:
            first = self.errors[0]
            return _("检查发现 %(n)d 处错误，须先改正（%(first)s）") % {
                "n": len(self.errors),
                "first": first,
            }
        if self.gaps:
            names = "、".join(f"{n}、{SECTION_TITLES[n]}" for n in self.gaps)
            return _("正文仍有待补充的内容：%(sections)s") % {"sections": names}
        if pending := self.pending(acknowledgements):
            return _("还有 %(n)d 条检查提示未说明理由（%(first)s）") % {
                "n": len(pending),
                "first": pending[0],
            }
        return None


def report_gate(report: Report, last_year: Report | None) -> Gate:
    findings = list(check(report))
    if last_year is not None:
        findings += compare(last_year, report)
    order = {"error": 0, "warning": 1}
    findings.sort(key=lambda f: (order[f.level], f.rule))
    gaps = tuple(n for n, text in report.sections.items() if PLACEHOLDER_OPEN in text)
    return Gate(findings=tuple(findings), last_year=last_year, gaps=gaps)
