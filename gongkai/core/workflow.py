"""A workflow declared as data: actions, the states they start from and lead to, and who may act.

An app declares its table of ``Action``s and asks ``check`` before every move; ``check`` refuses
with a ``DomainError`` that says why, in the user's language. The four-eyes rule is a flag of the
action: whoever prepared the item (drafted the reply, say) may not take the step themselves.

Core knows no states or roles: they are strings here, and the app gives their labels (and the
words of its four-eyes refusal) through a ``Vocabulary``.
"""

from __future__ import annotations

from collections.abc import Callable, Set
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core.errors import DomainError


@dataclass(frozen=True)
class Action:
    key: str
    label: str
    sources: frozenset[str]  # the states it may be taken from
    target: str | None  # the state it leads to; None: the state stays
    roles: frozenset[str]  # any one of them allows it
    # The four-eyes rule: whoever prepared the item (``is_drafter``) may not take this step.
    four_eyes: bool = False


@dataclass(frozen=True)
class Vocabulary:
    """How a workflow names its states and roles, and what its refusals of a state and of the
    four-eyes rule say (``%(state)s`` is the state's label, ``%(action)s`` the action's)."""

    state_label: Callable[[str], str] = str
    role_label: Callable[[str], str] = str
    state_refusal: str = gettext_lazy("当前状态为“%(state)s”，不能执行“%(action)s”")
    four_eyes_refusal: str = gettext_lazy("准备这一事项的人不能自己审核或批准（%(action)s）")


PLAIN = Vocabulary()


def check(
    act: Action,
    *,
    state: str,
    roles: Set[str],
    is_drafter: bool,
    vocabulary: Vocabulary = PLAIN,
) -> None:
    """Refuse an action that the state, the actor's roles or the four-eyes rule do not allow."""
    if state not in act.sources:
        raise DomainError(
            str(vocabulary.state_refusal)
            % {"state": vocabulary.state_label(state), "action": act.label}
        )
    if not roles & act.roles:
        needed = "、".join(str(vocabulary.role_label(r)) for r in sorted(act.roles))
        raise DomainError(
            _("“%(action)s”需要以下角色之一：%(roles)s") % {"action": act.label, "roles": needed}
        )
    if act.four_eyes and is_drafter:
        raise DomainError(str(vocabulary.four_eyes_refusal) % {"action": act.label})


def step_day(on: date | None, last: date | None) -> date:
    """The day a step is recorded for: today unless given, never in the future, never before
    the last step (``last``)."""
    today = timezone.localdate()
    day = on or today
    if day > today:
        raise DomainError(_("日期不能晚于今天"), field="on")
    if last is not None and day < last:
        raise DomainError(
            _("日期不能早于上一步（%(day)s）") % {"day": last.isoformat()}, field="on"
        )
    return day
