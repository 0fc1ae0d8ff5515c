"""Reports published outside the platform: an agency's earlier years (imported by its office, so
that R5 and the year-over-year charts work from its first year here), and the reports of agencies
not on the platform (uploaded by the provincial office, checked and included in its year).

Any format the engine reads. The file is kept as it was published, beside the report read from
it in the cell contract and the checker's findings; it is published already, so it takes no
review step. Nothing is written when the file cannot be read or does not fit.
"""

from __future__ import annotations

import hashlib
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.core.errors import DomainError
from gongkai.core.generations import PUBLIC_PAGES, bump_generation
from gongkai.core.stored_files import extension_of
from gongkai.reports.annual.gate import report_gate
from gongkai.reports.annual.permissions import can_compile_reports, can_upload_for
from gongkai.reports.annual.records import platform_since
from gongkai.reports.annual.services import record
from gongkai.reports.annual.snapshot import published_report, rendering_of, store_report_file
from gongkai.reports.compute.years import report_year_problem
from gongkai.reports.engine import ReadError
from gongkai.reports.engine.editions import edition_for_year
from gongkai.reports.engine.writers import MEDIA_TYPES
from gongkai.reports.models import (
    AnnualReport,
    Origin,
    ReportEventKind,
    ReportState,
    ReportVersion,
)
from gongkai.reports.uploads import read_upload

# A published report is a few hundred KB at most as a PDF; anything far larger is not one.
MAX_FILE_BYTES = 20 * 1024 * 1024
_KINDS = {Origin.IMPORTED: ReportEventKind.IMPORT, Origin.UPLOADED: ReportEventKind.UPLOAD}


def annual_report_import(
    *,
    agency: Agency,
    data: bytes,
    filename: str,
    published_on: date,
    actor: AbstractBaseUser,
    year: int | None = None,
    origin: str = Origin.IMPORTED,
) -> AnnualReport:
    """Keep a report published elsewhere as the agency's published report of its year."""
    _may_import(actor, agency, origin)
    if len(data) > MAX_FILE_BYTES:
        raise DomainError(
            _("文件超过 %(mb)d MB，不像是一份年度报告") % {"mb": MAX_FILE_BYTES // 2**20},
            field="file",
        )
    try:
        result = read_upload(data, filename)
    except ReadError as error:
        raise DomainError(_("无法读取报告：%(error)s") % {"error": error}, field="file") from None
    report = result.report
    year = _year(year, report.year)
    if report.mixed and report.edition.base is edition_for_year(year):
        # The checker reads and checks it as it is (engine.model.MixedEdition), but the platform
        # keeps every report in the cells of the edition in force, and one （六） row cannot be
        # split into three (nor three be summed into one without changing what was published).
        raise DomainError(
            _(
                "%(year)d 年度报告表三第（六）项应按%(edition)s的行填写，文件按 %(rows_of)s "
                "年版填写，平台无法按法定格式保存，不能导入；报告检查页可按表中实有的行检查它"
            )
            % {
                "year": year,
                "edition": edition_for_year(year).name,
                "rows_of": report.edition.other_rows_of,
            },
            field="file",
        )
    if report.edition is not edition_for_year(year):
        raise DomainError(
            _("%(year)d 年度报告应采用%(edition)s，文件采用的是%(found)s")
            % {"year": year, "edition": edition_for_year(year).name, "found": report.edition.name},
            field="file",
        )
    _published_on_problem(published_on, year)
    if origin == Origin.IMPORTED:
        _before_the_platform(agency, year)
    report.year = year
    report.agency = report.agency or agency.name
    gate = report_gate(report, published_report(agency.pk, year - 1))
    rendering = rendering_of(report, gate.findings, formats=("html",))
    with transaction.atomic():
        # Stored inside the transaction (gongkai.core.stored_files) but before the lock.
        stored = rendering.store()
        source_file = store_report_file(data, extension_of(filename))
        if AnnualReport.objects.select_for_update().filter(agency=agency, year=year).exists():
            raise DomainError(
                _("%(agency)s已有 %(year)d 年度报告") % {"agency": agency, "year": year},
                field="year",
            )
        annual = AnnualReport.objects.create(
            agency=agency,
            year=year,
            origin=origin,
            state=ReportState.PUBLISHED,
            sections=dict(report.sections),
        )
        ReportVersion.objects.create(
            report=annual,
            number=1,
            published_on=published_on,
            published_by=actor,
            edition=report.edition.key,
            contract=rendering.contract,
            findings=rendering.findings,
            text=rendering.text,
            sha256={**rendering.sha256, "source": _sha256(data)},
            source_name=filename[:200],
            source_media_type=MEDIA_TYPES[result.format],
            source_file=source_file,
            **stored,
        )
        record(
            annual,
            _KINDS[Origin(origin)],
            actor,
            data={"file": filename, "format": result.format, "findings": len(gate.findings)},
        )
        bump_generation(PUBLIC_PAGES)
    return annual


def _may_import(actor: AbstractBaseUser, agency: Agency, origin: str) -> None:
    if origin == Origin.IMPORTED and not can_compile_reports(actor, agency):
        raise DomainError(_("只有本机关的承办人可以导入往年报告"))
    if origin == Origin.UPLOADED and not can_upload_for(actor, agency):
        raise DomainError(_("只有上级省级公开办可以为未使用平台的机关上传报告"), field="agency")
    if origin not in _KINDS:
        raise DomainError(_("未知的报告来源“%(origin)s”") % {"origin": origin}, field="origin")


def _before_the_platform(agency: Agency, year: int) -> None:
    """An import is a report the platform could not have compiled: of a year before the agency's
    work was on it. Later years go through the review chain (four eyes, confidentiality)."""
    since = platform_since(agency)
    if since is not None and year >= since:
        raise DomainError(
            _(
                "本机关自 %(since)d 年起在平台上办理，%(year)d 年度报告应在平台上编制、"
                "审核后公开，不能导入"
            )
            % {"since": since, "year": year},
            field="year",
        )


def _year(given: int | None, read: int | None) -> int:
    year = given or read
    if year is None:
        raise DomainError(_("无法从文件中读出报告年度，请填写报告年度"), field="year")
    if given and read and given != read:
        raise DomainError(
            _("填写的报告年度为 %(given)d，文件中是 %(read)d 年度报告")
            % {"given": given, "read": read},
            field="year",
        )
    if problem := report_year_problem(year):
        raise DomainError(problem, field="year")
    return year


def _published_on_problem(published_on: date, year: int) -> None:
    if published_on > timezone.localdate():
        raise DomainError(_("公开日期不能晚于今天"), field="published_on")
    if published_on < date(year + 1, 1, 1):
        raise DomainError(
            _("%(year)d 年度报告的公开日期应在 %(next)d 年 1 月 1 日或以后")
            % {"year": year, "next": year + 1},
            field="published_on",
        )


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
