"""What the record must show before a step can be taken on a given day, beyond state and role.

The law's once-only steps (one correction notice, one extension, one fee notice), its windows (the
correction notice within 7 working days of receipt; 逾期未补正 and 逾期未缴费 only after their
period; an extension or an Art. 35 deadline only while the reply period runs), leader approval
only where the outcome needs it, the four-eyes rule across roles (no one takes two review
steps of the same reply), and an assignment only to a department someone heads (so that
someone can review its reply). ``permissions.action_refusal`` asks these with the day of the step —
today on the screens — so a button is offered exactly when the step would be accepted.

What the user types (the items to correct, the number of days, the dates inside a form) is the
services' to check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from gongkai.agencies.models import Department, Membership, Role
from gongkai.applications import outcomes, workflow
from gongkai.applications.models import Application, ApplicationEvent, State
from gongkai.workdays import clock
from gongkai.workdays.calendar import WorkCalendar
from gongkai.workdays.conf import convention_from_settings
from gongkai.workdays.services import calendar_current

# The steps that review a drafted reply; one person takes at most one of them per draft.
REVIEW_STEPS = ("head_review", "leader_approve", "clear")
# Where the delivery of the fee notice and the consulted party's receipt of the letter are
# recorded: on the step itself when known then, or by a later step once learnt.
FEE_DELIVERY_KINDS = ("send_fee_notice", "record_fee_delivery")
CONSULTATION_RECEIPT_KINDS = ("start_consultation", "record_consultation_receipt")


@dataclass
class Situation:
    """An application as the rules see it on one day, by one user; its events read once."""

    application: Application
    on: date
    user_pk: int | None

    @cached_property
    def events(self) -> list[ApplicationEvent]:
        # The model's order (on, pk); a screen's prefetch of the events is used, not re-read.
        return list(self.application.events.all())

    def all(self, kind: str) -> list[ApplicationEvent]:
        return [e for e in self.events if e.kind == kind]

    def latest(self, kind: str) -> ApplicationEvent | None:
        found = self.all(kind)
        return found[-1] if found else None

    def since_latest(self, kind: str) -> list[ApplicationEvent]:
        """The events after the latest one of this kind (all of them if there is none)."""
        start = self.latest(kind)
        return self.events if start is None else self.events[self.events.index(start) + 1 :]


def correction_notice_window(application: Application) -> clock.Deadline:
    return clock.correction_notice_deadline(
        application.received_on, calendar_current(), convention_from_settings()
    )


def fee_notice_delivered_on(events: list[ApplicationEvent]) -> date | None:
    """The day the applicant received the fee notice, once recorded (at sending or later)."""
    for event in reversed(events):
        if event.kind in FEE_DELIVERY_KINDS and (delivered := event.data.get("delivered_on")):
            return date.fromisoformat(delivered)
    return None


def fee_window(events: list[ApplicationEvent]) -> clock.Deadline | None:
    """109号: 20 working days from the day after the applicant received the notice; None until
    the delivery is recorded."""
    delivered = fee_notice_delivered_on(events)
    if delivered is None:
        return None
    return clock.fee_payment_deadline(delivered, calendar_current(), convention_from_settings())


def fee_window_or_estimate(
    events: list[ApplicationEvent], calendar: WorkCalendar | None = None
) -> tuple[clock.Deadline, bool] | None:
    """The payment window of the latest fee notice, and whether it is estimated: from the
    recorded delivery, or — until that is recorded — from the sending day (earlier, so never
    late); None without a fee notice."""
    sent = [event for event in events if event.kind == "send_fee_notice"]
    if not sent:
        return None
    delivered = fee_notice_delivered_on(events)
    window = clock.fee_payment_deadline(
        delivered or sent[-1].on, calendar or calendar_current(), convention_from_settings()
    )
    return window, delivered is None


def consultation_received_on(events: list[ApplicationEvent]) -> date | None:
    """The day the consulted party received the latest consultation letter, once recorded."""
    for event in reversed(events):
        if event.kind == "start_consultation":
            break  # an earlier consultation's receipt is not this one's
    else:
        return None
    after = events[events.index(event) :]
    for later in reversed(after):
        if later.kind in CONSULTATION_RECEIPT_KINDS and (day := later.data.get("received_on")):
            return date.fromisoformat(day)
    return None


def with_headed(departments: QuerySet[Department]) -> QuerySet[Department]:
    """The departments, each annotated ``headed``: whether someone heads it, and so can review its
    replies — its own head (one membership per department headed), or a head named for no
    department, who heads them all (a small office). The one home of that rule, asked in the
    same query as the departments however many there are."""
    heads = Membership.objects.filter(agency_id=OuterRef("agency_id"), role=Role.HEAD).filter(
        Q(department_id=OuterRef("pk")) | Q(department__isnull=True)
    )
    return departments.annotate(headed=Exists(heads))


def headless_department_refusal(department: Department) -> str | None:
    """Why an application cannot be assigned to this department (read through ``with_headed``):
    no one could review its reply."""
    if department.headed:
        return None
    return _("%(department)s尚无处室负责人，请机关管理员先任命处室负责人") % {
        "department": department.name
    }


def _some_department_headed(s: Situation) -> str | None:
    departments = with_headed(s.application.agency.departments.all())
    headed = list(departments.values_list("headed", flat=True))
    if not headed:
        return _("本机关尚未设立处室，请机关管理员先设立处室并任命处室负责人")
    if not any(headed):
        return _("本机关各处室均尚无处室负责人，请机关管理员先任命处室负责人")
    return None


def _once(kind: str, message: str) -> Callable[[Situation], str | None]:
    return lambda s: message if s.latest(kind) else None


def _correction_in_window(s: Situation) -> str | None:
    if s.latest("request_correction"):
        return _("补正只能一次性告知（《条例》第三十条），本申请已告知过补正")
    window = correction_notice_window(s.application)
    if s.on > window.due:
        return _("补正告知应在收到申请之日起 %(days)s 个工作日内（%(due)s 前）发出，已逾期") % {
            "days": convention_from_settings().correction_notice_days,
            "due": window.due,
        }
    return None


def _correction_period_over(s: Situation) -> str | None:
    request = s.latest("request_correction")
    until = date.fromisoformat(request.data["until"])
    if s.on <= until:
        return _("补正期限 %(until)s 尚未届满，不能按放弃申请处理") % {"until": until}
    return None


def _fee_delivery_not_recorded(s: Situation) -> str | None:
    if fee_notice_delivered_on(s.events) is not None:
        return _("收费通知的送达日期已记录")
    return None


def _fee_window_open(s: Situation) -> str | None:
    window = fee_window(s.events)
    if window is not None and s.on > window.due:
        return _("缴费期限 %(due)s 已届满，应按逾期未缴费处理（不再处理该申请）") % {
            "due": window.due
        }
    return None


def _fee_window_over(s: Situation) -> str | None:
    window = fee_window(s.events)
    if window is None:
        return _("尚未记录申请人收到收费通知的日期，缴费期限无从起算，不能按逾期未缴费处理")
    if s.on <= window.due:
        return _("缴费期限 %(due)s 尚未届满，不能按放弃申请处理") % {"due": window.due}
    return None


def _reply_period_runs(s: Situation) -> str | None:
    due = s.application.due_on
    if due is not None and s.on > due:
        return _("答复期限 %(due)s 已过，不能再延期或另行确定答复期限") % {"due": due}
    return None


def _one_extension_in_period(s: Situation) -> str | None:
    if s.latest("approve_extension"):
        return _("延期答复只能批准一次（《条例》第三十三条）")
    return _reply_period_runs(s)


def _consultation_receipt_not_recorded(s: Situation) -> str | None:
    if consultation_received_on(s.events) is not None:
        return _("被征求意见方收到征求意见书的日期已记录")
    return None


def _needs_leader(s: Situation) -> str | None:
    if not outcomes.outcome(s.application.outcome).needs_leader:
        return _("该答复结果无需分管领导批准，请直接进行保密审查")
    return _one_review_each(s)


def _leader_first_where_needed(s: Situation) -> str | None:
    needs_leader = outcomes.outcome(s.application.outcome).needs_leader
    if s.application.state == State.HEAD_REVIEWED and needs_leader:
        return _("该答复结果须经分管领导批准后，才能进行保密审查")
    return _one_review_each(s)


def _one_review_each(s: Situation) -> str | None:
    """Four eyes across roles: whoever holds two review roles still reviews a reply only once."""
    for event in s.since_latest("draft"):
        if event.kind in REVIEW_STEPS and event.actor_id == s.user_pk:
            return _("同一答复的审核步骤须由不同的人完成，您已进行过“%(step)s”") % {
                "step": workflow.ACTIONS[event.kind].label
            }
    return None


RULES: dict[str, Callable[[Situation], str | None]] = {
    "assign": _some_department_headed,
    "request_correction": _correction_in_window,
    "abandon": _correction_period_over,
    "send_fee_notice": _once(
        "send_fee_notice", _("每件申请只能发出一次收费通知，按件、按量只能择一计收")
    ),
    "record_fee_delivery": _fee_delivery_not_recorded,
    "receive_fee": _fee_window_open,
    "expire_fee": _fee_window_over,
    "approve_extension": _one_extension_in_period,
    "set_custom_deadline": _reply_period_runs,
    "record_consultation_receipt": _consultation_receipt_not_recorded,
    "head_review": _one_review_each,
    "leader_approve": _needs_leader,
    "clear": _leader_first_where_needed,
}


def step_refusal(
    application: Application,
    action: str,
    *,
    on: date,
    user_pk: int | None,
    situation: Situation | None = None,
) -> str | None:
    """Why the record does not allow the step on day ``on``; None if it does. ``situation``: the
    same application, day and user as the caller already read them (the step then reads its
    events once, for the rule and for its effect)."""
    rule = RULES.get(action)
    if rule is None:
        return None
    return rule(situation or Situation(application, on, user_pk))
