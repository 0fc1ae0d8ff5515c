"""An item's page (its current version, or an earlier one) and the download of its files.

A withdrawn item keeps its page, which says so, when and why, and shows nothing else of it; a
draft that was never published does not exist here. Files are those of the current version of
a public item only, always downloaded, never shown inline.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from gongkai.agencies.models import Agency
from gongkai.portal import selectors
from gongkai.portal.site import Crumb, crumbs_for, page
from gongkai.portal.views.common import agency_or_404
from gongkai.publishing.models import Item


def _published_or_404(agency: Agency, pk: int) -> Item:
    item = selectors.published_item(agency, pk)
    if item is None:
        raise Http404(pk)
    return item


def _crumbs(agency: Agency, title: str) -> list[Crumb]:
    catalogue = Crumb(_("政府信息公开目录"), reverse("portal:catalogue", args=[agency.code]))
    return crumbs_for(agency, catalogue, Crumb(title))


def _withdrawn(request: HttpRequest, agency: Agency, item: Item) -> HttpResponse:
    title = item.current_version.title
    context = {"item": item, "title": title}
    return page(
        request, "portal/withdrawn.html", context, agency=agency, crumbs=_crumbs(agency, title)
    )


@require_safe
def item(request: HttpRequest, agency_code: str, pk: int) -> HttpResponse:
    agency = agency_or_404(agency_code)
    found = _published_or_404(agency, pk)
    if found.withdrawn_on is not None:
        return _withdrawn(request, agency, found)
    shown = selectors.item_page(found)
    context = {"shown": shown, "current": True}
    crumbs = _crumbs(agency, shown.version.title)
    return page(request, "portal/item.html", context, agency=agency, crumbs=crumbs)


@require_safe
def item_version(request: HttpRequest, agency_code: str, pk: int, number: int) -> HttpResponse:
    agency = agency_or_404(agency_code)
    found = _published_or_404(agency, pk)
    if found.withdrawn_on is not None:
        return _withdrawn(request, agency, found)
    if number == found.current_version.number:
        return redirect("portal:item", agency_code=agency.code, pk=found.pk)
    version = selectors.item_version(found, number)
    if version is None:
        raise Http404(number)
    shown = selectors.item_page(found, version)
    context = {"shown": shown, "current": False}
    crumbs = _crumbs(agency, shown.version.title)
    return page(request, "portal/item.html", context, agency=agency, crumbs=crumbs)


def content_disposition(name: str) -> str:
    """``attachment`` with an ASCII ``filename`` for old clients and the real name in
    ``filename*`` (RFC 5987, UTF-8)."""
    fallback = re.sub(r"[^A-Za-z0-9._ -]", "_", name).strip() or "download"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


@require_safe
def item_file(request: HttpRequest, agency_code: str, pk: int, attachment_pk: int) -> HttpResponse:
    agency = agency_or_404(agency_code)
    attachment = selectors.current_attachment(_published_or_404(agency, pk), attachment_pk)
    if attachment is None:
        raise Http404(attachment_pk)
    response = HttpResponse(bytes(attachment.content), content_type=attachment.media_type)
    response["Content-Disposition"] = content_disposition(attachment.name)
    response["Content-Length"] = str(attachment.size)
    response["X-Content-Type-Options"] = "nosniff"
    # Opened by mistake in the browser, the file runs nothing and reaches nothing of the site.
    response["Content-Security-Policy"] = "sandbox"
    return response
