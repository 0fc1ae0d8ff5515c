"""The staff's workload screen and the searchable list, per agency the user may read.

The workload opens with what waits for the person looking at it (``selectors.queues_of``: the
steps their roles in the agency allow, on the applications where they may take them today), then
the agency's applications by risk.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from gongkai.agencies.models import Agency
from gongkai.applications import selectors
from gongkai.applications.forms import ApplicationFilterForm
from gongkai.applications.models import Application
from gongkai.applications.permissions import applications_visible_to
from gongkai.applications.views.access import (
    chosen_agency,
    readable_agencies,
)
from gongkai.core.views import staff_view
from gongkai.workdays.clock import CONSULTATION_ANSWER_DAYS
from gongkai.workdays.services import calendar_current

PAGE_SIZE = 50


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    applications: list[Application]
    hint: str = ""
    danger: bool = False
    mine: bool = False  # what waits for the person looking, not the agency's backlog
    # For a waiting period that is over: each application with the period's start and end,
    # shown with the column titles below (the applications are the periods' own).
    periods: list[selectors.PeriodOver] = field(default_factory=list)
    started_label: str = ""
    ended_label: str = ""


def _period_section(
    key: str, title: str, periods: list[selectors.PeriodOver], hint: str, labels: tuple[str, str]
) -> Section:
    # Danger like 已逾期: the reply clock is paused or waits on the applicant, so these would
    # never show as overdue although the next move is the agency's.
    return Section(
        key,
        title,
        [p.application for p in periods],
        hint,
        danger=True,
        periods=periods,
        started_label=labels[0],
        ended_label=labels[1],
    )


def _queue_sections(request: HttpRequest, agency: Agency, today, until) -> list[Section]:
    """What waits for this person, one section per step they take (none for a reader)."""
    return [
        Section(queue.key, queue.title, queue.applications, queue.hint, mine=True)
        for queue in selectors.queues_of(request.user, agency, today, until)
    ]


@staff_view
@require_GET
def workload(request: HttpRequest) -> HttpResponse:
    agencies = readable_agencies(request)
    agency = chosen_agency(request, agencies)
    today = timezone.localdate()
    mine = applications_visible_to(request.user).filter(agency=agency).select_related("agency")
    calendar = calendar_current()  # read once for every section's working-day arithmetic
    until = selectors.due_soon_until(today, calendar=calendar)
    # This year's table so far, and last year's, due by 1月31日 (Art. 49).
    report_years = (today.year - 1, today.year)
    queues = _queue_sections(request, agency, today, until)
    sections = [
        Section(
            "unconfirmed",
            _("待确认收到"),
            list(selectors.unconfirmed(mine)),
            _("网上提交的申请，确认收到之日为收到申请之日（《条例》第三十一条）"),
        ),
        Section("overdue", _("已逾期"), list(selectors.overdue(mine, today)), danger=True),
        _period_section(
            "consultation_over",
            _("征求意见期满待决定"),
            selectors.consultations_over(mine, today, calendar),
            _(
                "被征求意见的第三方或机关 %(days)s 个工作日内未答复的，可依法自行决定"
                "（《条例》第三十二条、第三十四条）；请记录“收到意见或征求期满”，"
                "答复期限随即恢复计算"
            )
            % {"days": CONSULTATION_ANSWER_DAYS},
            (_("征求意见日"), _("征求意见期满日")),
        ),
        _period_section(
            "fee_window_over",
            _("缴费期满待处理"),
            selectors.fee_windows_over(mine, today, calendar),
            _("申请人未在缴费期限内缴纳信息处理费的，按“逾期未缴费，不再处理”办结"),
            (_("收费通知日"), _("缴费期限")),
        ),
        Section(
            "due_soon",
            _("即将到期"),
            list(selectors.due_soon(mine, today, until)),
            _("%(days)s 个工作日内（%(until)s 前）到期")
            % {"days": selectors.DUE_SOON_WORKING_DAYS, "until": f"{until:%Y-%m-%d}"},
        ),
        Section(
            "provisional",
            _("期限为暂定"),
            list(selectors.provisional(mine)),
            _("所在年度的节假日安排尚未载入，期限暂按周末计算"),
        ),
        Section(
            "waiting_applicant",
            _("等待申请人（补正/缴费）"),
            list(selectors.waiting_on_applicant(mine)),
        ),
        Section(
            "waiting_third_party",
            _("等待第三方意见"),
            list(selectors.waiting_on_third_party(mine)),
            _("征求意见期间不计入答复期限"),
        ),
        Section("open", _("全部在办"), list(selectors.pending(mine).order_by("due_on"))),
    ]
    context = {
        "agency": agency,
        "agencies": agencies,
        "queues": queues,
        "sections": sections,
        "today": today,
        "report_years": report_years,
    }
    return render(request, "applications/staff/workload.html", context)


def _filtered(qs: QuerySet[Application], form: ApplicationFilterForm) -> QuerySet[Application]:
    if not form.is_valid():
        return qs
    data = form.cleaned_data
    if data["agency"]:
        qs = qs.filter(agency=data["agency"])
    if data["state"] == "open":
        qs = selectors.pending(qs)
    elif data["state"]:
        qs = qs.filter(state=data["state"])
    if data["year"]:
        # The year it was received; one not yet confirmed counts in the year it was submitted.
        received = Q(received_on__year=data["year"])
        qs = qs.filter(received | Q(received_on__isnull=True, submitted_at__year=data["year"]))
    if text := data["q"].strip():
        qs = qs.filter(
            Q(number__icontains=text)
            | Q(applicant_name__icontains=text)
            | Q(info_name__icontains=text)
        )
    return qs


@staff_view
@require_GET
def application_list(request: HttpRequest) -> HttpResponse:
    agencies = readable_agencies(request)
    form = ApplicationFilterForm(request.GET or None, agencies=agencies)
    qs = applications_visible_to(request.user).select_related("agency")
    page = Paginator(_filtered(qs, form), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "today": timezone.localdate(),
        "several_agencies": agencies.count() > 1,
    }
    return render(request, "applications/staff/list.html", context)
