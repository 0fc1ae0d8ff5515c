"""Drafting for staff: a new item, the draft's edit form, its files (upload, remove), and the
download of any file of an item the user reads."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.core.errors import DomainError
from gongkai.core.forms import attach_domain_error
from gongkai.core.views import staff_view
from gongkai.publishing import selectors
from gongkai.publishing.forms import AttachmentForm, ItemForm
from gongkai.publishing.models import Item, ItemAttachment, State
from gongkai.publishing.permissions import can_edit_item
from gongkai.publishing.services.drafting import item_attach, item_create, item_detach, item_update
from gongkai.publishing.views.access import (
    chosen_agency,
    drafting_agencies,
    item_or_404,
    require_work_on,
)
from gongkai.publishing.views.detail import render_item


def require_edit(request: HttpRequest, item: Item) -> None:
    """Only a draft, only by the agency's clerks; a reader is told why."""
    require_work_on(request, item)
    if can_edit_item(request.user, item):
        return
    if item.state != State.DRAFT:
        raise PermissionDenied(
            _("该信息当前状态为“%(state)s”，不能修改；请先退回或修订")
            % {"state": item.get_state_display()}
        )
    raise PermissionDenied(_("只有本机关的承办人可以修改草稿"))


@staff_view
@require_http_methods(["GET", "POST"])
def item_new(request: HttpRequest) -> HttpResponse:
    agencies = drafting_agencies(request)
    agency = chosen_agency(request, agencies)
    form = ItemForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            item = item_create(
                agency=agency,
                actor=request.user,
                department=form.cleaned_data["department"],
                **form.content(),
            )
        except DomainError as error:
            attach_domain_error(form, error)
        else:
            messages.success(request, _("已保存草稿；可以上传附件，然后提交审核"))
            return redirect("publishing:detail", item_id=item.pk)
    context = {"form": form, "agency": agency, "agencies": agencies, "item": None}
    return render(request, "publishing/form.html", context)


@staff_view
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    item = item_or_404(request, item_id)
    require_edit(request, item)
    form = ItemForm(request.POST or None, instance=item, agency=item.agency)
    if request.method == "POST" and form.is_valid():
        try:
            item_update(item=item, actor=request.user, **form.content())
        except DomainError as error:
            attach_domain_error(form, error)
        else:
            messages.success(request, _("已保存草稿"))
            return redirect("publishing:detail", item_id=item.pk)
    context = {"form": form, "agency": item.agency, "item": item}
    return render(request, "publishing/form.html", context)


@staff_view
@require_POST
def attachment_upload(request: HttpRequest, item_id: int) -> HttpResponse:
    item = item_or_404(request, item_id)
    require_edit(request, item)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attached = item_attach(
                item=item, actor=request.user, upload=form.cleaned_data["attachment"]
            )
        except DomainError as error:
            attach_domain_error(form, error)
        else:
            messages.success(request, _("已上传附件“%(name)s”") % {"name": attached.name})
            return redirect("publishing:detail", item_id=item.pk)
    return render_item(request, item, upload=form)


@staff_view
@require_POST
def attachment_remove(request: HttpRequest, item_id: int, attachment_id: int) -> HttpResponse:
    item = item_or_404(request, item_id)
    require_edit(request, item)
    attachment = get_object_or_404(item.attachments.all(), pk=attachment_id)
    try:
        item_detach(item=item, actor=request.user, attachment=attachment)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已移除附件“%(name)s”") % {"name": attachment.name})
    return redirect("publishing:detail", item_id=item.pk)


@staff_view
@require_GET
def attachment_download(request: HttpRequest, item_id: int, attachment_id: int) -> HttpResponse:
    item = item_or_404(request, item_id)
    stored: ItemAttachment | None = selectors.attachment_of(item, attachment_id)
    if stored is None:
        raise Http404(_("未找到该附件"))
    # Always a download, never shown inline: a file is served as what its content was checked
    # to be, and the browser is told not to guess otherwise.
    response = HttpResponse(bytes(stored.content), content_type=stored.media_type)
    response["Content-Disposition"] = content_disposition_header(True, stored.name)
    response["Content-Length"] = str(stored.size)
    response["X-Content-Type-Options"] = "nosniff"
    # An unpublished draft's file is the agency's own: kept by no cache.
    response["Cache-Control"] = "private, no-store"
    return response
