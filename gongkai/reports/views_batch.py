"""The public checker for many reports at once: upload a ZIP, see one row per report, download
the summary as XLSX (the same workbook as ``gongkai report check --summary OUT.xlsx``).

The reports are checked in this process, one after the other, within the archive's limits
(forms_batch.py). The workbook is kept in the cache for a while under a random token, so that
the page can offer it without carrying it (or the reports) in the page itself.
"""

from __future__ import annotations

import secrets
import time
from urllib.parse import quote

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.core.throttle import Throttle, client_address

from .engine.batch.archive import (
    COMPRESSED,
    MEMBERS,
    UNPACKED,
    Archive,
    ArchiveError,
    ArchiveLimitError,
    member_name,
)
from .engine.batch.result import Checked, check_source
from .engine.batch.sources import Source
from .engine.batch.summary import summary_xlsx
from .engine.writers import MEDIA_TYPES
from .forms_batch import ReportArchiveForm, limit_message
from .uploads import read_upload

TEMPLATE = "reports/check_batch.html"
SUMMARY_SECONDS = 30 * 60
_CACHE_KEY = "reports:batch-summary:{token}"
_TOKEN_BYTES = 18
FIRST_FINDINGS = 3
# A form refused for one of these answers 413 (too large), for anything else 400.
LIMITS = (MEMBERS, COMPRESSED, UNPACKED)
# An archive holds a web worker while its reports are checked (up to MAX_MEMBERS of them): one
# address may have this many checked an hour. A province's whole year goes to the command line
# (gongkai report check DIR --summary), which has no such limit.
ARCHIVE_THROTTLE = Throttle("check-batch", limit=20, window_seconds=60 * 60)
# Reports are started within this many seconds of the first; the rest are rows saying so. The
# page must answer before gunicorn ends the worker (GONGKAI_WORKER_TIMEOUT, 60 s by default),
# and one report may still take its reader's own limit (20 s) after the last start.
CHECKING_SECONDS = 30


def verdicts() -> dict[str, str]:
    return {
        "clean": _("未发现问题"),
        "warnings": _("有警告"),
        "errors": _("有错误"),
        "unreadable": _("无法读取"),
    }


@require_http_methods(["GET", "POST"])
def check_batch(request: HttpRequest) -> HttpResponse:
    if request.method == "GET" and "summary" in request.GET:
        return _summary_download(request.GET["summary"])
    # Bound on any POST, an empty one too (no file chosen): it says what is missing.
    posted = (request.POST, request.FILES) if request.method == "POST" else ()
    form = ReportArchiveForm(*posted)
    context: dict = {"form": form}
    if request.method != "POST":
        return render(request, TEMPLATE, context)
    if not form.is_valid():
        limit = any(e.code in LIMITS for e in _errors(form))
        return render(request, TEMPLATE, context, status=413 if limit else 400)
    if ARCHIVE_THROTTLE.reserve(f"ip:{client_address(request)}") is None:
        context["refused"] = _(
            "来自本网络的压缩包检查过于频繁，请一小时后再试；"
            "大量报告请使用命令行 gongkai report check。"
        )
        return render(request, TEMPLATE, context, status=429)
    with form.cleaned_data["archive"] as archive:
        try:
            sources = _sources(archive)
        except ArchiveLimitError as exc:
            context["refused"] = limit_message(exc)
            return render(request, TEMPLATE, context, status=413)
    results = _checked(sources)
    token = secrets.token_urlsafe(_TOKEN_BYTES)
    cache.set(_CACHE_KEY.format(token=token), summary_xlsx(results), SUMMARY_SECONDS)
    context.update(rows=[_row(item) for item in results], token=token, totals=_totals(results))
    return render(request, TEMPLATE, context)


def _checked(sources: list[Source]) -> list[Checked]:
    deadline = time.monotonic() + CHECKING_SECONDS
    results = []
    for source in sources:
        if time.monotonic() < deadline:
            results.append(check_source(source, with_cells=True, read=read_upload))
        else:
            reason = _("未检查：本次上传的检查时间已用完（%(seconds)d 秒），请分批上传或使用命令行")
            results.append(Checked(source.name, reason=reason % {"seconds": CHECKING_SECONDS}))
    return results


def _errors(form: ReportArchiveForm) -> list:
    data = form.errors.as_data()
    return [error for errors in data.values() for error in errors]


def _sources(archive: Archive) -> list[Source]:
    """Every member inflated, within the limits; a member that cannot be, a row with its reason.
    Passing a limit while inflating refuses the whole archive (ArchiveLimitError)."""
    sources = []
    for info in archive.members:
        name = member_name(info)
        try:
            sources.append(Source(name, data=archive.read(info)))
        except ArchiveLimitError:
            raise
        except ArchiveError as exc:
            sources.append(Source(name, problem=str(exc)))
    return sources


def _row(item: Checked) -> dict:
    return {
        "item": item,
        "verdict": verdicts()[item.verdict],
        "first": item.findings[:FIRST_FINDINGS],
        "more": max(0, len(item.findings) - FIRST_FINDINGS),
    }


def _totals(results: list[Checked]) -> list[tuple[str, str, int]]:
    labels = verdicts()
    counts = {key: sum(1 for r in results if r.verdict == key) for key in labels}
    return [(key, labels[key], counts[key]) for key in labels if counts[key]]


def _summary_download(token: str) -> HttpResponse:
    data = cache.get(_CACHE_KEY.format(token=token)) if token.isascii() else None
    if data is None:
        return HttpResponse(
            _("汇总已过期或不存在，请重新上传压缩包"),
            status=404,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(data, content_type=MEDIA_TYPES["xlsx"])
    name = _("年度报告检查汇总") + ".xlsx"
    response["Content-Disposition"] = (
        f"attachment; filename=\"summary.xlsx\"; filename*=UTF-8''{quote(name)}"
    )
    return response
