"""``/search/?q=TERM`` with the filters (agency, category, year, issuer) and pages.

A query search cannot run is answered with its message beside the search box (status 200),
never an error page; an empty query shows the form.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from gongkai.portal import selectors
from gongkai.portal.site import Crumb, crumbs_for, page
from gongkai.search import index
from gongkai.search.errors import QueryError

MAX_QUERY_CHARS = 500  # what the box accepts; search itself says when a query is too long


@dataclass(frozen=True)
class FacetLink:
    label: str
    count: int
    url: str
    chosen: bool


def _number(value: str | None) -> int | None:
    # isascii: str.isdigit() is also true of "²", which int() refuses.
    ok = value and value.isascii() and value.isdigit() and len(value) < 10
    return int(value) if ok else None


def _link(params: QueryDict, **changes: str | None) -> str:
    """This search with ``changes`` (None removes a filter), from its first page."""
    query = params.copy()
    query.pop("page", None)
    for key, value in changes.items():
        query.pop(key, None)
        if value is not None:
            query[key] = value
    return "?" + query.urlencode()


def _with_agency_names(hits: list[index.Hit]) -> list[tuple[index.Hit, str]]:
    names = selectors.agency_names({hit.agency_code for hit in hits})
    return [(hit, names.get(hit.agency_code, "")) for hit in hits]


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    params = request.GET
    q = params.get("q", "").strip()[:MAX_QUERY_CHARS]
    agency = selectors.agency_by_code(params.get("agency", "")) if params.get("agency") else None
    categories = selectors.category_tree(agency, counts=False) if agency else []
    category_id = _number(params.get("category")) if agency else None
    if category_id not in {node.category.pk for node in selectors.walk(categories)}:
        category_id = None
    year = _number(params.get("year"))
    issuer = params.get("issuer", "").strip() or None
    chosen = next((n for n in selectors.walk(categories) if n.category.pk == category_id), None)
    filters = {
        "agency_id": agency.pk if agency else None,
        # The category with those below it, as the catalogue lists it.
        "category_id": tuple(n.category.pk for n in selectors.walk([chosen])) if chosen else None,
        "year": year,
        "issuer": issuer,
    }
    context: dict[str, object] = {
        "q": q,
        "search_agency": agency,
        "categories": categories,
        "category_id": category_id,
        "year": year,
        "issuer": issuer,
        "results": None,
        "error": "",
    }
    if q:
        try:
            results = index.search(q, page=_number(params.get("page")) or 1, **filters)
            counted = index.facets(q, **filters)
        except QueryError as refusal:
            context["error"] = refusal.message
        else:
            context.update(
                results=results,
                hits=_with_agency_names(results.hits),
                year_links=[
                    FacetLink(str(y), n, _link(params, year=str(y)), y == year)
                    for y, n in counted.years
                ],
                issuer_links=[
                    FacetLink(name, n, _link(params, issuer=name), name == issuer)
                    for name, n in counted.issuers
                ],
                clear_year=_link(params, year=None),
                clear_issuer=_link(params, issuer=None),
                clear_agency=_link(params, agency=None, category=None),
                kept=_link(params)[1:],
            )
    crumbs = crumbs_for(None, Crumb(_("搜索")))
    return page(request, "portal/search.html", context, agency=None, crumbs=crumbs)
