"""Every kind of application event, declared once: its label, the deadline clock event it records,
the notice it issues, and the keys its data records with what each means.

The workflow's actions (``workflow.ACTIONS``: sources, target, roles, the four-eyes rule) take
their labels from here, the deadline (``services.deadlines``) its clock events, the notices
(``notices.services``) which notice a step issues, the history (``event_labels``) the names of
kinds and keys, and ``ApplicationEvent.kind`` its choices. Pure data: no model is imported, so
that the models can read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from gongkai.applications.notices import kinds as notice_kinds
from gongkai.workdays import clock

Label = Promise | str

# The kinds that are no workflow action: the online form, registration by staff, a ledger import.
SUBMIT = "submit"
REGISTER = "register"
IMPORT = "import"
# Personal information cleared after the retention period (applications.retention).
PURGE_PERSONAL_DATA = "purge_personal_data"

# What a key of an event's data means, where it means the same in every kind that records it.
KEY_LABELS: dict[str, Label] = {
    "channel": _("申请方式"),
    "received_on": _("收到申请日期"),
    "source": _("台账文件"),
    "sha256": _("台账文件 SHA-256 校验值"),
    "row": _("台账行号"),
    "closed_on": _("办结日期"),
    "submission_key": _("提交标识"),
    "items": _("需要补正的事项"),
    "until": _("期限"),
    "info_name_before": _("所需信息名称（补正前）"),
    "info_name": _("所需信息名称（补正后）"),
    "description_before": _("所需信息的特征性描述（补正前）"),
    "description": _("所需信息的特征性描述（补正后）"),
    "department": _("承办处室编号"),
    "department_name": _("承办处室"),
    "assignee": _("承办人编号"),
    "assignee_name": _("承办人"),
    "previous_department_name": _("原承办处室"),
    "previous_assignee_name": _("原承办人"),
    "party": _("征求意见对象"),
    "kind": _("对象类型"),
    "result": _("意见结果"),
    "basis": _("收费方式"),
    "quantity": _("数量"),
    "amount": _("金额（元）"),
    "calculation": _("计算过程"),
    "delivered_on": _("申请人收到收费通知日期"),
    "payment_due": _("缴费期限"),
    "days": _("延长工作日数"),
    "reason": _("理由"),
    "by_applicant": _("由申请人在网上撤回"),
    "outcome": _("答复结果"),
    "method": _("送达方式"),
    "tracking_number": _("邮寄单号"),
    "files": _("提供的信息文件"),
}


def _data(*keys: str, **meaning: Label) -> dict[str, Label]:
    """The keys a kind records: shared ones by name, and those that mean something of their own
    in this kind with that meaning."""
    return {key: KEY_LABELS[key] for key in keys} | meaning


@dataclass(frozen=True)
class EventKind:
    key: str
    label: Label
    # The deadline clock event it records (workdays.clock), if any; a receipt counts only when
    # the event records the day (``received_on``).
    clock_kind: str | None = None
    # The notice it issues (notices.kinds), if any; a consultation's letter is the consulted
    # party's (CONSULTED_PARTIES).
    notice_kind: str | None = None
    # Every key its data may record → what it means.
    data_labels: dict[str, Label] = field(default_factory=dict)


_ASSIGNMENT = ("department", "department_name", "assignee", "assignee_name")
_REPLY = notice_kinds.REPLY

EVENT_KINDS: dict[str, EventKind] = {
    k.key: k
    for k in (
        EventKind(SUBMIT, _("网上提交申请"), data_labels=_data("channel")),
        EventKind(
            REGISTER,
            _("登记申请"),
            clock_kind=clock.RECEIVED,
            notice_kind=notice_kinds.RECEIPT,
            data_labels=_data("channel", "received_on"),
        ),
        # An import issues no notice: the applications were handled elsewhere.
        EventKind(
            IMPORT,
            _("从台账导入"),
            clock_kind=clock.RECEIVED,
            data_labels=_data(
                "source",
                "sha256",
                "row",
                "received_on",
                "channel",
                "outcome",
                "closed_on",
                "department",
                "department_name",
                "submission_key",
            ),
        ),
        # The workflow's actions (workflow.ACTIONS), in its order.
        EventKind(
            "confirm_receipt",
            _("确认收到申请"),
            clock_kind=clock.RECEIVED,
            notice_kind=notice_kinds.RECEIPT,
            data_labels=_data("received_on"),
        ),
        EventKind(
            "request_correction",
            _("告知补正"),
            clock_kind=clock.CORRECTION_REQUESTED,
            notice_kind=notice_kinds.CORRECTION,
            data_labels=_data("items", until=_("补正期限")),
        ),
        EventKind(
            "receive_correction",
            _("收到补正"),
            clock_kind=clock.CORRECTION_RECEIVED,
            data_labels=_data("info_name_before", "info_name", "description_before", "description"),
        ),
        EventKind(
            "abandon",
            _("逾期未补正，不再处理"),
            notice_kind=_REPLY,
            data_labels=_data("outcome"),
        ),
        EventKind(
            "assign",
            _("分办"),
            data_labels=_data(*_ASSIGNMENT, "previous_department_name", "previous_assignee_name"),
        ),
        EventKind(
            "start_consultation",
            _("征求第三方或其他机关意见"),
            clock_kind=clock.CONSULTATION_STARTED,
            notice_kind=notice_kinds.CONSULTATION,
            data_labels=_data("party", "kind", received_on=_("对方收到征求意见书日期")),
        ),
        EventKind(
            "record_consultation_receipt",
            _("记录对方收到征求意见书日期"),
            data_labels={"received_on": _("对方收到征求意见书日期")},
        ),
        EventKind(
            "end_consultation",
            _("收到意见或征求期满"),
            clock_kind=clock.CONSULTATION_ENDED,
            data_labels=_data("result"),
        ),
        EventKind(
            "send_fee_notice",
            _("发出收费通知"),
            clock_kind=clock.FEE_NOTICE_SENT,
            notice_kind=notice_kinds.FEE,
            data_labels=_data("basis", "quantity", "amount", "calculation", "delivered_on"),
        ),
        EventKind(
            "record_fee_delivery", _("记录收费通知送达日期"), data_labels=_data("delivered_on")
        ),
        EventKind("receive_fee", _("收到缴费"), clock_kind=clock.FEE_PAID),
        EventKind(
            "expire_fee",
            _("逾期未缴费，不再处理"),
            notice_kind=_REPLY,
            data_labels=_data("outcome", "payment_due"),
        ),
        EventKind(
            "approve_extension",
            _("批准延期答复"),
            clock_kind=clock.EXTENSION_APPROVED,
            notice_kind=notice_kinds.EXTENSION,
            data_labels=_data("days", "reason"),
        ),
        EventKind(
            "set_custom_deadline",
            _("确定合理答复期限（第三十五条）"),
            clock_kind=clock.CUSTOM_DEADLINE,
            notice_kind=notice_kinds.CUSTOM_DEADLINE,
            data_labels=_data("reason", until=_("答复期限")),
        ),
        EventKind("draft", _("拟写答复"), data_labels=_data("outcome")),
        EventKind("return", _("退回修改"), data_labels=_data("reason")),
        EventKind("head_review", _("处室负责人审核通过")),
        EventKind("leader_approve", _("分管领导批准")),
        EventKind("clear", _("保密审查通过")),
        # The reply is issued when it is served.
        EventKind(
            "serve",
            _("送达答复告知书"),
            notice_kind=_REPLY,
            data_labels=_data("outcome", "method", "tracking_number", "files"),
        ),
        EventKind("close", _("办结归档")),
        # A clerk records a withdrawal handed in on paper; the applicant's online one is the same
        # kind, flagged ``by_applicant``.
        EventKind(
            "withdraw",
            _("申请人撤回申请"),
            data_labels=_data("outcome", "reason", "by_applicant"),
        ),
        EventKind(
            PURGE_PERSONAL_DATA,
            _("个人信息已按保存期限清除"),
            data_labels=_data(
                files_removed=_("清除的文件数"),
                events_cleared=_("清除了个人信息的记录数"),
                retention_years=_("保存期限（年）"),
            ),
        ),
    )
}


def event_kind(key: str) -> EventKind:
    try:
        return EVENT_KINDS[key]
    except KeyError:
        raise ValueError(f"未知的办理记录事项 “{key}”") from None


def choices() -> list[tuple[str, Label]]:
    """``ApplicationEvent.kind``'s choices, in the registry's order."""
    return [(k.key, k.label) for k in EVENT_KINDS.values()]


@dataclass(frozen=True)
class ConsultedParty:
    """Whom ``start_consultation`` asks (its data's ``kind``), and the letter they get."""

    key: str
    label: Label
    letter: str  # a notice kind (notices.kinds)


# Art. 32 consults a third party, Art. 34 another agency (on jointly made information).
CONSULTED_PARTIES: dict[str, ConsultedParty] = {
    p.key: p
    for p in (
        ConsultedParty("third_party", _("第三方（第三十二条）"), notice_kinds.CONSULTATION),
        ConsultedParty("agency", _("其他机关（第三十四条）"), notice_kinds.AGENCY_CONSULTATION),
    )
}


def kinds_issuing(notice_kind: str) -> list[str]:
    """The event kinds that issue this kind of notice (each consultation letter: the one step)."""
    letters = {p.letter for p in CONSULTED_PARTIES.values()}
    wanted = notice_kinds.CONSULTATION if notice_kind in letters else notice_kind
    return [k.key for k in EVENT_KINDS.values() if k.notice_kind == wanted]
