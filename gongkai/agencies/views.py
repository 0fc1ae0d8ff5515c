"""The agency admin's pages: people and their roles, departments, the agency's settings.

Every page is of one agency, named in its address. Its admins (and platform admins) manage it;
staff who read it but are not its admin are refused with a reason; anyone else finds nothing
there (404), so that an admin of agency A cannot even learn what agency B's pages hold.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.agencies import services
from gongkai.agencies.forms import AgencySettingsForm, DepartmentForm, PersonAddForm, RoleFields
from gongkai.agencies.models import Agency, Department, Membership
from gongkai.agencies.permissions import (
    agencies_administered_by,
    can_administer_agency,
    readable_agency_ids,
)
from gongkai.core.errors import DomainError
from gongkai.core.forms import attach_domain_error
from gongkai.core.views import staff_view


def administered_agency_or_404(request: HttpRequest, agency_code: str) -> Agency:
    """The agency if the user administers it; a reader of it is refused, anyone else gets 404."""
    agency = get_object_or_404(Agency, code=agency_code)
    if can_administer_agency(request.user, agency):
        return agency
    if agency.pk in readable_agency_ids(request.user):
        raise PermissionDenied(_("只有本机关的机关管理员可以管理人员、处室和设置"))
    raise Http404(_("未找到该机关"))


# Agencies listed on one page of the home page.
HOME_PAGE_SIZE = 100


def _page(request: HttpRequest, agency: Agency, template: str, **context) -> HttpResponse:
    return render(request, template, {"agency": agency, **context})


@staff_view
@require_http_methods(["GET"])
def home(request: HttpRequest) -> HttpResponse:
    """The agencies the user administers, a page of them at a time (a platform admin's are all
    of the province's); an admin of one agency goes straight to it."""
    administered = agencies_administered_by(request.user).order_by("code")
    page = Paginator(administered, HOME_PAGE_SIZE).get_page(request.GET.get("page"))
    if page.paginator.count == 0:
        raise PermissionDenied(_("您不是任何机关的机关管理员"))
    if page.paginator.count == 1:
        return redirect("agencies:people", agency_code=page[0].code)
    return render(request, "agencies/home.html", {"page": page})


@staff_view
@require_http_methods(["GET"])
def people(request: HttpRequest, agency_code: str) -> HttpResponse:
    agency = administered_agency_or_404(request, agency_code)
    roles = Membership.objects.filter(agency=agency).select_related("department")
    persons = (
        get_user_model()
        .objects.filter(memberships__agency=agency)
        .distinct()
        .order_by("username")
        .prefetch_related(Prefetch("memberships", queryset=roles, to_attr="roles_here"))
    )
    return _page(request, agency, "agencies/people.html", persons=persons)


@staff_view
@require_http_methods(["GET", "POST"])
def person_add(request: HttpRequest, agency_code: str) -> HttpResponse:
    agency = administered_agency_or_404(request, agency_code)
    form = PersonAddForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        role = {"role": data["role"], "department": data["department"]}
        try:
            if data["mode"] == PersonAddForm.NEW:
                user = services.person_create(
                    agency=agency,
                    name=data["name"].strip(),
                    username=data["username"].strip(),
                    password=data["password"],
                    email=data["email"],
                    **role,
                )
            else:
                user = services.person_attach(
                    agency=agency, username=data["username"].strip(), **role
                )
        except DomainError as error:
            attach_domain_error(form, error)
        else:
            messages.success(request, _("已添加 %(name)s") % {"name": _display(user)})
            return redirect("agencies:person", agency_code=agency.code, user_id=user.pk)
    return _page(request, agency, "agencies/person_add.html", form=form)


def _display(user) -> str:
    return user.get_full_name() or user.get_username()


@staff_view
@require_http_methods(["GET", "POST"])
def person(request: HttpRequest, agency_code: str, user_id: int) -> HttpResponse:
    agency = administered_agency_or_404(request, agency_code)
    roles = Membership.objects.filter(agency=agency, user_id=user_id).select_related(
        "department", "user"
    )
    if not roles:
        raise Http404(_("本机关没有此人"))
    user = roles[0].user
    form = RoleFields(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_grant(
                agency=agency,
                user=user,
                role=form.cleaned_data["role"],
                department=form.cleaned_data["department"],
            )
        except DomainError as error:
            attach_domain_error(form, error)
        else:
            messages.success(request, _("已授予角色"))
            return redirect("agencies:person", agency_code=agency.code, user_id=user.pk)
    context = {
        "person": user,
        "person_name": _display(user),
        "roles": roles,
        "form": form,
        # The provincial office's role is not the agency admin's to grant, nor to take away.
        "removable_roles": [role.value for role in services.GRANTABLE_ROLES],
    }
    return _page(request, agency, "agencies/person.html", **context)


@staff_view
@require_POST
def role_remove(request: HttpRequest, agency_code: str, membership_id: int) -> HttpResponse:
    agency = administered_agency_or_404(request, agency_code)
    membership = get_object_or_404(Membership, pk=membership_id, agency=agency)
    user_id = membership.user_id
    try:
        services.membership_revoke(agency=agency, membership=membership)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("已移除角色“%(role)s”") % {"role": membership.get_role_display()}
        )
    if not can_administer_agency(request.user, agency):
        return redirect("applications:workload")  # an admin who gave up their own admin role
    if Membership.objects.filter(agency=agency, user_id=user_id).exists():
        return redirect("agencies:person", agency_code=agency.code, user_id=user_id)
    return redirect("agencies:people", agency_code=agency.code)


@staff_view
@require_http_methods(["GET", "POST"])
def departments(request: HttpRequest, agency_code: str) -> HttpResponse:
    agency = administered_agency_or_404(request, agency_code)
    form = DepartmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.department_create(agency=agency, name=form.cleaned_data["name"])
        except DomainError as error:
            attach_domain_error(form, error)
        else:
            messages.success(request, _("已添加处室"))
            return redirect("agencies:departments", agency_code=agency.code)
    listed = Department.objects.filter(agency=agency)
    return _page(request, agency, "agencies/departments.html", form=form, departments=listed)


@staff_view
@require_http_methods(["GET", "POST"])
def department_rename(request: HttpRequest, agency_code: str, department_id: int) -> HttpResponse:
    agency = administered_agency_or_404(request, agency_code)
    department = get_object_or_404(Department, pk=department_id, agency=agency)
    form = DepartmentForm(request.POST or None, initial={"name": department.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.department_rename(
                agency=agency, department=department, name=form.cleaned_data["name"]
            )
        except DomainError as error:
            attach_domain_error(form, error)
        else:
            messages.success(request, _("已修改处室名称"))
            return redirect("agencies:departments", agency_code=agency.code)
    context = {"form": form, "department": department}
    return _page(request, agency, "agencies/department_rename.html", **context)


@staff_view
@require_http_methods(["GET", "POST"])
def agency_settings(request: HttpRequest, agency_code: str) -> HttpResponse:
    agency = administered_agency_or_404(request, agency_code)
    form = AgencySettingsForm(request.POST or None, instance=agency)
    if request.method == "POST" and form.is_valid():
        try:
            services.agency_settings_update(agency=agency, **form.cleaned_data)
        except DomainError as error:
            attach_domain_error(form, error)
        else:
            messages.success(request, _("已保存机关设置"))
            return redirect("agencies:settings", agency_code=agency.code)
    return _page(request, agency, "agencies/settings.html", form=form)
