"""Freezing a published version, and reading one back.

A version holds the report in the engine's cell contract (JSON) — what R5 next year, the
year-over-year charts and the provincial sums read — and the files people download, each with its
SHA-256. The files are rendered here, before the publishing transaction takes its lock (heavy
rendering stays outside row locks); the transaction then checks that nothing moved meanwhile.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from gongkai.agencies.models import Agency
from gongkai.core.stored_files import stored_put
from gongkai.reports.engine import Chart, Finding, Report, render
from gongkai.reports.engine.readers.contract import read_json
from gongkai.reports.models import FILE_FIELDS, AnnualReport, ReportVersion

# The formats a published version keeps (text: what the search and a diff read).
RENDERED = ("html", "docx", "pdf")


@dataclass(frozen=True)
class Rendering:
    contract: str
    text: str
    files: dict[str, bytes]
    findings: list[dict]

    @property
    def sha256(self) -> dict[str, str]:
        parts = {**self.files, "contract": self.contract.encode(), "txt": self.text.encode()}
        return {fmt: hashlib.sha256(data).hexdigest() for fmt, data in parts.items()}

    def store(self) -> dict[str, str]:
        """Put the files into the storage (inside the version's transaction, before its row is
        saved and before the lock: an upload to S3 takes time); the version's file fields → the
        stored names."""
        return {FILE_FIELDS[fmt]: store_report_file(data, fmt) for fmt, data in self.files.items()}


def store_report_file(data: bytes, extension: str) -> str:
    return stored_put("reports", data, extension=extension)


def finding_record(finding: Finding) -> dict:
    return {
        "rule": finding.rule,
        "level": finding.level,
        "subject": finding.subject,
        "message": finding.message,
        "expected": finding.expected,
        "found": finding.found,
    }


def rendering_of(
    report: Report,
    findings: Sequence[Finding],
    *,
    formats: Sequence[str] = RENDERED,
    charts: Sequence[Chart] = (),
) -> Rendering:
    """Every stored form of the report; RenderError (never an empty file) when one fails."""
    files = {fmt: render(report, fmt, charts=charts) for fmt in formats}
    return Rendering(
        contract=render(report, "json").decode("utf-8"),
        text=render(report, "txt").decode("utf-8"),
        files=files,
        findings=[finding_record(f) for f in findings],
    )


def report_of(version: ReportVersion) -> Report:
    """The published report as it was frozen."""
    return read_json(version.contract.encode("utf-8"))


def latest_version(report: AnnualReport) -> ReportVersion | None:
    return report.versions.order_by("-number").first()


def published_report(agency: Agency | int, year: int) -> Report | None:
    """The agency's published report of the year, its latest version; None when none is."""
    version = (
        ReportVersion.objects.filter(report__agency=agency, report__year=year)
        .order_by("-number")
        .only("contract")
        .first()
    )
    return report_of(version) if version else None
