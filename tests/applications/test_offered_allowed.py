"""Every button the detail page offers works, and every step that would work is offered.

For every situation an application can be in (each state, and the record's variants that the
law cares about: a correction already asked, its period over or not, an extension taken, a fee
notice delivered or not, an outcome that needs the leader or not, a reviewer who already took a
review step), for every persona and every action of the workflow: the page offers the action's
form exactly when the service, given valid input today, takes the step.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.db import transaction
from django.urls import reverse

from gongkai.agencies.models import Department, Membership, Role
from gongkai.applications import outcomes
from gongkai.applications.models import Application
from gongkai.applications.services import application_act
from gongkai.applications.workflow import ACTIONS
from gongkai.core.errors import DomainError
from gongkai.workdays.services import calendar_current
from tests.applications.e2e_world import fast_notices
from tests.applications.factories import Office, make_user
from tests.applications.views_helpers import days_ago, registered, submitted_online, today


def act(app: Application, action: str, actor, on: date | None = None, **data) -> Application:
    return application_act(application=app, action=action, actor=actor, on=on, data=data)


def _assigned(o: Office, received: date | None = None) -> Application:
    app = registered(o, received=received)
    return act(app, "assign", o.clerk, received, department=o.department.pk)


def _drafted(o: Office, outcome: str = outcomes.GRANTED) -> Application:
    return act(_assigned(o), "draft", o.clerk, outcome=outcome, reply_text="答复如下……")


def _head_reviewed(o: Office, outcome: str, by=None) -> Application:
    return act(_drafted(o, outcome), "head_review", by or o.head)


def _fee(o: Office, on: date | None = None, delivered: bool = False) -> Application:
    app = _assigned(o, on)
    extra = {"delivered_on": (on or today()).isoformat()} if delivered else {}
    return act(app, "send_fee_notice", o.clerk, on, basis="by_volume", quantity=250, **extra)


def _consulting(o: Office, received: bool = False) -> Application:
    extra = {"received_on": today().isoformat()} if received else {}
    return act(_assigned(o), "start_consultation", o.clerk, party="某公司", **extra)


def _correction(o: Office, over: bool) -> Application:
    if not over:
        app = registered(o)
        until = (today() + timedelta(days=10)).isoformat()
        return act(app, "request_correction", o.clerk, items="请写明文号", until=until)
    # Asked within 7 working days of receipt, with a period that ended yesterday.
    app = registered(o, received=days_ago(5))
    until = days_ago(1).isoformat()
    return act(app, "request_correction", o.clerk, days_ago(4), items="请写明文号", until=until)


def _cleared(o: Office) -> Application:
    return act(_head_reviewed(o, outcomes.GRANTED), "clear", o.reviewer)


def _reassigned(o: Office, drafted: bool = False) -> Application:
    """Assigned to 综合协调处, then (drafted there or not) to 专利管理处, also the head's."""
    app = _drafted(o) if drafted else _assigned(o)
    return act(app, "assign", o.clerk, department=o.patents.pk, assignee=o.clerk2.pk)


def _headless(o: Office, drafted: bool = False) -> Application:
    """Assigned to 法规处 while it had a head, who has since left: no one can review its reply."""
    head = make_user(f"regs-head-{Application.objects.count()}")
    held = Membership.objects.create(
        user=head, agency=o.agency, role=Role.HEAD, department=o.regulations
    )
    app = act(registered(o), "assign", o.clerk, department=o.regulations.pk)
    held.delete()
    if drafted:
        app = act(app, "draft", o.clerk, outcome=outcomes.GRANTED, reply_text="答复如下……")
    return app


SITUATIONS: dict[str, Callable[[Office], Application]] = {
    "submitted": submitted_online,
    "registered": registered,
    "registered 60 days ago": lambda o: registered(o, received=days_ago(60)),
    "correction asked": lambda o: _correction(o, over=False),
    "correction period over": lambda o: _correction(o, over=True),
    "corrected": lambda o: act(_correction(o, over=False), "receive_correction", o.clerk),
    "assigned": _assigned,
    "assigned 60 days ago": lambda o: _assigned(o, days_ago(60)),
    "extended": lambda o: act(_assigned(o), "approve_extension", o.head, days=5, reason="档案"),
    "consulting": _consulting,
    "consulting, letter received": lambda o: _consulting(o, received=True),
    "fee notice, delivery unknown": _fee,
    "fee notice delivered today": lambda o: _fee(o, delivered=True),
    "fee window over": lambda o: _fee(o, days_ago(50), delivered=True),
    "paid": lambda o: act(_fee(o), "receive_fee", o.clerk),
    "drafted": _drafted,
    "reassigned to another department": _reassigned,
    "drafted, then reassigned": lambda o: _reassigned(o, drafted=True),
    "assigned to a department whose head left": _headless,
    "drafted in a department whose head left": lambda o: _headless(o, drafted=True),
    "drafted, needs leader": lambda o: _drafted(o, outcomes.PARTIAL),
    "head reviewed": lambda o: _head_reviewed(o, outcomes.GRANTED),
    "head reviewed, needs leader": lambda o: _head_reviewed(o, outcomes.PARTIAL),
    "head reviewed by the dual head": lambda o: _head_reviewed(o, outcomes.PARTIAL, by=o.dual),
    "leader approved": lambda o: act(
        _head_reviewed(o, outcomes.PARTIAL), "leader_approve", o.leader
    ),
    "cleared": _cleared,
    "served": lambda o: act(_cleared(o), "serve", o.clerk),
    "closed": lambda o: act(act(_cleared(o), "serve", o.clerk), "close", o.clerk),
}


def _custom_until(app: Application) -> str:
    start = max(app.due_on or today(), today())
    return calendar_current().add_workdays(start, 30).isoformat()


# Valid input for each action, as a clerk would type it today.
DATA: dict[str, Callable[[Office, Application], dict]] = {
    "request_correction": lambda o, a: {
        "items": "请写明文号",
        "until": (today() + timedelta(days=10)).isoformat(),
    },
    # Reassigning changes something: here the assignee (and the department, if it was another).
    "assign": lambda o, a: {
        "department": o.department.pk,
        "assignee": (o.clerk2 if a.assignee_id == o.clerk.pk else o.clerk).pk,
    },
    "start_consultation": lambda o, a: {"party": "某公司", "kind": "third_party"},
    "record_consultation_receipt": lambda o, a: {"received_on": today().isoformat()},
    "end_consultation": lambda o, a: {"result": "同意公开"},
    "send_fee_notice": lambda o, a: {"basis": "by_volume", "quantity": 250},
    "record_fee_delivery": lambda o, a: {"delivered_on": today().isoformat()},
    "approve_extension": lambda o, a: {"days": 10, "reason": "需调取档案"},
    "set_custom_deadline": lambda o, a: {
        "until": _custom_until(a),
        "reason": "数量明显超过合理范围",
    },
    "draft": lambda o, a: {"outcome": outcomes.GRANTED, "reply_text": "予以公开"},
    "return": lambda o, a: {"reason": "请补充"},
    "withdraw": lambda o, a: {"reason": "申请人撤回"},
    "serve": lambda o, a: {"method": "in_person"},
}

PERSONAS = (
    "clerk",
    "clerk2",
    "head",
    "leader",
    "reviewer",
    "admin",
    "provincial",
    "outsider",
    "dual head",  # one person who is the department's head and also the leader and reviewer
)


class _Rollback(Exception):
    pass


def _accepted(office: Office, app: Application, action: str, user) -> bool:
    data = DATA.get(action, lambda o, a: {})(office, app)
    try:
        with transaction.atomic():
            application_act(application=app, action=action, actor=user, data=data)
            raise _Rollback
    except _Rollback:
        return True
    except DomainError:
        return False


def _offered(client, app: Application, user) -> set[str]:
    client.force_login(user)
    response = client.get(reverse("applications:detail", args=[app.pk]))
    if response.status_code == 404:
        return set()
    assert response.status_code == 200
    return set(re.findall(r'<section class="action" id="act-([a-z_]+)">', response.text))


@pytest.fixture
def cast(office) -> Office:
    """The office, plus one person who heads the department and is also leader and reviewer.

    The head heads two departments (综合协调处 and 专利管理处, a membership for each); 法规处
    has no head, so nothing can be assigned to it.
    """
    dual = make_user("dual", (office.agency, Role.LEADER), (office.agency, Role.REVIEWER))
    Membership.objects.create(
        user=dual, agency=office.agency, role=Role.HEAD, department=office.department
    )
    office.dual = dual  # type: ignore[attr-defined]
    patents = Department.objects.create(agency=office.agency, name="专利管理处")
    regulations = Department.objects.create(agency=office.agency, name="法规处")
    Membership.objects.filter(user=office.head, role=Role.HEAD).update(department=office.department)
    Membership.objects.create(
        user=office.head, agency=office.agency, role=Role.HEAD, department=patents
    )
    office.patents, office.regulations = patents, regulations  # type: ignore[attr-defined]
    return office


def test_every_offered_step_is_allowed_and_every_allowed_step_offered(client, cast):
    people = {p: getattr(cast, p) for p in PERSONAS if p != "dual head"} | {"dual head": cast.dual}
    mismatches, allowed_count = [], 0
    with fast_notices():
        for name, build in SITUATIONS.items():
            app = build(cast)
            for persona, user in people.items():
                offered = _offered(client, app, user)
                for action in ACTIONS:
                    allowed = _accepted(cast, app, action, user)
                    allowed_count += allowed
                    if allowed != (action in offered):
                        mismatches.append((name, persona, action, allowed))
    assert mismatches == [], "(situation, persona, action, allowed) where offered ≠ allowed"
    assert allowed_count > 60  # not vacuous


def test_every_action_is_allowed_in_some_situation(cast):
    """The situations reach every action, so none is checked only as 'never offered'."""
    reached = set()
    with fast_notices():
        for build in SITUATIONS.values():
            app = build(cast)
            for action in ACTIONS:
                for persona in ("clerk", "head", "leader", "reviewer"):
                    if _accepted(cast, app, action, getattr(cast, persona)):
                        reached.add(action)
    assert reached == set(ACTIONS)


def test_the_dual_head_reviews_a_reply_once_whichever_roles_they_hold(cast):
    """Four eyes across roles: head review, leader approval and clearance by three people."""
    with fast_notices():
        app = _head_reviewed(cast, outcomes.PARTIAL, by=cast.dual)
        with pytest.raises(DomainError, match="同一答复的审核步骤须由不同的人完成"):
            act(app, "leader_approve", cast.dual)
        app = act(app, "leader_approve", cast.leader)
        with pytest.raises(DomainError, match="处室负责人审核通过"):
            act(app, "clear", cast.dual)
        app = act(act(app, "clear", cast.reviewer), "serve", cast.clerk)
        # A reply drafted anew after a return is a new reply: its reviews start afresh.
        app = _head_reviewed(cast, outcomes.PARTIAL, by=cast.dual)
        app = act(app, "return", cast.leader, reason="请补充")
        app = act(app, "draft", cast.clerk, outcome=outcomes.PARTIAL, reply_text="补充后")
        app = act(app, "head_review", cast.head)
        assert act(app, "leader_approve", cast.dual).state == "leader_approved"
