"""The staff upload page: choose an agency and a file, see every error or what was imported.

Nothing is kept of a file with an error (the page lists them by row and column), and a file
that checks clean is imported whole; the page then says how many, open and closed.
"""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from gongkai.agencies.models import Agency
from gongkai.applications.ledger.columns import COLUMNS, choice_hint
from gongkai.applications.ledger.forms import LedgerImportForm
from gongkai.applications.ledger.service import can_import_ledger, ledger_import
from gongkai.applications.ledger.template import FILENAME, FORMATS, ledger_template
from gongkai.applications.permissions import agencies_registering_for
from gongkai.core.errors import DomainError
from gongkai.documents.sizes import human_size

# The page lists at most this many imported applications; the count says how many there were.
_SHOWN = 200


def importable_agencies(user) -> QuerySet[Agency]:
    """The agencies whose ledger the user may import: where they are clerk or admin."""
    return agencies_registering_for(user)


@login_required
@require_http_methods(["GET", "POST"])
def ledger_import_page(request: HttpRequest) -> HttpResponse:
    agencies = importable_agencies(request.user)
    chosen = Agency.objects.filter(code=request.POST.get("agency") or "").first()
    if chosen is not None and not can_import_ledger(request.user, chosen):
        raise PermissionDenied(f"您不是{chosen.name}的承办人或机关管理员，不能导入台账")
    if not agencies.exists():
        raise PermissionDenied("只有机关的承办人或机关管理员可以导入台账")
    # Bound on any POST, an empty one too (no file chosen): it says what is missing.
    posted = (request.POST, request.FILES) if request.method == "POST" else ()
    form = LedgerImportForm(*posted, agencies=agencies)
    context = {"form": form, "columns": _column_help(), "formats": FORMATS}
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = ledger_import(
                    agency=form.cleaned_data["agency"],
                    actor=request.user,
                    content=upload.read(),
                    filename=upload.name,
                    dry_run=form.cleaned_data["dry_run"],
                    submission_key=form.cleaned_data["submission_key"] or None,
                )
            except DomainError as error:
                form.add_error("file" if error.field == "file" else None, error.message)
            else:
                status = 200 if result.ok else 422
                context |= {
                    "result": result,
                    "agency": form.cleaned_data["agency"],
                    "filename": upload.name,
                    "shown": result.applications[:_SHOWN],
                }
                if result.imported:
                    # A new form, with a new key: the next file is a new import, not a repeat.
                    form = LedgerImportForm(
                        initial={"agency": form.cleaned_data["agency"]}, agencies=agencies
                    )
                    context["form"] = form
    context["max_size"] = human_size(settings.GONGKAI_UPLOAD_MAX_BYTES)
    return render(request, "ledger/import.html", context, status=status)


def _column_help() -> list[dict[str, str]]:
    return [
        {
            "header": c.header,
            "required": "必填" if c.required else "选填",
            "hint": "；".join(
                x for x in (c.hint, choice_hint(c) and f"可填：{choice_hint(c)}") if x
            ),
        }
        for c in COLUMNS
    ]


@login_required
@require_GET
def ledger_template_download(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("没有这种格式的模板")
    response = HttpResponse(ledger_template(fmt), content_type=FORMATS[fmt])
    name = f"{FILENAME}.{fmt}"
    response["Content-Disposition"] = (
        f"attachment; filename=\"ledger-template.{fmt}\"; filename*=UTF-8''{quote(name)}"
    )
    return response
