"""The handling workflow, declared as data: every action, from which states, to which, by whom.

``check`` is the one place that refuses a move; it names the reason in the user's language. The
effects of an action on the record (outcome, department, closing date) live in the services; the
clock kind an action records is declared here, so the deadline sees every step that moves it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Role
from gongkai.applications.models import State
from gongkai.core import workflow as core
from gongkai.core.errors import DomainError
from gongkai.workdays import clock

S = State


@dataclass(frozen=True)
class Action(core.Action):
    """A step of the handling (core.workflow.Action: key, label, sources, target — None when
    the state stays, as for an extension — roles, four_eyes), and the clock event it records."""

    clock_kind: str | None = None  # the clock event this action records, if any


def _action(
    key: str,
    label: str,
    sources: Iterable[str],
    target: str | None,
    roles: Iterable[str],
    *,
    clock_kind: str | None = None,
    not_by_drafter: bool = False,  # the four-eyes rule: not by whoever drafted the reply
) -> Action:
    return Action(
        key,
        label,
        frozenset(sources),
        target,
        frozenset(roles),
        four_eyes=not_by_drafter,
        clock_kind=clock_kind,
    )


_BEFORE_REPLY = (
    S.REGISTERED,
    S.ASSIGNED,
    S.CONSULTING,
    S.AWAITING_FEE,
    S.DRAFTED,
    S.HEAD_REVIEWED,
    S.LEADER_APPROVED,
    S.CLEARED,
)
_REVIEWING = (S.DRAFTED, S.HEAD_REVIEWED, S.LEADER_APPROVED, S.CLEARED)
_CLERKS = (Role.CLERK, Role.ADMIN)

ACTIONS: dict[str, Action] = {
    a.key: a
    for a in (
        _action(
            "confirm_receipt",
            "确认收到申请",
            [S.SUBMITTED],
            S.REGISTERED,
            _CLERKS,
            clock_kind=clock.RECEIVED,
        ),
        # Art. 30 counts the 7 working days from receipt, whatever the internal stage.
        _action(
            "request_correction",
            "告知补正",
            [S.REGISTERED, S.ASSIGNED],
            S.CORRECTION,
            _CLERKS,
            clock_kind=clock.CORRECTION_REQUESTED,
        ),
        _action(
            "receive_correction",
            "收到补正",
            [S.CORRECTION],
            S.REGISTERED,
            _CLERKS,
            clock_kind=clock.CORRECTION_RECEIVED,
        ),
        _action("abandon", "逾期未补正，不再处理", [S.CORRECTION], S.CLOSED, _CLERKS),
        # Reassigning (another department or assignee) is possible until the reply is reviewed;
        # a drafted reply goes back to be drafted again by whoever handles it now.
        _action(
            "assign",
            "分办",
            [S.REGISTERED, S.ASSIGNED, S.DRAFTED],
            S.ASSIGNED,
            (*_CLERKS, Role.HEAD),
        ),
        _action(
            "start_consultation",
            "征求第三方或其他机关意见",
            [S.ASSIGNED],
            S.CONSULTING,
            _CLERKS,
            clock_kind=clock.CONSULTATION_STARTED,
        ),
        # Art. 32/34: the 15 working days run from the consulted party's receipt of the letter.
        _action(
            "record_consultation_receipt",
            "记录对方收到征求意见书日期",
            [S.CONSULTING],
            None,
            _CLERKS,
        ),
        _action(
            "end_consultation",
            "收到意见或征求期满",
            [S.CONSULTING],
            S.ASSIGNED,
            _CLERKS,
            clock_kind=clock.CONSULTATION_ENDED,
        ),
        _action(
            "send_fee_notice",
            "发出收费通知",
            [S.ASSIGNED],
            S.AWAITING_FEE,
            _CLERKS,
            clock_kind=clock.FEE_NOTICE_SENT,
        ),
        # 109号: the payment window runs from the day after the applicant received the notice.
        _action(
            "record_fee_delivery",
            "记录收费通知送达日期",
            [S.AWAITING_FEE],
            None,
            _CLERKS,
        ),
        _action(
            "receive_fee",
            "收到缴费",
            [S.AWAITING_FEE],
            S.ASSIGNED,
            _CLERKS,
            clock_kind=clock.FEE_PAID,
        ),
        _action("expire_fee", "逾期未缴费，不再处理", [S.AWAITING_FEE], S.CLOSED, _CLERKS),
        # Art. 33: the head of the disclosure office consents; the leader only where the agency's
        # own policy says so (agencies.permissions.can_approve_extension).
        _action(
            "approve_extension",
            "批准延期答复",
            _BEFORE_REPLY,
            None,
            (Role.HEAD, Role.LEADER),
            clock_kind=clock.EXTENSION_APPROVED,
        ),
        _action(
            "set_custom_deadline",
            "确定合理答复期限（第三十五条）",
            _BEFORE_REPLY,
            None,
            (Role.LEADER,),
            clock_kind=clock.CUSTOM_DEADLINE,
        ),
        _action("draft", "拟写答复", [S.ASSIGNED], S.DRAFTED, _CLERKS),
        _action(
            "return",
            "退回修改",
            _REVIEWING,
            S.ASSIGNED,
            (Role.HEAD, Role.LEADER, Role.REVIEWER),
        ),
        _action(
            "head_review",
            "处室负责人审核通过",
            [S.DRAFTED],
            S.HEAD_REVIEWED,
            (Role.HEAD,),
            not_by_drafter=True,
        ),
        _action(
            "leader_approve",
            "分管领导批准",
            [S.HEAD_REVIEWED],
            S.LEADER_APPROVED,
            (Role.LEADER,),
            not_by_drafter=True,
        ),
        _action(
            "clear",
            "保密审查通过",
            [S.HEAD_REVIEWED, S.LEADER_APPROVED],
            S.CLEARED,
            (Role.REVIEWER,),
            not_by_drafter=True,
        ),
        _action("serve", "送达答复告知书", [S.CLEARED], S.SERVED, _CLERKS),
        _action("close", "办结归档", [S.SERVED], S.CLOSED, _CLERKS),
        _action(
            "withdraw",
            "申请人撤回申请",
            [*_BEFORE_REPLY, S.CORRECTION],
            S.CLOSED,
            _CLERKS,
        ),
    )
}


def action(key: str) -> Action:
    try:
        return ACTIONS[key]
    except KeyError:
        raise DomainError(f"未知的办理操作 “{key}”") from None


VOCABULARY = core.Vocabulary(
    state_label=lambda state: str(State(state).label),
    role_label=lambda role: str(Role(role).label),
    state_refusal=_("申请当前状态为“%(state)s”，不能执行“%(action)s”"),
    four_eyes_refusal=_("拟稿人不能审核或批准自己拟写的答复（%(action)s）"),
)


def check(act: Action, *, state: str, roles: set[str], is_drafter: bool) -> None:
    """Refuse an action that the state, the actor's roles or the four-eyes rule do not allow,
    saying why (core.workflow.check with this workflow's labels)."""
    core.check(act, state=state, roles=roles, is_drafter=is_drafter, vocabulary=VOCABULARY)
