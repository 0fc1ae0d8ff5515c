"""The applicant withdraws their application online, from the track page, before the reply."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.applications import outcomes, workflow
from gongkai.applications.models import Application, ApplicationEvent, State
from gongkai.applications.services.withdrawal import (
    application_withdraw_by_applicant,
    can_withdraw_online,
)
from gongkai.core.errors import DomainError
from gongkai.reports.compute.predicates import row_predicate
from gongkai.reports.engine.editions import edition_for_year
from tests.applications.track_helpers import lookup, status_url
from tests.applications.views_helpers import (
    act,
    assigned,
    days_ahead,
    drafted,
    registered,
    submitted_online,
    today,
)


def withdraw_url(app) -> str:
    return reverse("applications:track_withdraw", args=[app.pk])


def opened(client, app) -> None:
    assert lookup(client, app.query_code, app.phone).status_code == 302


def served(office) -> Application:
    app = act(drafted(office), "head_review", office.head)
    app = act(app, "clear", office.reviewer)
    return act(app, "serve", office.clerk)


def in_withdrawal_row(app: Application) -> bool:
    year = app.closed_on.year
    rows = {}
    for key in ("result.other.3", "result.other.1", "result.other.2", "result.granted"):
        predicate = row_predicate(edition_for_year(year), key, year)
        rows[key] = Application.objects.filter(predicate, pk=app.pk).exists()
    return rows == {
        "result.other.3": True,
        "result.other.1": False,
        "result.other.2": False,
        "result.granted": False,
    }


def test_the_track_page_offers_withdrawal_before_the_reply(client, office):
    app = assigned(office)
    opened(client, app)
    page = client.get(status_url(app))
    assert page.context["can_withdraw"]
    assert withdraw_url(app) in page.text
    confirm = client.get(withdraw_url(app))
    assert confirm.status_code == 200
    assert 'name="confirm"' in confirm.text and 'name="reason"' in confirm.text
    assert Application.objects.get(pk=app.pk).state == State.ASSIGNED  # a GET changes nothing


def test_without_the_confirmation_nothing_is_withdrawn(client, office):
    app = assigned(office)
    opened(client, app)
    response = client.post(withdraw_url(app), {"reason": "已从其他渠道获得"})
    assert response.status_code == 200
    assert response.context["form"].errors["confirm"] == ["请勾选“我确认撤回本申请”后再提交"]
    assert "已从其他渠道获得" in response.text  # what was typed stays
    app.refresh_from_db()
    assert app.state == State.ASSIGNED and app.closed_on is None
    assert not app.events.filter(kind="withdraw").exists()


def test_a_confirmed_withdrawal_closes_the_application_as_the_applicants_own(client, office):
    app = assigned(office)
    assert app.due_on is not None
    opened(client, app)
    response = client.post(
        withdraw_url(app), {"reason": "已从其他渠道获得", "confirm": "on"}, follow=True
    )
    assert response.redirect_chain[-1][0] == status_url(app)
    assert "您的申请已撤回" in response.text
    assert "已撤回" in response.context["state_label"]
    assert not response.context["can_withdraw"]
    app.refresh_from_db()
    assert (app.state, app.outcome, app.closed_on) == (State.CLOSED, outcomes.OTHER, today())
    assert app.due_on is None  # the deadline refreshed: no clock runs for a closed application
    event = ApplicationEvent.objects.get(application=app, kind="withdraw")
    assert event.actor is None
    assert event.state_before == State.ASSIGNED and event.state_after == State.CLOSED
    assert event.data == {
        "outcome": outcomes.OTHER,
        "reason": "已从其他渠道获得",
        "by_applicant": True,
    }


def test_an_online_withdrawal_is_counted_where_a_recorded_one_is(client, office):
    online = assigned(office)
    opened(client, online)
    client.post(withdraw_url(online), {"confirm": "on"})
    online.refresh_from_db()
    by_staff = act(assigned(office), "withdraw", office.clerk)
    assert online.outcome == by_staff.outcome == outcomes.OTHER
    assert in_withdrawal_row(online) and in_withdrawal_row(by_staff)
    # Without a reason, the same words as a staff withdrawal without one.
    event = online.events.get(kind="withdraw")
    assert event.data["reason"] == by_staff.events.get(kind="withdraw").data["reason"]


def test_before_receipt_or_after_the_reply_there_is_no_online_withdrawal(client, office):
    waiting, answered = submitted_online(office), served(office)
    for app in (waiting, answered):
        opened(client, app)
        assert not client.get(status_url(app)).context["can_withdraw"]
        before = (app.state, app.events.count())
        response = client.post(withdraw_url(app), {"confirm": "on"}, follow=True)
        assert response.redirect_chain[-1][0] == status_url(app)
        app.refresh_from_db()
        assert (app.state, app.events.count()) == before
    page = client.post(withdraw_url(waiting), {"confirm": "on"}, follow=True).text
    assert "尚待机关确认收到" in page


def test_only_the_browser_that_opened_the_application_may_withdraw_it(client, office):
    mine, theirs = assigned(office), registered(office, applicant_name="李四")
    opened(client, mine)
    assert client.get(withdraw_url(theirs)).status_code == 404
    assert client.post(withdraw_url(theirs), {"confirm": "on"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == State.REGISTERED


def test_a_second_confirmation_does_nothing_more(client, office):
    app = assigned(office)
    opened(client, app)
    client.post(withdraw_url(app), {"confirm": "on"})
    client.post(withdraw_url(app), {"confirm": "on"})
    assert app.events.filter(kind="withdraw").count() == 1


def test_a_too_long_reason_is_refused_naming_the_field(client, office):
    app = assigned(office)
    opened(client, app)
    response = client.post(withdraw_url(app), {"reason": "长" * 501, "confirm": "on"})
    assert response.status_code == 200
    assert "撤回理由" in response.context["form"].errors["reason"][0]
    app.refresh_from_db()
    assert app.state == State.ASSIGNED


@pytest.mark.parametrize("state", [s.value for s in State])
def test_the_applicant_may_withdraw_exactly_where_the_workflow_allows_withdraw(state):
    app = Application(state=state)
    assert can_withdraw_online(app) == (state in workflow.action("withdraw").sources)


def test_the_service_refuses_a_served_application_and_changes_nothing(office):
    app = served(office)
    with pytest.raises(DomainError, match="不能撤回"):
        application_withdraw_by_applicant(application=app, reason="")
    app.refresh_from_db()
    assert app.state == State.SERVED and not app.events.filter(kind="withdraw").exists()


def test_the_service_withdraws_during_a_correction(office):
    until = days_ahead(15).isoformat()
    app = act(registered(office), "request_correction", office.clerk, items="文号", until=until)
    assert app.state == State.CORRECTION
    app = application_withdraw_by_applicant(application=app, reason="不再需要")
    assert app.state == State.CLOSED and app.outcome == outcomes.OTHER


def test_staff_see_that_the_applicant_withdrew_online(client, office):
    app = assigned(office)
    opened(client, app)
    client.post(withdraw_url(app), {"reason": "不再需要", "confirm": "on"})
    client.force_login(office.clerk)
    page = client.get(reverse("applications:detail", args=[app.pk])).text
    assert "申请人撤回申请" in page and "不再需要" in page
    assert "由申请人在网上撤回" in page
