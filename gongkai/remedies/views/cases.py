"""The register of one agency: the list with its filters, a new case, a case with its history,
editing it, deciding it, and correcting a decision entered wrongly (POST from the case page).

Thin: the forms read the input, the services decide; a refused call lands on the field it names.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.agencies.models import Agency
from gongkai.core.errors import DomainError
from gongkai.core.forms import attach_domain_error
from gongkai.core.views import staff_view
from gongkai.remedies.forms import CaseFilterForm, CaseForm, DecideForm, ReopenForm
from gongkai.remedies.models import Case
from gongkai.remedies.permissions import can_edit_case, can_edit_cases
from gongkai.remedies.services import case_decide, case_register, case_reopen, case_update
from gongkai.remedies.views.access import agency_or_404, case_or_404, require_edit
from gongkai.remedies.views.history import event_rows

PAGE_SIZE = 50


@staff_view
@require_GET
def case_list(request: HttpRequest, agency_code: str) -> HttpResponse:
    agency = agency_or_404(request, agency_code)
    form = CaseFilterForm(request.GET or None)
    cases = Case.objects.filter(agency=agency).select_related("application")
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["stream"]:
            cases = cases.filter(stream=data["stream"])
        if data["status"] == "open":
            cases = cases.filter(decided_on__isnull=True)
        elif data["status"] == "decided":
            cases = cases.filter(decided_on__isnull=False)
        if data["year"]:
            year = data["year"]
            cases = cases.filter(filed_on__gte=date(year, 1, 1), filed_on__lte=date(year, 12, 31))
    page = Paginator(cases.order_by("-filed_on", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "agency": agency,
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "can_edit": can_edit_cases(request.user, agency),
        "year": timezone.localdate().year,
    }
    return render(request, "remedies/list.html", context)


def _registration(form: CaseForm) -> dict:
    return {name: form.cleaned_data[name] for name in form.fields}


@staff_view
@require_http_methods(["GET", "POST"])
def case_new(request: HttpRequest, agency_code: str) -> HttpResponse:
    agency = agency_or_404(request, agency_code)
    require_edit(request, agency)
    # ?application=<number>: the case of that application, its number filled in.
    initial = {"application": request.GET.get("application", "")}
    form = CaseForm(request.POST or None, agency=agency, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            case = case_register(agency=agency, actor=request.user, **_registration(form))
        except DomainError as error:
            attach_domain_error(form, error)
        else:
            messages.success(request, _("已登记案件"))
            return redirect("remedies:detail", agency_code=agency.code, case_id=case.pk)
    return render(request, "remedies/form.html", {"agency": agency, "form": form})


def render_case(
    request: HttpRequest, agency: Agency, case: Case, *, reopen: ReopenForm | None = None
) -> HttpResponse:
    editable = can_edit_case(request.user, case)
    context = {
        "agency": agency,
        "case": case,
        "events": event_rows(case),
        "can_edit": editable,
        "reopen": (reopen or ReopenForm()) if editable and not case.is_open else None,
    }
    return render(request, "remedies/detail.html", context)


@staff_view
@require_GET
def case_detail(request: HttpRequest, agency_code: str, case_id: int) -> HttpResponse:
    agency = agency_or_404(request, agency_code)
    return render_case(request, agency, case_or_404(agency, case_id))


@staff_view
@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, agency_code: str, case_id: int) -> HttpResponse:
    agency = agency_or_404(request, agency_code)
    case = case_or_404(agency, case_id)
    require_edit(request, agency)
    form = CaseForm(request.POST or None, agency=agency, initial=CaseForm.initial_for(case))
    if request.method == "POST" and form.is_valid():
        try:
            case_update(case=case, actor=request.user, **_registration(form))
        except DomainError as error:
            attach_domain_error(form, error)
        else:
            messages.success(request, _("已保存案件"))
            return redirect("remedies:detail", agency_code=agency.code, case_id=case.pk)
    return render(request, "remedies/form.html", {"agency": agency, "form": form, "case": case})


@staff_view
@require_http_methods(["GET", "POST"])
def case_decide_page(request: HttpRequest, agency_code: str, case_id: int) -> HttpResponse:
    agency = agency_or_404(request, agency_code)
    case = case_or_404(agency, case_id)
    require_edit(request, agency)
    form = DecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case_decide(case=case, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            attach_domain_error(form, error)
        else:
            messages.success(request, _("已登记审结"))
            return redirect("remedies:detail", agency_code=agency.code, case_id=case.pk)
    context = {"agency": agency, "case": case, "form": form}
    return render(request, "remedies/decide.html", context)


@staff_view
@require_POST
def case_reopen_post(request: HttpRequest, agency_code: str, case_id: int) -> HttpResponse:
    agency = agency_or_404(request, agency_code)
    case = case_or_404(agency, case_id)
    require_edit(request, agency)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            case_reopen(case=case, actor=request.user, reason=form.cleaned_data["reason"])
        except DomainError as error:
            if error.field is None:
                messages.error(request, error.message)
                return redirect("remedies:detail", agency_code=agency.code, case_id=case.pk)
            attach_domain_error(form, error)
        else:
            messages.success(request, _("已更正：案件恢复为尚未审结，请重新登记审结"))
            return redirect("remedies:detail", agency_code=agency.code, case_id=case.pk)
    return render_case(request, agency, case, reopen=form)
