"""A file kept with an application (the information given, the applicant's proof), downloaded by
the staff who may read the application."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from gongkai.applications.models import ApplicationFile
from gongkai.applications.views.access import viewable_application_or_404
from gongkai.core.views import staff_view


@staff_view
@require_GET
def application_file(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    application = viewable_application_or_404(request, pk)
    stored = get_object_or_404(ApplicationFile, pk=file_pk, application=application)
    # Always a download, never shown inline: the content is whatever was uploaded.
    response = HttpResponse(bytes(stored.content), content_type=stored.media_type)
    response["Content-Disposition"] = content_disposition_header(True, stored.name)
    response["Content-Length"] = str(stored.size)
    response["X-Content-Type-Options"] = "nosniff"
    # Proofs of identity among them: kept by no cache, shared or the browser's.
    response["Cache-Control"] = "private, no-store"
    return response
