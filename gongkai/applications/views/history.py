"""An application's fields and event history, made readable for the staff detail page.

Events store plain keys and values (``data``); this turns them into Chinese labels, and choice
values into their names, without changing what was recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from gongkai.applications import workflow
from gongkai.applications.models import Application, ApplicationEvent, Channel, State
from gongkai.applications.outcomes import OUTCOMES

# Events that are not workflow actions.
_KIND_LABELS = {"submit": "网上提交申请", "register": "登记申请"}
_DATA_LABELS = {
    "channel": "申请方式",
    "received_on": "收到申请日期",
    "items": "需要补正的事项",
    "until": "期限",
    "department_name": "承办处室",
    "assignee_name": "承办人",
    "party": "征求意见对象",
    "kind": "对象类型",
    "result": "意见结果",
    "basis": "收费方式",
    "quantity": "数量",
    "amount": "金额（元）",
    "calculation": "计算过程",
    "days": "延长工作日数",
    "reason": "理由",
    "outcome": "答复结果",
    "payment_due": "缴费期限",
}
# Keys recorded for the machine, shown through a readable companion (department_name).
_HIDDEN = {"department", "assignee"}
_VALUE_LABELS: dict[str, dict[str, str]] = {
    "channel": dict(Channel.choices),
    "outcome": {key: o.label for key, o in OUTCOMES.items()},
    "basis": {"by_count": "按件计收", "by_volume": "按量计收"},
    "kind": {"third_party": "第三方", "agency": "其他机关"},
}

# The detail page's field list, in the order of the paper form (Art. 29).
DETAIL_FIELDS = (
    "number",
    "channel",
    "applicant_kind",
    "applicant_name",
    "id_type",
    "id_number",
    "uscc",
    "org_kind",
    "contact_person",
    "phone",
    "email",
    "address",
    "info_name",
    "doc_number",
    "description",
    "form_wanted",
    "delivery",
    "state",
    "submitted_at",
    "received_on",
    "received_confirmed_by",
    "registered_by",
    "department",
    "assignee",
    "outcome",
    "reply_text",
    "drafted_by",
    "closed_on",
)


@dataclass
class EventRow:
    on: date
    at: datetime
    kind: str
    actor: str
    before: str
    after: str
    data: list[tuple[str, str]] = field(default_factory=list)
    note: str = ""


def person(user: Any) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _state(value: str) -> str:
    return State(value).label if value in State.values else value


def _value(key: str, value: Any) -> str:
    return _VALUE_LABELS.get(key, {}).get(value, str(value))


def event_rows(application: Application) -> list[EventRow]:
    events = application.events.select_related("actor").order_by("on", "pk")
    return [_row(event) for event in events]


def _row(event: ApplicationEvent) -> EventRow:
    act = workflow.ACTIONS.get(event.kind)
    return EventRow(
        on=event.on,
        at=event.at,
        kind=act.label if act else _KIND_LABELS.get(event.kind, event.kind),
        actor=person(event.actor) or "申请人（网上提交）",
        before=_state(event.state_before) if event.state_before else "",
        after=_state(event.state_after) if event.state_after else "",
        data=[
            (_DATA_LABELS.get(key, key), _value(key, value))
            for key, value in event.data.items()
            if key not in _HIDDEN
        ],
        note=event.note,
    )


def field_rows(application: Application) -> list[tuple[str, str]]:
    """(label, shown value) of every filled field, choices by name, people by name."""
    rows = []
    for name in DETAIL_FIELDS:
        model_field = Application._meta.get_field(name)
        value = getattr(application, name)
        if value in (None, ""):
            continue
        if name == "outcome":
            shown = _value("outcome", value)
        elif model_field.choices:
            shown = getattr(application, f"get_{name}_display")()
        elif model_field.is_relation and name != "department":
            shown = person(value)
        elif isinstance(value, datetime):
            shown = f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
        else:
            shown = str(value)
        rows.append((str(model_field.verbose_name), shown))
    return rows
