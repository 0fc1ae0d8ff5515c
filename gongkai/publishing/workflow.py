"""The review chain of an item, declared as data: draft → department head → leader in charge →
confidentiality review → published ("需要公开的第一时间公开，不能公开的坚决不公开").

Anyone in the chain can send an item back with a reason. No one takes two steps on the same item
in one round (a round runs from the draft to its publication or its sending back): the
four-eyes flag of the core workflow, asked with ``took_a_step`` (``publishing.permissions``).
An edit after publication (``revise``) starts a new round while the published version stays up.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import HANDLING_ROLES, Role
from gongkai.core import workflow as core
from gongkai.core.errors import DomainError
from gongkai.publishing.models import EventKind, State

S = State
_IN_REVIEW = (S.SUBMITTED, S.HEAD_APPROVED, S.LEADER_APPROVED)


def _action(key: EventKind, sources, target, roles, *, four_eyes: bool = False) -> core.Action:
    return core.Action(
        key.value, key.label, frozenset(sources), target, frozenset(roles), four_eyes=four_eyes
    )


ACTIONS: dict[str, core.Action] = {
    a.key: a
    for a in (
        _action(EventKind.SUBMIT, [S.DRAFT], S.SUBMITTED, HANDLING_ROLES, four_eyes=False),
        _action(
            EventKind.HEAD_APPROVE, [S.SUBMITTED], S.HEAD_APPROVED, (Role.HEAD,), four_eyes=True
        ),
        _action(
            EventKind.LEADER_APPROVE,
            [S.HEAD_APPROVED],
            S.LEADER_APPROVED,
            (Role.LEADER,),
            four_eyes=True,
        ),
        _action(
            EventKind.PUBLISH, [S.LEADER_APPROVED], S.PUBLISHED, (Role.REVIEWER,), four_eyes=True
        ),
        _action(EventKind.SEND_BACK, _IN_REVIEW, S.DRAFT, (Role.HEAD, Role.LEADER, Role.REVIEWER)),
        _action(EventKind.REVISE, [S.PUBLISHED], S.DRAFT, HANDLING_ROLES),
        # Only what was published can be withdrawn (a draft never left the office); a revision
        # under review is dropped with it.
        _action(
            EventKind.WITHDRAW, [S.PUBLISHED, S.DRAFT, *_IN_REVIEW], S.WITHDRAWN, HANDLING_ROLES
        ),
    )
}

# Who wrote what is to be published — drafted, edited, submitted or started a revision of it —
# reviews none of it, however often it is sent back: authorship runs from the last publication.
AUTHOR_KINDS = frozenset({EventKind.CREATE, EventKind.EDIT, EventKind.SUBMIT, EventKind.REVISE})
# A reviewer takes one step in a round; a round ends at a send-back, a revision or a publication,
# and what follows is reviewed afresh.
REVIEW_KINDS = frozenset({EventKind.HEAD_APPROVE, EventKind.LEADER_APPROVE, EventKind.PUBLISH})
ROUND_ENDS = frozenset({EventKind.SEND_BACK, EventKind.REVISE, EventKind.PUBLISH})
# Where the text must say why.
NEEDS_REASON = frozenset({EventKind.SEND_BACK, EventKind.WITHDRAW, EventKind.REVISE})


def action(key: str) -> core.Action:
    try:
        return ACTIONS[key]
    except KeyError:
        raise DomainError(_("未知的操作“%(key)s”") % {"key": key}) from None


VOCABULARY = core.Vocabulary(
    state_label=lambda state: str(State(state).label),
    role_label=lambda role: str(Role(role).label),
    state_refusal=_("该信息当前状态为“%(state)s”，不能执行“%(action)s”"),
    four_eyes_refusal=_("同一人不能在同一信息的审核链中办理两个环节（%(action)s）"),
)
