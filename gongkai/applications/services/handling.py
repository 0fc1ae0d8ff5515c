"""Taking an application through its workflow: one entry point, ``application_act``.

Each action is checked against the declared workflow (state, role, four-eyes rule), then against
its own conditions (dates, once-only steps), then recorded as an event with who, when, before and
after, and the deadline is derived again — all in one transaction, or not at all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.files import File
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.agencies.models import Department
from gongkai.applications import outcomes, step_rules, workflow
from gongkai.applications.event_kinds import CONSULTED_PARTIES
from gongkai.applications.models import Application, ApplicationEvent
from gongkai.applications.notices.services import notices_for_event
from gongkai.applications.notify import notify_for_event
from gongkai.applications.permissions import action_refusal, possible_assignees
from gongkai.applications.services.attachments import (
    check_information_files,
    information_files_store,
    upload_name,
)
from gongkai.applications.services.deadlines import application_refresh_deadline
from gongkai.applications.services.fee_steps import (
    earlier_items_this_month,
    expire_fee_effect,
    record_fee_delivery_effect,
    send_fee_notice_effect,
)
from gongkai.applications.services.step_input import as_date, day_not_before, require
from gongkai.core.errors import DomainError
from gongkai.workdays import clock
from gongkai.workdays.conf import convention_from_settings
from gongkai.workdays.services import calendar_current

__all__ = ["CONSULTATION_KINDS", "ServeMethod", "application_act", "earlier_items_this_month"]

# Steps whose refusal by step_rules is about the day chosen (a window open or over): the reason
# belongs beside the date field.
_DATED_RULES = frozenset(
    {"request_correction", "abandon", "receive_fee", "expire_fee", "set_custom_deadline"}
)

# The steps that may carry files (the information given, Art. 40).
FILE_STEPS = frozenset({"serve"})

# An effect gets the locked application, the day, the input, the actor (None: the applicant,
# online) and the application's events as the step's rules read them (``history``, read once).
Effect = Callable[
    [Application, date, dict[str, Any], AbstractBaseUser | None, step_rules.Situation],
    dict[str, Any],
]


def _confirm_receipt(app, on, data, actor, history):
    app.received_on, app.received_confirmed_by = on, actor
    return {"received_on": on.isoformat()}


def _request_correction(app, on, data, actor, history):
    items = require(data, "items", "需要补正的事项")
    until = as_date(require(data, "until", "补正期限"), "until", "补正期限")
    if until <= on:
        raise DomainError("补正期限应晚于告知日期", field="until")
    return {"items": items, "until": until.isoformat()}


def _receive_correction(app, on, data, actor, history):
    """The corrected request replaces the old one (later notices quote it); the event keeps
    both texts."""
    recorded = {}
    for name in ("info_name", "description"):
        # A browser sends a textarea's line breaks as CR LF: the same text is no correction.
        new = str(data.get(name) or "").replace("\r\n", "\n").strip()
        old = getattr(app, name)
        if new and new != old:
            setattr(app, name, new)
            recorded |= {f"{name}_before": old, name: new}
    return recorded


def _abandon(app, on, data, actor, history):
    app.outcome, app.closed_on = outcomes.ABANDONED_CORRECTION, on
    return {"outcome": app.outcome}


def person_name(user: AbstractBaseUser) -> str:
    """A person as others know them: the full name, the login only where no name is given."""
    return user.get_full_name() or user.get_username()


def _assign(app, on, data, actor, history):
    """Assign, or reassign until the reply is reviewed: the department and the assignee as
    chosen now (no assignee: none), the earlier ones kept on the event."""
    department_id = require(data, "department", _("承办处室"))
    department = step_rules.with_headed(
        Department.objects.filter(pk=department_id, agency=app.agency)
    ).first()
    if department is None:
        raise DomainError(_("承办处室不属于本机关"), field="department")
    if refusal := step_rules.headless_department_refusal(department):
        raise DomainError(refusal, field="department")
    assignee = None
    if assignee_id := data.get("assignee"):
        assignee = possible_assignees(app.agency).filter(pk=assignee_id).first()
        if assignee is None:
            raise DomainError(_("承办人须为本机关的承办人"), field="assignee")
    earlier_department, earlier_assignee = app.department, app.assignee
    if earlier_department is not None and (earlier_department, earlier_assignee) == (
        department,
        assignee,
    ):
        raise DomainError(
            _("本申请已分办给%(department)s，重新分办请选择其他处室或承办人")
            % {"department": department.name},
            field="department",
        )
    app.department, app.assignee = department, assignee
    recorded: dict[str, Any] = {"department": department.pk, "department_name": department.name}
    if assignee is not None:
        recorded |= {"assignee": assignee.pk, "assignee_name": person_name(assignee)}
    if earlier_department is not None:
        recorded["previous_department_name"] = earlier_department.name
        if earlier_assignee is not None:
            recorded["previous_assignee_name"] = person_name(earlier_assignee)
    return recorded


# Art. 32 consults a third party, Art. 34 another agency (on jointly made information): whom a
# consultation asks, by label (event_kinds.CONSULTED_PARTIES).
CONSULTATION_KINDS = {key: party.label for key, party in CONSULTED_PARTIES.items()}


def _start_consultation(app, on, data, actor, history):
    party = require(data, "party", "征求意见对象")
    kind = data.get("kind") or "third_party"
    if kind not in CONSULTATION_KINDS:
        raise DomainError(f"征求意见的对象类型“{kind}”无效，应为第三方或其他机关", field="kind")
    recorded = {"party": party, "kind": kind}
    if data.get("received_on"):
        recorded["received_on"] = day_not_before(
            data, "received_on", _("对方收到征求意见书日期"), on, _("征求意见日期")
        ).isoformat()
    return recorded


def _record_consultation_receipt(app, on, data, actor, history):
    started = history.latest("start_consultation").on
    received = day_not_before(
        data, "received_on", _("对方收到征求意见书日期"), started, _("征求意见日期")
    )
    return {"received_on": received.isoformat()}


def _end_consultation(app, on, data, actor, history):
    return {"result": data.get("result", "")}


def _approve_extension(app, on, data, actor, history):
    raw = data.get("days")
    try:
        days = convention_from_settings().max_extension_days if raw in (None, "") else int(raw)
    except ValueError:
        raise DomainError(f"延长天数“{data.get('days')}”应为整数", field="days") from None
    longest = convention_from_settings().max_extension_days
    if not 1 <= days <= longest:
        raise DomainError(f"延长的期限最长不得超过 {longest} 个工作日", field="days")
    return {"days": days, "reason": require(data, "reason", "延期理由")}


def _set_custom_deadline(app, on, data, actor, history):
    """Art. 35: a reasonable LATER deadline, set while the statutory one still runs."""
    until = as_date(require(data, "until", "答复期限"), "until", "答复期限")
    if until <= (app.due_on or on):
        raise DomainError(
            f"另行确定的答复期限应晚于现行答复期限（{app.due_on or on}）", field="until"
        )
    if not calendar_current().is_workday(until):
        raise DomainError(f"{until} 不是工作日，答复期限应为工作日", field="until")
    return {"until": until.isoformat(), "reason": require(data, "reason", "理由")}


def _draft(app, on, data, actor, history):
    key = require(data, "outcome", "答复结果")
    if key not in {o.key for o in outcomes.DRAFTABLE}:
        raise DomainError(f"答复结果“{key}”无效", field="outcome")
    if key == outcomes.STILL_UNCLEAR and not history.latest("receive_correction"):
        raise DomainError(
            "“补正后申请内容仍不明确”只适用于已告知补正并收到补正的申请（《条例》第三十条）",
            field="outcome",
        )
    app.outcome = key
    app.reply_text = require(data, "reply_text", "答复内容")
    app.drafted_by = actor
    return {"outcome": key}


def _return(app, on, data, actor, history):
    return {"reason": require(data, "reason", "退回理由")}


class ServeMethod(models.TextChoices):
    """How the reply (and the information given with it) reached the applicant."""

    IN_PERSON = "in_person", gettext_lazy("当面")
    POST = "post", gettext_lazy("邮寄")
    EMAIL = "email", gettext_lazy("电子邮件")
    ONLINE = "online", gettext_lazy("在线")


def _serve(app, on, data, actor, history):
    # The reply is given the day it is served: that day closes the application for the report
    # (and stops its clock); archiving it afterwards changes nothing there.
    app.closed_on = on
    recorded: dict[str, Any] = {"outcome": app.outcome}
    # Recorded whenever the office says how (the staff form always does); older records and
    # scripted steps may not have said.
    if method := data.get("method"):
        if method not in ServeMethod.values:
            raise DomainError(
                _("送达方式“%(method)s”无效，应为当面、邮寄、电子邮件或在线") % {"method": method},
                field="method",
            )
        recorded["method"] = method
        if method == ServeMethod.POST:
            number = str(require(data, "tracking_number", _("邮寄单号"))).strip()
            recorded["tracking_number"] = number
    return recorded


def _withdraw(app, on, data, actor, history):
    app.outcome, app.closed_on = outcomes.OTHER, on
    return {"outcome": app.outcome, "reason": data.get("reason", "申请人撤回申请")}


def _nothing(app, on, data, actor, history):
    return {}


EFFECTS: dict[str, Effect] = {
    "confirm_receipt": _confirm_receipt,
    "request_correction": _request_correction,
    "receive_correction": _receive_correction,
    "abandon": _abandon,
    "assign": _assign,
    "start_consultation": _start_consultation,
    "record_consultation_receipt": _record_consultation_receipt,
    "end_consultation": _end_consultation,
    "send_fee_notice": send_fee_notice_effect,
    "record_fee_delivery": record_fee_delivery_effect,
    "receive_fee": _nothing,
    "expire_fee": expire_fee_effect,
    "approve_extension": _approve_extension,
    "set_custom_deadline": _set_custom_deadline,
    "draft": _draft,
    "return": _return,
    "head_review": _nothing,
    "leader_approve": _nothing,
    "clear": _nothing,
    "serve": _serve,
    "close": _nothing,
    "withdraw": _withdraw,
}


def check_step_date(history: step_rules.Situation) -> None:
    """A step's day is not in the future, nor before the step recorded last."""
    on = history.on
    if on > timezone.localdate():
        raise DomainError(f"日期 {on} 晚于今天", field="on")
    last = history.events[-1].on if history.events else None
    if last and on < last:
        raise DomainError(f"日期 {on} 早于上一步办理日期 {last}", field="on")


def step_record(
    app: Application,
    act: workflow.Action,
    history: step_rules.Situation,
    data: dict[str, Any],
    *,
    actor: AbstractBaseUser | None,
    note: str = "",
    files: Sequence[File] = (),
    flags: dict[str, Any] | None = None,
) -> ApplicationEvent:
    """Record a step already allowed, on the locked ``app``: its effect, the event, the files,
    the deadline derived again, its notice and the applicant told. The one tail of every step —
    the office's (application_act) and the applicant's own (services.withdrawal). ``flags``:
    recorded with the step's data (e.g. who took it when no staff did)."""
    on = history.on
    before = app.state
    recorded = EFFECTS[act.key](app, on, data, actor, history) | (flags or {})
    if act.target is not None:
        app.state = act.target
    app.save()
    event = ApplicationEvent.objects.create(
        application=app,
        kind=act.key,
        on=on,
        actor=actor,
        state_before=before,
        state_after=app.state,
        data=recorded | ({"files": [upload_name(f) for f in files]} if files else {}),
        note=note,
    )
    information_files_store(event=event, files=files, uploaded_by=actor)
    try:
        application_refresh_deadline(app)
    except clock.ClockError as error:
        # The deadline arithmetic refuses an impossible clock; the step is rolled back.
        raise DomainError(str(error)) from None
    # notices: the step's notice, issued and frozen with it; the applicant told of it
    notify_for_event(event, notices_for_event(event))
    return event


def application_act(
    *,
    application: Application,
    action: str,
    actor: AbstractBaseUser,
    on: date | None = None,
    data: dict[str, Any] | None = None,
    note: str = "",
    files: Sequence[File] = (),
) -> Application:
    """Take one workflow step; refused with a DomainError that says why, or done completely.

    ``files``: the information given with the reply, only when serving it; kept with the serve
    event, each with its SHA-256.
    """
    act = workflow.action(action)
    data = dict(data or {})
    on = on or timezone.localdate()
    if files and act.key not in FILE_STEPS:
        raise DomainError(_("只有送达答复告知书时可以附送信息文件"), field="files")
    check_information_files(files)
    with transaction.atomic():
        app = Application.objects.select_for_update().get(pk=application.pk)
        # The events, read once: for the date, the step's rules and its effect.
        history = step_rules.Situation(app, on, actor.pk)
        check_step_date(history)
        if refusal := action_refusal(actor, app, act.key, on, situation=history):
            raise DomainError(refusal, field="on" if act.key in _DATED_RULES else None)
        step_record(app, act, history, data, actor=actor, note=note, files=files)
    return app
