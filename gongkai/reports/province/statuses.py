"""Every agency under a provincial office with the state of its report of a year: two queries.

The first reads the agencies (the office's and every one below it) with their report of the year,
if any, and whether they are on the platform; the second the latest published version of each
report of the year with the date of its first publication and its stored findings (the contract
only when the sums ask for it). The checker is not run here: a draft's findings are the gate now,
which the agency's own page runs (views.agency), so the list stays two queries however many
agencies there are.

Status (``Status``): 未编制 no report of the year; 编制中 a draft; 审核中 in the review chain;
已公开 / 逾期公开 published — on time or late against the Art. 49 deadline of the agency's kind
(``annual.deadlines``), measured by the first publication: a later correction does not make a
report late. A correction under way leaves the report published (its latest version stands).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, FilteredRelation, OuterRef, Q, Subquery, TextChoices
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency, agencies_below
from gongkai.reports.annual.deadlines import deadline_of, past_due
from gongkai.reports.annual.workflow import IN_REVIEW
from gongkai.reports.models import Origin, ReportState, ReportVersion
from gongkai.reports.province.offices import on_platform


class Status(TextChoices):
    MISSING = "missing", _("未编制")
    DRAFT = "draft", _("编制中")
    SUBMITTED = "submitted", _("审核中")
    PUBLISHED = "published", _("已公开")
    LATE = "late", _("逾期公开")


class Source(TextChoices):
    """Where an agency's figures in the province's sums come from."""

    PUBLISHED = "published", _("已公开报告")
    PROVISIONAL = "provisional", _("按记录统计（暂定）")
    NONE = "none", _("无数据")


@dataclass(frozen=True)
class AgencyYear:
    """One agency's report of the year, as the provincial list shows it."""

    pk: int
    code: str
    name: str
    report_kind: str
    level: str
    on_platform: bool
    report_id: int | None
    state: str
    origin: str
    version: int | None  # the latest published version's number
    version_id: int | None
    first_published_on: date | None
    latest_published_on: date | None
    errors: int  # of the latest version's stored findings
    warnings: int
    due: date | None  # the Art. 49 deadline; None where Art. 49 sets none (乡镇)
    status: Status

    @property
    def published(self) -> bool:
        return self.version is not None

    @property
    def correcting(self) -> bool:
        """A correction of the published report is under way (the draft of version n+1)."""
        return self.published and self.state != ReportState.PUBLISHED

    @property
    def overdue(self) -> bool:
        """Not published and past its deadline (today)."""
        return not self.published and self.due is not None and timezone.localdate() > self.due

    @property
    def uploaded(self) -> bool:
        return self.origin == Origin.UPLOADED

    @property
    def from_file(self) -> bool:
        """Published elsewhere and kept as a file (uploaded or imported): its cells are shown on
        its own page, not on the records' table pages."""
        return self.origin in (Origin.UPLOADED, Origin.IMPORTED)

    @property
    def source(self) -> Source:
        if self.published:
            return Source.PUBLISHED
        return Source.PROVISIONAL if self.on_platform else Source.NONE

    @property
    def status_label(self) -> str:
        return str(self.status.label)

    @property
    def origin_label(self) -> str:
        return str(Origin(self.origin).label) if self.origin else ""


def _status(state: str | None, first_on: date | None, due: date | None) -> Status:
    if first_on is not None:
        return Status.LATE if past_due(first_on, due) else Status.PUBLISHED
    if state is None:
        return Status.MISSING
    return Status.SUBMITTED if state in IN_REVIEW else Status.DRAFT


def latest_versions(
    office: Agency | int, year: int, *, contract: bool = False, only: int | None = None
):
    """The latest version of each report of the year under the office (one query), with the
    date its first version was published; ``contract`` reads the cells too (heavy); ``only``
    one agency's (its pk)."""
    office_id = office if isinstance(office, int) else office.pk
    newer = ReportVersion.objects.filter(report=OuterRef("report"), number__gt=OuterRef("number"))
    first = ReportVersion.objects.filter(report=OuterRef("report"), number=1)
    fields = ["pk", "report_id", "report__agency_id", "number", "published_on", "first_on"]
    fields += ["findings", "contract"] if contract else ["findings"]
    return (
        ReportVersion.objects.filter(
            report__year=year, report__agency_id__in=agencies_below(office_id)
        )
        .filter(~Exists(newer), **({"report__agency_id": only} if only else {}))
        .annotate(first_on=Subquery(first.values("published_on")[:1]))
        .order_by()
        .values(*fields)
    )


def _counts(findings: Iterable[dict]) -> tuple[int, int]:
    levels = [f.get("level") for f in findings or () if isinstance(f, dict)]
    return levels.count("error"), levels.count("warning")


def agency_years(
    office: Agency | int,
    year: int,
    *,
    versions: list[dict] | None = None,
    only: int | None = None,
) -> list[AgencyYear]:
    """Every agency under the office with its report of the year, by code (two queries; one
    when the versions are given, as read by ``latest_versions``); ``only`` one agency (its pk,
    which the caller has found under the office)."""
    office_id = office if isinstance(office, int) else office.pk
    agencies = Agency.objects.filter(pk=only) if only else Agency.objects.all()
    rows = (
        agencies.filter(pk__in=agencies_below(office_id))
        .annotate(
            yr=FilteredRelation("annual_reports", condition=Q(annual_reports__year=year)),
            staffed=on_platform(),
        )
        .order_by("code")
        .values(
            "pk",
            "code",
            "name",
            "report_kind",
            "level",
            "staffed",
            "yr__id",
            "yr__state",
            "yr__origin",
        )
    )
    if versions is None:
        versions = list(latest_versions(office_id, year, only=only))
    by_report = {v["report_id"]: v for v in versions}
    out = []
    for row in rows:
        version = by_report.get(row["yr__id"]) or {}
        deadline = deadline_of(report_kind=row["report_kind"], level=row["level"])
        due = deadline.due(year) if deadline else None
        first_on = version.get("first_on") or version.get("published_on")
        errors, warnings = _counts(version.get("findings") or ())
        out.append(
            AgencyYear(
                pk=row["pk"],
                code=row["code"],
                name=row["name"],
                report_kind=row["report_kind"],
                level=row["level"],
                on_platform=row["staffed"],
                report_id=row["yr__id"],
                state=row["yr__state"] or "",
                origin=row["yr__origin"] or "",
                version=version.get("number"),
                version_id=version.get("pk"),
                first_published_on=first_on,
                latest_published_on=version.get("published_on"),
                errors=errors,
                warnings=warnings,
                due=due,
                status=_status(row["yr__state"], first_on, due),
            )
        )
    return out
