"""One item for staff: its metadata, body, files, history and published versions, and a form
for each step of the chain the user may take now.

The page reads the item with what it shows in one query, its events once (the rules of every
step read the same list) and its files without their content. The personal-information scan
runs only while the item is unpublished, for the staff who work on it.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gongkai.agencies.permissions import can_work_in_agency
from gongkai.core.errors import DomainError
from gongkai.core.forms import attach_domain_error
from gongkai.core.views import staff_view
from gongkai.publishing import selectors, workflow
from gongkai.publishing.forms import AttachmentForm, StepForm
from gongkai.publishing.models import EventKind, Item, ItemAttachment
from gongkai.publishing.permissions import action_refusal, actions_offered, can_edit_item
from gongkai.publishing.scan import item_findings
from gongkai.publishing.services.steps import item_act
from gongkai.publishing.views.access import item_or_404, require_work_on
from gongkai.publishing.views.history import event_rows, metadata_rows
from gongkai.publishing.views.lists import page_clock


def _with_light_attachments(item: Item) -> None:
    """The working copy's files read once, without their content (the scan reads their text)."""
    light = ItemAttachment.objects.select_related("uploaded_by")
    prefetch_related_objects([item], Prefetch("attachments", queryset=light))


def render_item(
    request: HttpRequest,
    item: Item,
    *,
    bound_step: StepForm | None = None,
    upload: AttachmentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    _with_light_attachments(item)
    events = selectors.item_events(item)
    can_work = can_work_in_agency(request.user, item.agency_id)
    offered = actions_offered(request.user, item, events) if can_work else []
    steps = []
    for act in offered:
        form = bound_step if bound_step and bound_step.key == act.key else StepForm(key=act.key)
        steps.append((act, form))
    pending = item.state in selectors.PENDING_STATES
    findings = item_findings(item) if can_work and pending else []
    editable = can_edit_item(request.user, item)
    clock = page_clock() if pending else None
    deadline = clock.deadline(item.formed_on) if clock else None
    context = {
        "item": item,
        "metadata": metadata_rows(item),
        "body": mark_safe(item.body),  # sanitised when stored (publishing.richtext)
        "attachments": list(item.attachments.all()),
        "events": event_rows(events),
        "versions": selectors.item_versions(item),
        "steps": steps,
        "publish_offered": any(act.key == EventKind.PUBLISH for act in offered),
        "findings": findings,
        "can_work": can_work,
        "can_edit": editable,
        "upload": (upload or AttachmentForm()) if editable else None,
        "deadline": deadline,
        "deadline_status": clock.status(deadline) if clock and deadline else "",
    }
    return render(request, "publishing/detail.html", context, status=status)


@staff_view
@require_GET
def item_detail(request: HttpRequest, item_id: int) -> HttpResponse:
    return render_item(request, item_or_404(request, item_id))


@staff_view
@require_POST
def item_step(request: HttpRequest, item_id: int, step: str) -> HttpResponse:
    item = item_or_404(request, item_id)
    if step not in workflow.ACTIONS:
        raise Http404(_("未知的操作"))
    require_work_on(request, item)
    if refusal := action_refusal(request.user, item, step, selectors.item_events(item)):
        raise PermissionDenied(refusal)
    form = StepForm(request.POST, key=step)
    if form.is_valid():
        try:
            item_act(item=item, actor=request.user, key=step, **form.service_kwargs())
        except DomainError as error:
            attach_domain_error(form, error)
        else:
            label = workflow.ACTIONS[step].label
            messages.success(request, _("已完成：%(step)s") % {"step": label})
            return redirect("publishing:detail", item_id=item.pk)
    return render_item(request, item, bound_step=form)
