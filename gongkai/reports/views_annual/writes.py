"""The writes of the annual report's pages, POST only: open a year, save the narrative,
acknowledge a warning, take a step, import an earlier year's published report.

Each asks the permission predicates first (a refusal: 403 with its reason), then the service;
a DomainError of the service is the page again with the message at the field it names (422),
success is the page again by redirect with a message.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core.errors import DomainError
from gongkai.core.forms import attach_domain_error
from gongkai.core.views import staff_view
from gongkai.reports.annual import workflow
from gongkai.reports.annual.imports import annual_report_import
from gongkai.reports.annual.permissions import action_refusal
from gongkai.reports.annual.services import (
    annual_report_acknowledge,
    annual_report_act,
    annual_report_edit,
    annual_report_open,
)
from gongkai.reports.forms_annual import (
    AcknowledgeForm,
    ImportForm,
    NarrativeForm,
    OpenForm,
    StepForm,
)
from gongkai.reports.views_annual.access import (
    NotFound,
    check_year,
    readable_agency,
    report_or_404,
    require_compiler,
)
from gongkai.reports.views_annual.detail import Bound, render_detail
from gongkai.reports.views_annual.pages import render_list

UNPROCESSABLE = 422


def _detail(agency_code: str, year: int, anchor: str = "") -> HttpResponse:
    response = redirect("annual:detail", agency_code=agency_code, year=year)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _report(request: HttpRequest, agency_code: str, year: int):
    agency = readable_agency(request, agency_code)
    try:
        check_year(year)
    except NotFound as exc:
        raise Http404(exc.message) from None
    return agency, report_or_404(agency, year)


@staff_view
@require_POST
def report_open(request: HttpRequest, agency_code: str) -> HttpResponse:
    agency = readable_agency(request, agency_code)
    require_compiler(request, agency, _("只有本机关的承办人可以编制年度报告"))
    form = OpenForm(request.POST)
    if form.is_valid():
        year = form.cleaned_data["year"]
        try:
            annual_report_open(agency=agency, year=year, actor=request.user)
        except DomainError as error:
            attach_domain_error(form, error)
        else:
            messages.success(request, _("已打开 %(year)d 年度报告") % {"year": year})
            return _detail(agency.code, year)
    return render_list(request, agency, open_form=form, status=UNPROCESSABLE)


@staff_view
@require_POST
def report_import(request: HttpRequest, agency_code: str) -> HttpResponse:
    agency = readable_agency(request, agency_code)
    require_compiler(request, agency, _("只有本机关的承办人可以导入往年报告"))
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = annual_report_import(
                agency=agency,
                data=upload.read(),
                filename=upload.name or "",
                published_on=form.cleaned_data["published_on"],
                year=form.cleaned_data["year"],
                actor=request.user,
            )
        except DomainError as error:
            attach_domain_error(form, error)
        else:
            messages.success(request, _("已导入 %(year)d 年度报告") % {"year": report.year})
            return _detail(agency.code, report.year)
    return render_list(request, agency, import_form=form, status=UNPROCESSABLE)


@staff_view
@require_POST
def report_edit(request: HttpRequest, agency_code: str, year: int) -> HttpResponse:
    agency, report = _report(request, agency_code, year)
    require_compiler(request, agency, _("只有本机关的承办人可以修改年度报告"))
    form = NarrativeForm(request.POST)
    if form.is_valid():
        try:
            annual_report_edit(report=report, actor=request.user, sections=form.sections())
        except DomainError as error:
            attach_domain_error(form, error)
        else:
            messages.success(request, _("已保存正文"))
            return _detail(agency.code, year, "narrative")
    bound = Bound(narrative=form)
    return render_detail(request, agency, year, report, bound=bound, status=UNPROCESSABLE)


@staff_view
@require_POST
def report_acknowledge(request: HttpRequest, agency_code: str, year: int) -> HttpResponse:
    agency, report = _report(request, agency_code, year)
    require_compiler(request, agency, _("只有本机关的承办人可以说明检查提示"))
    form = AcknowledgeForm(request.POST)
    if form.is_valid():
        try:
            annual_report_acknowledge(
                report=report,
                actor=request.user,
                finding=form.cleaned_data["finding"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            attach_domain_error(form, error)
        else:
            done = _("已保存说明") if form.cleaned_data["reason"].strip() else _("已撤回说明")
            messages.success(request, done)
            return _detail(agency.code, year, "gate")
    bound = Bound(acknowledge=form)
    return render_detail(request, agency, year, report, bound=bound, status=UNPROCESSABLE)


@staff_view
@require_POST
def report_step(request: HttpRequest, agency_code: str, year: int, step: str) -> HttpResponse:
    agency, report = _report(request, agency_code, year)
    if step not in workflow.ACTIONS:
        raise Http404(_("未知的操作"))
    events = list(report.events.order_by("at", "pk"))
    if refusal := action_refusal(request.user, report, step, events):
        raise PermissionDenied(refusal)
    form = StepForm(request.POST, key=step)
    if form.is_valid():
        try:
            annual_report_act(report=report, actor=request.user, key=step, reason=form.reason())
        except DomainError as error:
            attach_domain_error(form, error)
        else:
            label = workflow.ACTIONS[step].label
            messages.success(request, _("已完成：%(step)s") % {"step": label})
            return _detail(agency.code, year)
    bound = Bound(step=form)
    return render_detail(request, agency, year, report, bound=bound, status=UNPROCESSABLE)
