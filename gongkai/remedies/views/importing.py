"""The import page of the register (upload a file, see every error or what was imported) and the
blank template. Nothing of a file with an error is kept; the page lists each error by its row
and column. The template is for whoever reads the register; the import, for its clerks."""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from gongkai.core.errors import DomainError
from gongkai.core.views import staff_view
from gongkai.documents.sizes import human_size
from gongkai.remedies.columns import COLUMNS
from gongkai.remedies.forms import ImportForm
from gongkai.remedies.services import cases_import
from gongkai.remedies.template import FORMATS, cases_template
from gongkai.remedies.views.access import agency_or_404, require_edit


@staff_view
@require_http_methods(["GET", "POST"])
def cases_import_page(request: HttpRequest, agency_code: str) -> HttpResponse:
    agency = agency_or_404(request, agency_code)
    require_edit(request, agency)
    # Bound on any POST, an empty one too (no file chosen): it says what is missing.
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    context: dict = {
        "agency": agency,
        "form": form,
        "columns": COLUMNS,
        "max_size": human_size(settings.GONGKAI_UPLOAD_MAX_BYTES),
    }
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = cases_import(
                    agency=agency, actor=request.user, content=upload.read(), filename=upload.name
                )
            except DomainError as error:
                form.add_error("file" if error.field == "file" else None, error.message)
            else:
                status = 200 if result.ok else 422
                context |= {"result": result, "filename": upload.name}
                if result.ok:
                    context["form"] = ImportForm()
    return render(request, "remedies/import.html", context, status=status)


@staff_view
@require_GET
def cases_template_download(request: HttpRequest, agency_code: str, fmt: str) -> HttpResponse:
    agency_or_404(request, agency_code)
    if fmt not in FORMATS:
        raise Http404(_("没有这种格式的模板"))
    response = HttpResponse(cases_template(fmt), content_type=FORMATS[fmt])
    name = f"{_('复议诉讼案件登记模板')}.{fmt}"
    response["Content-Disposition"] = (
        f"attachment; filename=\"remedies-template.{fmt}\"; filename*=UTF-8''{quote(name)}"
    )
    return response
