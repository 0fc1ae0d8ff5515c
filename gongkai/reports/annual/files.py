"""The files of a published version, as they were frozen: HTML, DOCX, PDF, and for a report
imported or uploaded the file as it was published elsewhere (``source``).

Served byte for byte with the media type of the format, always as a download (a Chinese file
name in ``filename*``, an ASCII one for old clients), never run by the browser. The staff pages
and the portal both serve them through ``version_download``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.reports.engine.writers import MEDIA_TYPES
from gongkai.reports.models import ReportVersion

# The columns of a version left unread where only its facts are shown (its files are in the
# storage, only their names in the row).
HEAVY = ("contract", "text")
# The downloads a version may have, in the order pages list them.
FILE_FORMATS = ("html", "docx", "pdf", "source")


def format_label(fmt: str) -> str:
    return {
        "html": _("网页（HTML）"),
        "docx": _("Word（DOCX）"),
        "pdf": "PDF",
        "source": _("原文件"),
    }[fmt]


@dataclass(frozen=True)
class Download:
    fmt: str
    label: str
    url: str
    sha256: str


def formats_of(version: ReportVersion) -> list[str]:
    """The formats the version holds (read from its digests: the files themselves stay unread)."""
    return [fmt for fmt in FILE_FORMATS if version.sha256.get(fmt)]


def downloads(version: ReportVersion, url_name: str, agency_code: str, year: int) -> list[Download]:
    return [
        Download(
            fmt=fmt,
            label=format_label(fmt),
            url=reverse(url_name, args=[agency_code, year, version.number, fmt]),
            sha256=version.sha256[fmt],
        )
        for fmt in formats_of(version)
    ]


def stored_version(agency_id: int, year: int, number: int, fmt: str) -> ReportVersion | None:
    """The version, its heavy columns unread (the file asked for is read from the storage)."""
    if fmt not in FILE_FORMATS:
        return None
    return (
        ReportVersion.objects.select_related("report__agency")
        .defer(*HEAVY)
        .filter(report__agency_id=agency_id, report__year=year, number=number)
        .first()
    )


def file_name(version: ReportVersion, fmt: str) -> str:
    report = version.report
    if fmt == "source" and version.source_name:
        return version.source_name
    suffix = "bin" if fmt == "source" else fmt
    name = _("%(agency)s%(year)d年政府信息公开工作年度报告（第%(number)d版）") % {
        "agency": report.agency.name,
        "year": report.year,
        "number": version.number,
    }
    return f"{name}.{suffix}"


def attachment_header(name: str, fallback: str) -> str:
    """``attachment`` with an ASCII ``filename`` and the real name in ``filename*`` (RFC 5987)."""
    ascii_name = re.sub(r"[^A-Za-z0-9._-]", "_", fallback) or "report"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def version_download(version: ReportVersion, fmt: str) -> HttpResponse:
    """The frozen bytes of one format; a 404 when the version does not hold it."""
    data = version.file(fmt) if fmt in FILE_FORMATS else b""
    if not data:
        raise Http404(fmt)
    if fmt == "source":
        media_type = version.source_media_type or "application/octet-stream"
    else:
        media_type = MEDIA_TYPES[fmt]
    name = file_name(version, fmt)
    extension = name.rpartition(".")[2] if "." in name else "bin"
    report = version.report
    fallback = f"report-{report.year}-v{version.number}.{extension}"
    response = HttpResponse(data, content_type=media_type)
    response["Content-Disposition"] = attachment_header(name, fallback)
    response["Content-Length"] = str(len(data))
    response["X-Content-Type-Options"] = "nosniff"
    # Opened by mistake in the browser, the file runs nothing and reaches nothing of the site.
    response["Content-Security-Policy"] = "sandbox"
    return response
