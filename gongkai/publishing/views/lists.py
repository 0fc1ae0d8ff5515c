"""The staff's list of items of one agency: what is late or due soon, the user's drafts, what
waits for their step, then every item with filters, a page at a time.

Each list is one query (the waiting one and its events, two); the Art. 26 deadlines are
computed in Python over the rows shown, with one calendar for the whole page.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from gongkai.agencies.permissions import can_administer_agency
from gongkai.core.views import staff_view
from gongkai.publishing import selectors
from gongkai.publishing.forms import ItemFilterForm
from gongkai.publishing.permissions import can_draft_items
from gongkai.publishing.views.access import chosen_agency, readable_agencies
from gongkai.workdays.conf import convention_from_settings
from gongkai.workdays.services import calendar_current

PAGE_SIZE = 50


def page_clock() -> selectors.Clock:
    return selectors.Clock(
        today=timezone.localdate(),
        calendar=calendar_current(),
        convention=convention_from_settings(),
    )


@staff_view
@require_GET
def item_list(request: HttpRequest) -> HttpResponse:
    agencies = readable_agencies(request)
    agency = chosen_agency(request, agencies)
    clock = page_clock()
    items = selectors.staff_items(request.user).filter(agency=agency)
    form = ItemFilterForm(request.GET or None, agency=agency)
    shown = items.order_by("-pk")
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        shown = selectors.filtered(
            shown, state=data["state"], category=data["category"], year=data["year"]
        )
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "agency": agency,
        "agencies": agencies,
        "clock": clock,
        "due_soon_days": selectors.DUE_SOON_WORKING_DAYS,
        "late": selectors.late_and_due_soon(items, clock),
        "drafts": selectors.rows(selectors.my_drafts(items, request.user), clock),
        "waiting": selectors.waiting_for(items, request.user, agency, clock),
        "form": form,
        "page": page,
        "rows": selectors.rows(page.object_list, clock),
        "query": query.urlencode(),
        "reviews": selectors.reviews_in(request.user, agency),
        "can_draft": can_draft_items(request.user, agency.pk),
        "can_edit_catalogue": can_administer_agency(request.user, agency),
    }
    return render(request, "publishing/list.html", context)
