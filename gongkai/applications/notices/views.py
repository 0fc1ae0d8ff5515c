"""Downloads of issued notices: staff who may view the application, or the applicant who has
proven it (query code with phone or ID number) in this session. Anyone else gets 404, so that a
notice's existence is not revealed by its number.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from gongkai.applications.models import Notice
from gongkai.applications.notices.selectors import notices_for_applicant
from gongkai.applications.permissions import can_view_application
from gongkai.applications.views.access import APPLICANT_SESSION_KEY
from gongkai.reports.engine.writers import MEDIA_TYPES

# Set by the applicant lookup view once query code and phone/ID number matched
# (permissions.application_for_applicant): the ids of the applications proven in this session.
FORMATS = ("pdf", "docx")


def _download(notice: Notice, fmt: str) -> HttpResponse:
    content = bytes(notice.pdf if fmt == "pdf" else notice.docx)
    response = HttpResponse(content, content_type=MEDIA_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{notice.number} {notice.title}.{fmt}"
    )
    # Personal data: never kept by a shared cache or the browser's back button.
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def staff_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    notice = Notice.objects.select_related("application").filter(pk=pk).first()
    if notice is None or not can_view_application(request.user, notice.application):
        raise Http404
    return _download(notice, fmt)


def _proven_ids(request: HttpRequest) -> set[int]:
    raw = request.session.get(APPLICANT_SESSION_KEY) or []
    ids: set[int] = set()
    for value in raw if isinstance(raw, list | tuple | set) else []:
        try:
            ids.add(int(value))
        except (TypeError, ValueError):
            continue
    return ids


@require_GET
def applicant_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    notice = Notice.objects.select_related("application").filter(pk=pk).first()
    if notice is None or notice.application_id not in _proven_ids(request):
        raise Http404
    if not notices_for_applicant(notice.application).filter(pk=notice.pk).exists():
        raise Http404  # a letter to a third party is not the applicant's to fetch
    return _download(notice, fmt)
