"""One application for staff: everything about it, and a form for each step the user can take.

The page reads the application with everything the rules and the field list ask of it, its
events once (the rules of every step read the same list), and the user's roles once (their
``Access``): its number of queries does not grow with the user's memberships or the steps offered.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from gongkai.applications import workflow
from gongkai.applications.forms import ActionForm, action_form, attach_domain_error
from gongkai.applications.models import Application
from gongkai.applications.permissions import (
    action_refusal,
    actions_available_to,
    can_see_personal_data,
    can_view_application,
    can_work_on_application,
)
from gongkai.applications.services import application_act
from gongkai.applications.services.applicant_files import submitted_files_for_applicant
from gongkai.applications.views.access import (
    require_work_on,
    viewable_application_or_404,
)
from gongkai.applications.views.history import event_rows, field_rows
from gongkai.applications.views.notices import staff_notices
from gongkai.core.errors import DomainError
from gongkai.core.views import staff_view

# What the field list and the rules of the steps read of an application, in the same query.
_SHOWN_WITH = (
    "agency__disclosure_office",
    "department",
    "assignee",
    "drafted_by",
    "registered_by",
    "received_confirmed_by",
)


def _shown_application_or_404(request: HttpRequest, pk: int) -> Application:
    """As ``viewable_application_or_404``, read with what the page shows and the rules ask."""
    application = get_object_or_404(Application.objects.select_related(*_SHOWN_WITH), pk=pk)
    if not can_view_application(request.user, application):
        raise Http404("未找到该申请")
    return application


def _action_forms(request: HttpRequest, application: Application) -> list[ActionForm]:
    """One unbound form per action the user could take now (state, role, four-eyes rule, and who
    exactly: the handling department's head, the disclosure office's)."""
    if not can_work_on_application(request.user, application):
        return []
    actions = actions_available_to(request.user, application)
    return [action_form(act.key, application) for act in actions]


def _render(
    request: HttpRequest,
    application: Application,
    bound: ActionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    # The events once, for the rules of every step (step_rules reads ``application.events``).
    prefetch_related_objects([application], "events")
    forms = _action_forms(request, application)
    if bound is not None:
        # The refused step keeps what the user typed, with the errors beside the fields.
        forms = [bound if form.prefix == bound.prefix else form for form in forms]
    mask = not can_see_personal_data(request.user, application)
    context = {
        "application": application,
        "fields": field_rows(application, mask=mask),
        "events": event_rows(application, mask=mask),
        "notices": staff_notices(application),
        "applicant_files": submitted_files_for_applicant(application),
        "action_forms": [(workflow.ACTIONS[form.prefix], form) for form in forms],
        "can_work": can_work_on_application(request.user, application),
        "today": timezone.localdate(),
    }
    return render(request, "applications/staff/detail.html", context, status=status)


@staff_view
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, _shown_application_or_404(request, pk))


@staff_view
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    application = viewable_application_or_404(request, pk)
    if action not in workflow.ACTIONS:
        raise Http404("未知的办理操作")
    require_work_on(request, application)
    if refusal := action_refusal(request.user, application, action):
        raise PermissionDenied(refusal)
    form = action_form(action, application, request.POST, request.FILES)
    if form.is_valid():
        try:
            application_act(
                application=application,
                action=action,
                actor=request.user,
                on=form.cleaned_data["on"],
                data=form.service_data(),
                note=form.cleaned_data["note"],
                files=form.service_files(),
            )
        except DomainError as error:
            attach_domain_error(form, error)
        else:
            messages.success(request, f"已完成：{workflow.ACTIONS[action].label}")
            return redirect("applications:detail", pk=application.pk)
    return _render(request, application, bound=form)
