"""The 目录 (索引号、名称、内容概述、生成日期), whole or by category or year, a page at a time."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from gongkai.agencies.models import Agency
from gongkai.portal import selectors
from gongkai.portal.selectors import CategoryNode
from gongkai.portal.site import Crumb, crumbs_for, page
from gongkai.portal.views.common import agency_or_404

YEARS = range(1900, 10000)


def _year(value: str | None) -> int | None:
    # isascii: str.isdigit() is also true of "²", which int() refuses.
    if not value or not value.isascii() or not value.isdigit() or len(value) > 4:
        return None
    return int(value) if int(value) in YEARS else None


def _listing(
    request: HttpRequest,
    agency: Agency,
    *,
    nodes: list[CategoryNode],
    category: CategoryNode | None,
    year: int | None,
    heading: str,
    trail: list[Crumb],
) -> HttpResponse:
    items = selectors.catalogue_items(agency, category=category, year=year)
    listing = selectors.page_of(items, request.GET.get("page"))
    # The filters the page links keep from page to page (a path's own filter is in the path).
    kept = request.GET.copy()
    kept.pop("page", None)
    context = {
        "heading": heading,
        "listing": listing,
        "nodes": nodes,
        "category": category,
        "year": year,
        "years": selectors.publication_years(agency),
        "kept": kept.urlencode(),
        "filter_form": "category_code" not in request.resolver_match.kwargs
        and "year" not in request.resolver_match.kwargs,
    }
    crumbs = crumbs_for(agency, *trail)
    return page(request, "portal/catalogue.html", context, agency=agency, crumbs=crumbs)


def _catalogue_crumb(agency: Agency) -> Crumb:
    return Crumb(_("政府信息公开目录"), reverse("portal:catalogue", args=[agency.code]))


@require_safe
def catalogue(request: HttpRequest, agency_code: str) -> HttpResponse:
    agency = agency_or_404(agency_code)
    nodes = selectors.category_tree(agency, counts=False)
    category = selectors.find_category(nodes, request.GET.get("category", ""))
    return _listing(
        request,
        agency,
        nodes=nodes,
        category=category,
        year=_year(request.GET.get("year")),
        heading=_("政府信息公开目录"),
        trail=[_catalogue_crumb(agency)],
    )


@require_safe
def category_listing(request: HttpRequest, agency_code: str, category_code: str) -> HttpResponse:
    agency = agency_or_404(agency_code)
    nodes = selectors.category_tree(agency, counts=False)
    category = selectors.find_category(nodes, category_code)
    if category is None:
        raise Http404(category_code)
    return _listing(
        request,
        agency,
        nodes=nodes,
        category=category,
        year=None,
        heading=category.category.name,
        trail=[_catalogue_crumb(agency), Crumb(category.category.name)],
    )


@require_safe
def year_listing(request: HttpRequest, agency_code: str, year: int) -> HttpResponse:
    agency = agency_or_404(agency_code)
    if year not in YEARS:
        raise Http404(year)
    heading = _("%(year)s年公开的政府信息") % {"year": year}
    return _listing(
        request,
        agency,
        nodes=selectors.category_tree(agency, counts=False),
        category=None,
        year=year,
        heading=heading,
        trail=[_catalogue_crumb(agency), Crumb(heading)],
    )
