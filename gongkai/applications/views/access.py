"""View-level access helpers, built only on the named predicates of the permissions modules.

Applicants have no account: a successful lookup (query code plus phone or ID number) or a
submission from this browser puts the application's id in the session under
``APPLICANT_SESSION_KEY``; the status page and the notices' and files' downloads trust that list
alone, and signing out (``forget_applicant``) empties it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import agencies_visible_to
from gongkai.applications.models import Application, State
from gongkai.applications.permissions import (
    agencies_registering_for,
    can_view_application,
    can_work_on_application,
)

APPLICANT_SESSION_KEY = "applicant_application_ids"
# The application this browser submitted last, for the page that shows its query code.
LAST_SUBMITTED_KEY = "applications_last_submitted"

# What the applicant sees of the state: the review steps inside the agency are one "办理中".
PUBLIC_STATE_LABELS = {
    State.SUBMITTED: "已提交，待机关确认收到",
    State.REGISTERED: "已收到，办理中",
    State.CORRECTION: "待补正（请按补正告知书补充材料）",
    State.ASSIGNED: "办理中",
    State.CONSULTING: "办理中（征求第三方或其他机关意见，所需时间不计入答复期限）",
    State.AWAITING_FEE: "待缴纳信息处理费",
    State.DRAFTED: "办理中",
    State.HEAD_REVIEWED: "办理中",
    State.LEADER_APPROVED: "办理中",
    State.CLEARED: "办理中",
    State.SERVED: "已答复",
    State.CLOSED: "已办结",
}


def remember_for_applicant(request: HttpRequest, application: Application) -> None:
    ids = list(request.session.get(APPLICANT_SESSION_KEY, []))
    if application.pk not in ids:
        ids.append(application.pk)
        request.session[APPLICANT_SESSION_KEY] = ids


def forget_applicant(request: HttpRequest) -> bool:
    """Sign out on a shared computer: this browser no longer opens any application, nor shows
    the query code of the one it submitted. True if there was anything to forget."""
    had = any(key in request.session for key in (APPLICANT_SESSION_KEY, LAST_SUBMITTED_KEY))
    request.session.pop(APPLICANT_SESSION_KEY, None)
    request.session.pop(LAST_SUBMITTED_KEY, None)
    if had:
        request.session.cycle_key()  # the old session id, if copied, opens nothing either
    return had


def applicant_application_or_404(request: HttpRequest, pk: int) -> Application:
    """The application if this browser's applicant opened it; else 404 (its existence hidden)."""
    if pk not in request.session.get(APPLICANT_SESSION_KEY, []):
        raise Http404("未找到该申请")
    return get_object_or_404(Application, pk=pk)


def viewable_application_or_404(request: HttpRequest, pk: int) -> Application:
    """Staff and the provincial office: another agency's application does not exist for them."""
    application = get_object_or_404(Application.objects.select_related("agency"), pk=pk)
    if not can_view_application(request.user, application):
        raise Http404("未找到该申请")
    return application


def require_work_on(request: HttpRequest, application: Application) -> None:
    """The provincial office and platform admins read; acting needs a staff role in the agency."""
    if not can_work_on_application(request.user, application):
        raise PermissionDenied("您只能查看该申请，不能办理")


def readable_agencies(request: HttpRequest) -> QuerySet[Agency]:
    agencies = agencies_visible_to(request.user)
    if not agencies.exists():
        raise PermissionDenied("您没有任何机关的政府信息公开工作权限")
    return agencies


def registering_agencies(request: HttpRequest) -> QuerySet[Agency]:
    """Agencies where the user may register applications (the service's own rule: clerk, admin)."""
    agencies = agencies_registering_for(request.user)
    if not agencies.exists():
        raise PermissionDenied("只有承办人或机关管理员可以登记申请")
    return agencies


def chosen_agency(request: HttpRequest, agencies: QuerySet[Agency]) -> Agency:
    """``?agency=<code>`` among the user's agencies, else the first; another's code is a 404."""
    code = request.GET.get("agency")
    if code:
        return get_object_or_404(agencies, code=code)
    return agencies.first()
