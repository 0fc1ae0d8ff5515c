"""Each step of the review chain POSTed by each persona: only the role whose turn it is takes
it; the provincial office and platform admins only read; another agency's staff find nothing.
(The GET rows of these screens are in tests/applications/test_permission_matrix.py.)"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse

from gongkai.publishing.models import Item, State
from gongkai.publishing.services.steps import item_act
from tests.applications.factories import Office, make_office
from tests.applications.test_permission_matrix import (
    ELSEWHERE,
    PERSONAS,
    PUBLIC,
    client_for,
    outcome_of,
    world,  # noqa: F401  (the fixture)
)
from tests.publishing.factories import draft_item, published_item


@pytest.fixture
def office(db) -> Office:
    return make_office()


def submitted(office: Office) -> Item:
    return item_act(item=draft_item(office), actor=office.clerk, key="submit")


def head_approved(office: Office) -> Item:
    return item_act(item=submitted(office), actor=office.head, key="head_approve")


def leader_approved(office: Office) -> Item:
    return item_act(item=head_approved(office), actor=office.leader, key="leader_approve")


STEPS: dict[str, tuple[Callable[[Office], Item], dict[str, str], set[str], str]] = {
    "submit": (draft_item, {}, {"clerk", "admin"}, State.SUBMITTED),
    "head_approve": (submitted, {}, {"head"}, State.HEAD_APPROVED),
    "leader_approve": (head_approved, {}, {"leader"}, State.LEADER_APPROVED),
    "publish": (leader_approved, {}, {"reviewer"}, State.PUBLISHED),
    "send_back": (submitted, {"reason": "请补充"}, {"head"}, State.DRAFT),
    "withdraw": (published_item, {"reason": "已失效"}, {"clerk", "admin"}, State.WITHDRAWN),
}


def expected(persona: str, allowed: set[str]) -> str:
    if persona in PUBLIC:
        return "login"
    if persona in ELSEWHERE:
        return "404"
    return "done" if persona in allowed else "403"


@pytest.mark.parametrize("key", sorted(STEPS))
def test_post_each_step_as_each_persona(world, key):  # noqa: F811
    setup, fields, allowed, after = STEPS[key]
    office = world["office"]
    got, want = {}, {}
    for persona in PERSONAS:
        item = setup(office)
        before = (item.state, item.events.count())
        data = {f"{key}-{name}": value for name, value in fields.items()}
        response = client_for(persona, world).post(
            reverse("publishing:step", args=[item.pk, key]), data
        )
        item.refresh_from_db()
        result = outcome_of(response)
        if result == "redirect" and item.state == after:
            assert response["Location"] == reverse("publishing:detail", args=[item.pk])
            result = "done"
        else:
            assert (item.state, item.events.count()) == before, (persona, "changed on refusal")
        got[persona], want[persona] = result, expected(persona, allowed)
    assert got == want
