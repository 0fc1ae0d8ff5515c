"""The staff download of a published version's files (reports.annual.files serves them)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from gongkai.core.views import staff_view
from gongkai.reports.annual.files import stored_version, version_download
from gongkai.reports.views_annual.access import readable_agency


@staff_view
@require_GET
def version_file(
    request: HttpRequest, agency_code: str, year: int, number: int, fmt: str
) -> HttpResponse:
    agency = readable_agency(request, agency_code)
    version = stored_version(agency.pk, year, number, fmt)
    if version is None:
        raise Http404(_("没有这个版本或格式"))
    return version_download(version, fmt)
