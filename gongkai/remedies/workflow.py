"""The moves of a case, declared as data: open → decided (登记审结) and back (更正审结登记).

Edits of what was registered are allowed in either state (a 案号 learnt later, a typo in the
body's name); the decision itself is changed only by reopening the case and deciding it again,
so the history shows the wrong decision and its correction. Every move is the clerks' and the
agency admins' (``HANDLING_ROLES``); the provincial office and the other roles only read.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import HANDLING_ROLES, Role
from gongkai.core import workflow as core
from gongkai.core.errors import DomainError
from gongkai.remedies.models import CaseState, EventKind

_BOTH = frozenset({CaseState.OPEN.value, CaseState.DECIDED.value})
_ROLES = frozenset(HANDLING_ROLES)

ACTIONS: dict[str, core.Action] = {
    a.key: a
    for a in (
        core.Action(EventKind.UPDATED.value, EventKind.UPDATED.label, _BOTH, None, _ROLES),
        core.Action(
            EventKind.DECIDED.value,
            EventKind.DECIDED.label,
            frozenset({CaseState.OPEN.value}),
            CaseState.DECIDED.value,
            _ROLES,
        ),
        core.Action(
            EventKind.REOPENED.value,
            EventKind.REOPENED.label,
            frozenset({CaseState.DECIDED.value}),
            CaseState.OPEN.value,
            _ROLES,
        ),
    )
}

VOCABULARY = core.Vocabulary(
    state_label=lambda state: str(CaseState(state).label),
    role_label=lambda role: str(Role(role).label),
    state_refusal=_("该案件当前为“%(state)s”，不能%(action)s"),
)


def action(key: str) -> core.Action:
    try:
        return ACTIONS[key]
    except KeyError:
        raise DomainError(_("未知的操作“%(key)s”") % {"key": key}) from None
