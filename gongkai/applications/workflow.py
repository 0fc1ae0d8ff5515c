"""The handling workflow, declared as data: every action, from which states, to which, by whom.

``check`` is the one place that refuses a move; it names the reason in the user's language. The
effects of an action on the record (outcome, department, closing date) live in the services.
What the event an action records is — its label, the clock event and the notice — is declared
once with the other event kinds (``event_kinds``); an action's label is its event kind's.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import HANDLING_ROLES, Role
from gongkai.applications.event_kinds import event_kind
from gongkai.applications.models import State
from gongkai.core import workflow as core
from gongkai.core.errors import DomainError

S = State

# A step of the handling: key, label, sources, target (None when the state stays, as for an
# extension), roles, four_eyes.
Action = core.Action


def _action(
    key: str,
    sources: Iterable[str],
    target: str | None,
    roles: Iterable[str],
    *,
    not_by_drafter: bool = False,  # the four-eyes rule: not by whoever drafted the reply
) -> Action:
    return Action(
        key,
        event_kind(key).label,  # the one label of the step and of the event it records
        frozenset(sources),
        target,
        frozenset(roles),
        four_eyes=not_by_drafter,
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
_CLERKS = HANDLING_ROLES

ACTIONS: dict[str, Action] = {
    a.key: a
    for a in (
        _action("confirm_receipt", [S.SUBMITTED], S.REGISTERED, _CLERKS),
        # Art. 30 counts the 7 working days from receipt, whatever the internal stage.
        _action("request_correction", [S.REGISTERED, S.ASSIGNED], S.CORRECTION, _CLERKS),
        _action("receive_correction", [S.CORRECTION], S.REGISTERED, _CLERKS),
        _action("abandon", [S.CORRECTION], S.CLOSED, _CLERKS),
        # Reassigning (another department or assignee) is possible until the reply is reviewed;
        # a drafted reply goes back to be drafted again by whoever handles it now.
        _action("assign", [S.REGISTERED, S.ASSIGNED, S.DRAFTED], S.ASSIGNED, (*_CLERKS, Role.HEAD)),
        _action("start_consultation", [S.ASSIGNED], S.CONSULTING, _CLERKS),
        # Art. 32/34: the 15 working days run from the consulted party's receipt of the letter.
        _action("record_consultation_receipt", [S.CONSULTING], None, _CLERKS),
        _action("end_consultation", [S.CONSULTING], S.ASSIGNED, _CLERKS),
        _action("send_fee_notice", [S.ASSIGNED], S.AWAITING_FEE, _CLERKS),
        # 109号: the payment window runs from the day after the applicant received the notice.
        _action("record_fee_delivery", [S.AWAITING_FEE], None, _CLERKS),
        _action("receive_fee", [S.AWAITING_FEE], S.ASSIGNED, _CLERKS),
        _action("expire_fee", [S.AWAITING_FEE], S.CLOSED, _CLERKS),
        # Art. 33: the head of the disclosure office consents; the leader only where the agency's
        # own policy says so (agencies.permissions.can_approve_extension).
        _action("approve_extension", _BEFORE_REPLY, None, (Role.HEAD, Role.LEADER)),
        _action("set_custom_deadline", _BEFORE_REPLY, None, (Role.LEADER,)),
        _action("draft", [S.ASSIGNED], S.DRAFTED, _CLERKS),
        _action("return", _REVIEWING, S.ASSIGNED, (Role.HEAD, Role.LEADER, Role.REVIEWER)),
        _action("head_review", [S.DRAFTED], S.HEAD_REVIEWED, (Role.HEAD,), not_by_drafter=True),
        _action(
            "leader_approve",
            [S.HEAD_REVIEWED],
            S.LEADER_APPROVED,
            (Role.LEADER,),
            not_by_drafter=True,
        ),
        _action(
            "clear",
            [S.HEAD_REVIEWED, S.LEADER_APPROVED],
            S.CLEARED,
            (Role.REVIEWER,),
            not_by_drafter=True,
        ),
        _action("serve", [S.CLEARED], S.SERVED, _CLERKS),
        _action("close", [S.SERVED], S.CLOSED, _CLERKS),
        _action("withdraw", [*_BEFORE_REPLY, S.CORRECTION], S.CLOSED, _CLERKS),
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
