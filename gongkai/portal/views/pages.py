"""The platform's home, an agency's home and its guide (its annual reports: views.reports)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from gongkai.portal import guide as guide_data
from gongkai.portal import selectors
from gongkai.portal.site import Crumb, crumbs_for, page
from gongkai.portal.views.common import agency_or_404


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "agencies": selectors.agency_tree(),
        "latest": selectors.latest_items(),
    }
    return page(request, "portal/home.html", context, agency=None, crumbs=crumbs_for(None))


@require_safe
def agency_home(request: HttpRequest, agency_code: str) -> HttpResponse:
    agency = agency_or_404(agency_code)
    context = {
        "latest": selectors.latest_items(agency=agency),
        "categories": selectors.category_tree(agency),
        "years": selectors.publication_years(agency),
    }
    return page(request, "portal/agency.html", context, agency=agency, crumbs=crumbs_for(agency))


@require_safe
def guide(request: HttpRequest, agency_code: str) -> HttpResponse:
    agency = agency_or_404(agency_code)
    context = {
        "categories": selectors.category_tree(agency, counts=False),
        "office": guide_data.office_entries(agency),
        "letter": guide_data.letter_entries(agency),
    }
    crumbs = crumbs_for(agency, Crumb(_("政府信息公开指南")))
    return page(request, "portal/guide.html", context, agency=agency, crumbs=crumbs)
