"""The review chain of an annual report, declared as data: the clerk compiles it → department
head → leader in charge → confidentiality review, which publishes it.

The same shape as the items' chain (``publishing.workflow``): anyone whose turn it is may send it
back with a reason; no one takes two steps on one report in a round, and whoever wrote it
reviews none of it (the core's four-eyes flag). A correction after publication (``correct``)
reopens the draft while the published version stays up; publishing it makes the next version.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import HANDLING_ROLES, Role
from gongkai.core import workflow as core
from gongkai.core.errors import DomainError
from gongkai.reports.models import ReportEventKind as K
from gongkai.reports.models import ReportState as S

IN_REVIEW = (S.SUBMITTED, S.HEAD_APPROVED, S.LEADER_APPROVED)


def _action(key: K, sources, target, roles, *, four_eyes: bool = False) -> core.Action:
    return core.Action(
        key.value, key.label, frozenset(sources), target, frozenset(roles), four_eyes=four_eyes
    )


ACTIONS: dict[str, core.Action] = {
    a.key: a
    for a in (
        _action(K.SUBMIT, [S.DRAFT], S.SUBMITTED, HANDLING_ROLES),
        _action(K.HEAD_APPROVE, [S.SUBMITTED], S.HEAD_APPROVED, (Role.HEAD,), four_eyes=True),
        _action(
            K.LEADER_APPROVE, [S.HEAD_APPROVED], S.LEADER_APPROVED, (Role.LEADER,), four_eyes=True
        ),
        _action(K.PUBLISH, [S.LEADER_APPROVED], S.PUBLISHED, (Role.REVIEWER,), four_eyes=True),
        _action(K.SEND_BACK, IN_REVIEW, S.DRAFT, (Role.HEAD, Role.LEADER, Role.REVIEWER)),
        _action(K.CORRECT, [S.PUBLISHED], S.DRAFT, HANDLING_ROLES),
    )
}

# Whose turn it is in each state under review: the step they would take (and may refuse).
TURN = {
    S.SUBMITTED: K.HEAD_APPROVE,
    S.HEAD_APPROVED: K.LEADER_APPROVE,
    S.LEADER_APPROVED: K.PUBLISH,
}
# Who wrote any of the report reviews none of it (over its whole history: permissions).
AUTHOR_KINDS = frozenset({K.CREATE, K.EDIT, K.ACKNOWLEDGE, K.SUBMIT, K.CORRECT})
# A reviewer takes one step in a round; a round ends at a send-back, a correction, a publication.
REVIEW_KINDS = frozenset({K.HEAD_APPROVE, K.LEADER_APPROVE, K.PUBLISH})
ROUND_ENDS = frozenset({K.SEND_BACK, K.CORRECT, K.PUBLISH})
NEEDS_REASON = frozenset({K.SEND_BACK, K.CORRECT})


def action(key: str) -> core.Action:
    try:
        return ACTIONS[key]
    except KeyError:
        raise DomainError(_("未知的操作“%(key)s”") % {"key": key}) from None


VOCABULARY = core.Vocabulary(
    state_label=lambda state: str(S(state).label),
    role_label=lambda role: str(Role(role).label),
    state_refusal=_("该年度报告当前状态为“%(state)s”，不能执行“%(action)s”"),
    four_eyes_refusal=_("同一人不能在同一年度报告的审核链中办理两个环节（%(action)s）"),
)
