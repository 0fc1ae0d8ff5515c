"""Who may see and do what with items, in pairs: object-level ``can_*`` and ``items_visible_to``.

Staff of the agency read its items (the provincial office reads them too); the clerks draft;
each step of the chain is its role's, the first review the item's department head's. The rule
that no one takes two steps in one round is asked here (``took_a_step``) and enforced by the
workflow core's four-eyes flag.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from gongkai.agencies.models import HANDLING_ROLES
from gongkai.agencies.permissions import access_of, has_role, roles_in
from gongkai.core import workflow as core
from gongkai.core.errors import DomainError
from gongkai.publishing import workflow
from gongkai.publishing.models import EventKind, Item, ItemEvent, State

User = AbstractBaseUser | AnonymousUser


def items_visible_to(user: User) -> QuerySet[Item]:
    """The items of the agencies the user reads (their agencies as a subquery)."""
    access = access_of(user)
    if access.is_superuser:
        return Item.objects.all()
    return Item.objects.filter(agency_id__in=access.readable_agencies().values("pk"))


def can_draft_items(user: User, agency_id: int) -> bool:
    return has_role(user, agency_id, *HANDLING_ROLES)


def can_edit_item(user: User, item: Item) -> bool:
    return item.state == State.DRAFT and can_draft_items(user, item.agency_id)


def heads_department_of(user: User, item: Item) -> bool:
    headed = access_of(user).headed_departments(item.agency_id)
    return item.department_id in headed or None in headed


def events_since(events: list[ItemEvent], ends: frozenset[str]) -> list[ItemEvent]:
    """The events after the last one of the kinds ``ends``."""
    for i in range(len(events) - 1, -1, -1):
        if events[i].kind in ends:
            return events[i + 1 :]
    return events


def took_a_step(user: User, events: list[ItemEvent]) -> bool:
    """Whether the user wrote what is to be published (since the last publication) or reviewed
    it in the current round: either way they may take no review step now."""
    authored = events_since(events, frozenset({EventKind.PUBLISH}))
    reviewed = events_since(events, workflow.ROUND_ENDS)
    return any(e.actor_id == user.pk and e.kind in workflow.AUTHOR_KINDS for e in authored) or any(
        e.actor_id == user.pk and e.kind in workflow.REVIEW_KINDS for e in reviewed
    )


def action_refusal(user: User, item: Item, key: str, events: list[ItemEvent]) -> str | None:
    """Why the user may not take the step now (in the user's language), or None."""
    act = workflow.action(key)
    try:
        core.check(
            act,
            state=item.state,
            roles=roles_in(user, item.agency_id),
            is_drafter=took_a_step(user, events),
            vocabulary=workflow.VOCABULARY,
        )
    except DomainError as refusal:
        return refusal.message
    if key == "head_approve" and not heads_department_of(user, item):
        return _("只有“%(department)s”的处室负责人可以审核") % {"department": item.department}
    if key == "send_back":
        return _send_back_refusal(user, item)
    if key == "withdraw" and item.current_version_id is None:
        return _("尚未公开的信息不能撤回；草稿可以继续修改")
    return None


# Whose turn it is in each state under review: the step they would take. They, and only they,
# may send the item back instead.
_TURN = {
    State.SUBMITTED: "head_approve",
    State.HEAD_APPROVED: "leader_approve",
    State.LEADER_APPROVED: "publish",
}


def _send_back_refusal(user: User, item: Item) -> str | None:
    turn = workflow.action(_TURN[State(item.state)])
    if not roles_in(user, item.agency_id) & turn.roles:
        return _("只有正在办理“%(step)s”的人可以退回") % {"step": turn.label}
    if turn.key == "head_approve" and not heads_department_of(user, item):
        return _("只有“%(department)s”的处室负责人可以退回") % {"department": item.department}
    return None


def actions_offered(user: User, item: Item, events: list[ItemEvent]) -> list[core.Action]:
    """The steps the user may take now, in the order the workflow declares them."""
    return [
        act
        for key, act in workflow.ACTIONS.items()
        if action_refusal(user, item, key, events) is None
    ]
