"""The public report checker: upload a published report, see it checked, download it again."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from .engine import ReadError, RenderError, check, read_report
from .engine import render as render_report
from .engine.writers import MEDIA_TYPES
from .engine.writers.html import report_article, stylesheet
from .forms import ReportUploadForm

# What a checked report can be downloaded as (the page offers these, in this order).
DOWNLOADS = {fmt: MEDIA_TYPES[fmt] for fmt in ("docx", "pdf", "xlsx")}


@require_http_methods(["GET", "POST"])
def check_upload(request: HttpRequest) -> HttpResponse:
    form = ReportUploadForm(request.POST or None, request.FILES or None)
    context: dict = {"form": form, "downloads": DOWNLOADS}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = read_report(upload.read(), upload.name)
        except ReadError as exc:
            context["read_error"] = str(exc)
            return render(request, "reports/check.html", context, status=422)
        findings = check(result.report)
        context.update(
            report=result.report,
            findings=findings,
            errors=[f for f in findings if f.level == "error"],
            diagnostics=result.diagnostics,
            article=mark_safe(report_article(result.report, findings)),  # escaped by the writer
            report_json=render_report(result.report, "json").decode("utf-8"),
        )
    return render(request, "reports/check.html", {**context, "css": mark_safe(stylesheet())})


@require_POST
def download(request: HttpRequest, fmt: str) -> HttpResponse:
    """The checked report in another format; the page posts the report back as the cell contract."""
    if fmt not in DOWNLOADS:
        return HttpResponseBadRequest(f"不支持下载为 {fmt}")
    try:
        report = read_report(request.POST.get("report", "").encode("utf-8")).report
    except ReadError as exc:
        return HttpResponseBadRequest(f"报告数据无效：{exc}")
    try:
        data = render_report(report, fmt)
    except RenderError as exc:
        return HttpResponse(f"无法生成 {fmt.upper()}：{exc}", status=503)
    name = f"{report.agency}{report.year or ''}年政府信息公开工作年度报告.{fmt}"
    response = HttpResponse(data, content_type=DOWNLOADS[fmt])
    response["Content-Disposition"] = _attachment(name)
    return response


def _attachment(name: str) -> str:
    return (
        f"attachment; filename=\"report.{name.rsplit('.', 1)[-1]}\"; filename*=UTF-8''{quote(name)}"
    )
