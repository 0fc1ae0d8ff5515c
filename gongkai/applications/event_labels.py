"""The names people read for what an event records: its kind, each key of its data, and choice
values. Declared once here; every kind an event is created with and every key it records has a
label (tests/applications/test_event_labels.py holds every step to that).
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from gongkai.applications import workflow
from gongkai.applications.models import Channel
from gongkai.applications.outcomes import OUTCOMES
from gongkai.applications.services.handling import CONSULTATION_KINDS, ServeMethod

# Events that are not workflow actions: registration, the online form, a ledger import.
KIND_LABELS: dict[str, Promise | str] = {
    "submit": _("网上提交申请"),
    "register": _("登记申请"),
    "import": _("从台账导入"),
}

DATA_LABELS: dict[str, Promise | str] = {
    # registration and import
    "channel": _("申请方式"),
    "received_on": _("收到申请日期"),
    "source": _("台账文件"),
    "sha256": _("台账文件 SHA-256 校验值"),
    "row": _("台账行号"),
    "closed_on": _("办结日期"),
    "submission_key": _("提交标识"),
    # correction
    "items": _("需要补正的事项"),
    "until": _("期限"),
    "info_name_before": _("所需信息名称（补正前）"),
    "info_name": _("所需信息名称（补正后）"),
    "description_before": _("所需信息的特征性描述（补正前）"),
    "description": _("所需信息的特征性描述（补正后）"),
    # assignment
    "department": _("承办处室编号"),
    "department_name": _("承办处室"),
    "assignee": _("承办人编号"),
    "assignee_name": _("承办人"),
    "previous_department_name": _("原承办处室"),
    "previous_assignee_name": _("原承办人"),
    # consultation
    "party": _("征求意见对象"),
    "kind": _("对象类型"),
    "result": _("意见结果"),
    # fee
    "basis": _("收费方式"),
    "quantity": _("数量"),
    "amount": _("金额（元）"),
    "calculation": _("计算过程"),
    "delivered_on": _("申请人收到收费通知日期"),
    "payment_due": _("缴费期限"),
    # extension, Art. 35, return, withdrawal
    "days": _("延长工作日数"),
    "reason": _("理由"),
    "by_applicant": _("由申请人在网上撤回"),
    # reply
    "outcome": _("答复结果"),
    "method": _("送达方式"),
    "tracking_number": _("邮寄单号"),
    "files": _("提供的信息文件"),
}

# Where one key means something else in one kind of event.
KIND_DATA_LABELS: dict[tuple[str, str], Promise | str] = {
    ("start_consultation", "received_on"): _("对方收到征求意见书日期"),
    ("record_consultation_receipt", "received_on"): _("对方收到征求意见书日期"),
    ("request_correction", "until"): _("补正期限"),
    ("set_custom_deadline", "until"): _("答复期限"),
}

# Keys recorded for the machine, shown through a readable companion (department_name), or, for
# the files, as links to them.
HIDDEN = frozenset({"department", "assignee", "submission_key", "files"})

VALUE_LABELS: dict[str, dict[str, Promise | str]] = {
    "channel": dict(Channel.choices),
    "outcome": {key: o.label for key, o in OUTCOMES.items()},
    "basis": {"by_count": _("按件计收"), "by_volume": _("按量计收")},
    "kind": {key: label for key, label in CONSULTATION_KINDS.items()},
    "method": dict(ServeMethod.choices),
    "by_applicant": {True: _("是"), False: _("否")},
}


def kind_label(kind: str) -> str:
    act = workflow.ACTIONS.get(kind)
    return str(act.label if act else KIND_LABELS.get(kind, kind))


def data_label(kind: str, key: str) -> str:
    return str(KIND_DATA_LABELS.get((kind, key)) or DATA_LABELS.get(key, key))


def value_label(key: str, value: object) -> str:
    return str(VALUE_LABELS.get(key, {}).get(value, value))  # type: ignore[call-overload]


def has_label(kind: str, key: str | None = None) -> bool:
    """Whether the kind (and the key of its data) has a label people can read."""
    known_kind = kind in workflow.ACTIONS or kind in KIND_LABELS
    if key is None:
        return known_kind
    return known_kind and (key in HIDDEN or key in DATA_LABELS or (kind, key) in KIND_DATA_LABELS)
