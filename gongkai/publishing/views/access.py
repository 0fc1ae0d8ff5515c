"""Who reaches which item page, built on the named predicates (``publishing.permissions``).

Another agency's item does not exist for its staff (404); the provincial office and platform
admins read, and are refused with a reason (403) where the page would change something.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from gongkai.agencies.models import HANDLING_ROLES, Agency
from gongkai.agencies.permissions import access_of, agencies_visible_to, can_work_in_agency
from gongkai.publishing import selectors
from gongkai.publishing.models import Item


def item_or_404(request: HttpRequest, pk: int) -> Item:
    item = selectors.item_for_page(request.user, pk)
    if item is None:
        raise Http404(_("未找到该信息"))
    return item


def require_work_on(request: HttpRequest, item: Item) -> None:
    if not can_work_in_agency(request.user, item.agency_id):
        raise PermissionDenied(_("您只能查看该信息，不能办理"))


def readable_agencies(request: HttpRequest) -> QuerySet[Agency]:
    agencies = agencies_visible_to(request.user).order_by("code")
    if not agencies.exists():
        raise PermissionDenied(_("您没有任何机关的政府信息公开工作权限"))
    return agencies


def drafting_agencies(request: HttpRequest) -> QuerySet[Agency]:
    """The agencies where the user drafts items (the rule of ``can_draft_items``)."""
    ids = access_of(request.user).agencies_where(*HANDLING_ROLES)
    agencies = Agency.objects.filter(pk__in=ids).order_by("code")
    if not ids:
        raise PermissionDenied(_("只有承办人或机关管理员可以起草公开信息"))
    return agencies


def chosen_agency(request: HttpRequest, agencies: QuerySet[Agency]) -> Agency:
    """``?agency=<code>`` among these agencies, else the first; another's code is a 404."""
    code = request.GET.get("agency")
    if code:
        return get_object_or_404(agencies, code=code)
    return agencies.first()
