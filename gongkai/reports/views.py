"""The public report checker: upload a published report, see it checked, download it again.

The page answers in proportion to its upload: the report is in it once as the article (the
official layout, its cells anchored `#cell-N` so that each finding links to its cell), and once
more as the compact contract its download buttons post back (forms.compact_contract); the rest
of it is check_page's.
"""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.middleware.csrf import get_token
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .check_page import DOWNLOADS, csrf_input, page_html, result_html, upload_html
from .engine import ReadError, RenderError, check
from .engine import render as render_report
from .engine.readers.contract import read_json
from .engine.writers.html import report_article
from .forms import DownloadForm, ReportUploadForm
from .uploads import read_upload


@require_http_methods(["GET", "POST"])
def check_upload(request: HttpRequest) -> HttpResponse:
    form = ReportUploadForm(request.POST or None, request.FILES or None)
    # The page's two forms need the CSRF token, which is all the csrf context processor would
    # give them (get_token masks it afresh at each call: taken once).
    csrf = csrf_input(get_token(request))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = read_upload(upload.read(), upload.name)
        except ReadError as exc:
            return _page(upload=upload_html(form, csrf, read_error=str(exc)), status=422)
        report = result.report
        findings = check(report)
        return _page(
            result=result_html(report, findings, result.diagnostics, csrf),
            upload=upload_html(form, csrf),
            # Escaped by the writer; the anchors link the findings to their cells.
            article=mark_safe(report_article(report, findings, cell_ids=True)),
        )
    return _page(upload=upload_html(form, csrf))


def _page(status: int = 200, **parts: str) -> HttpResponse:
    """The checker page: its frame with its parts in place (check_page.page_html). It shows
    nothing of the user, the session or their messages, so the context processors that the
    staff pages need (the user, their roles, the staff menu) are not run for it."""
    return HttpResponse(page_html(parts), status=status)


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
