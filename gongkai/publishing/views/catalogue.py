"""The catalogue editor of the agency admin: the tree, adding, editing and deleting a category,
and the statutory categories for an empty catalogue.

As the agency admin's other pages: its admins (and platform admins) edit it; staff who read the
agency but are not its admin are refused with a reason; anyone else finds nothing (404).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import (
    agencies_administered_by,
    can_administer_agency,
    can_read_agency,
)
from gongkai.core.errors import DomainError
from gongkai.core.forms import attach_domain_error
from gongkai.core.views import staff_view
from gongkai.publishing import selectors
from gongkai.publishing.forms import CategoryForm
from gongkai.publishing.models import Category
from gongkai.publishing.services.catalogue import (
    catalogue_seed,
    category_add,
    category_delete,
    category_update,
)


def administered_agency_or_404(request: HttpRequest, agency_code: str) -> Agency:
    agency = get_object_or_404(Agency, code=agency_code)
    if can_administer_agency(request.user, agency):
        return agency
    if can_read_agency(request.user, agency):
        raise PermissionDenied(_("只有本机关的机关管理员可以编辑目录"))
    raise Http404(_("未找到该机关"))


@staff_view
@require_GET
def catalogue_home(request: HttpRequest) -> HttpResponse:
    """The catalogue of the one agency the user administers, or the list of them."""
    agencies = list(agencies_administered_by(request.user).order_by("code")[:101])
    if not agencies:
        raise PermissionDenied(_("只有机关管理员可以编辑目录"))
    if len(agencies) == 1:
        return redirect("publishing:catalogue", agency_code=agencies[0].code)
    return render(request, "publishing/catalogue_home.html", {"agencies": agencies[:100]})


@staff_view
@require_http_methods(["GET", "POST"])
def catalogue(request: HttpRequest, agency_code: str) -> HttpResponse:
    agency = administered_agency_or_404(request, agency_code)
    form = CategoryForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            added = category_add(
                agency=agency,
                actor=request.user,
                name=data["name"],
                code=data["code"],
                parent=data["parent"],
                basis=data["basis"],
            )
        except DomainError as error:
            attach_domain_error(form, error)
        else:
            messages.success(request, _("已添加类别“%(name)s”") % {"name": added.name})
            return redirect("publishing:catalogue", agency_code=agency.code)
    context = {"agency": agency, "tree": selectors.catalogue_tree(agency), "form": form}
    return render(request, "publishing/catalogue.html", context)


@staff_view
@require_POST
def catalogue_seed_view(request: HttpRequest, agency_code: str) -> HttpResponse:
    agency = administered_agency_or_404(request, agency_code)
    try:
        added = catalogue_seed(agency=agency, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已添加 %(count)d 个法定类别") % {"count": len(added)})
    return redirect("publishing:catalogue", agency_code=agency.code)


@staff_view
@require_http_methods(["GET", "POST"])
def category_edit(request: HttpRequest, agency_code: str, category_id: int) -> HttpResponse:
    agency = administered_agency_or_404(request, agency_code)
    category = get_object_or_404(Category, pk=category_id, agency=agency)
    initial = {
        "name": category.name,
        "basis": category.basis,
        "position": category.position,
        "parent": category.parent_id,
    }
    form = CategoryForm(request.POST or None, agency=agency, editing=category, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            category_update(
                category=category,
                actor=request.user,
                name=data["name"],
                basis=data["basis"],
                position=data["position"],
                parent=data["parent"],
            )
        except DomainError as error:
            attach_domain_error(form, error)
        else:
            messages.success(request, _("已保存类别“%(name)s”") % {"name": category.name})
            return redirect("publishing:catalogue", agency_code=agency.code)
    context = {"agency": agency, "category": category, "form": form}
    return render(request, "publishing/category.html", context)


@staff_view
@require_POST
def category_remove(request: HttpRequest, agency_code: str, category_id: int) -> HttpResponse:
    agency = administered_agency_or_404(request, agency_code)
    category = get_object_or_404(Category, pk=category_id, agency=agency)
    name = category.name
    try:
        category_delete(category=category, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已删除类别“%(name)s”") % {"name": name})
    return redirect("publishing:catalogue", agency_code=agency.code)
