"""The one home of "pending", "overdue", "due soon" and "a waiting period is over".

Dates on the loaded 2026 calendar (November has no holidays): a consultation started 11-05 has
its 15 working days end 11-26; a fee notice of 10-29 has its 20 working days to pay end 11-26.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from gongkai.applications import outcomes, selectors
from gongkai.applications.models import Application, State
from gongkai.applications.services import application_act, application_register
from gongkai.workdays.services import calendar_current
from tests.applications.factories import person_intake
from tests.applications.views_helpers import awaiting_fee

TODAY = date(2026, 11, 27)


def register(office, received: date, **intake) -> Application:
    return application_register(
        agency=office.agency,
        intake=person_intake(**intake),
        received_on=received,
        actor=office.clerk,
    )


def act(app, action, actor, on, **data) -> Application:
    return application_act(application=app, action=action, actor=actor, on=on, data=data)


def assigned(office, received: date, on: date) -> Application:
    app = register(office, received)
    return act(app, "assign", office.clerk, on, department=office.department.pk)


def consulting(office, started: date) -> Application:
    app = assigned(office, date(2026, 11, 2), date(2026, 11, 3))
    return act(app, "start_consultation", office.clerk, started, party="某某科技有限公司")


def ids(periods: list[selectors.PeriodOver]) -> list[int]:
    return [p.application.pk for p in periods]


ALL = Application.objects.all


# -- the waiting periods ------------------------------------------------------------------------


def test_the_consultation_period_is_over_the_day_after_its_15th_working_day(office):
    app = consulting(office, date(2026, 11, 5))
    assert selectors.consultation_answer_due(date(2026, 11, 5)) == date(2026, 11, 26)
    assert selectors.consultations_over(ALL(), date(2026, 11, 26)) == []
    [period] = selectors.consultations_over(ALL(), TODAY)
    assert (period.application.pk, period.started, period.ended) == (
        app.pk,
        date(2026, 11, 5),
        date(2026, 11, 26),
    )
    assert not period.provisional
    assert period.explanation.startswith("征求意见答复期 15 个工作日，自 2026-11-05 起算")


def test_a_consultation_started_10_working_days_ago_is_not_over(office):
    consulting(office, date(2026, 11, 13))
    assert selectors.consultations_over(ALL(), TODAY) == []


def test_a_second_consultation_counts_from_its_own_start(office):
    app = consulting(office, date(2026, 11, 5))
    app = act(app, "end_consultation", office.clerk, date(2026, 11, 16))
    assert selectors.consultations_over(ALL(), TODAY) == []  # ended: no longer consulting
    act(app, "start_consultation", office.clerk, date(2026, 11, 17), party="某区人民政府")
    assert selectors.consultations_over(ALL(), TODAY) == []  # runs to 12-08
    [period] = selectors.consultations_over(ALL(), date(2026, 12, 9))
    assert (period.started, period.ended) == (date(2026, 11, 17), date(2026, 12, 8))


def test_a_consultation_period_into_a_year_without_holidays_is_provisional(office, monkeypatch):
    # 2027's schedule is not loaded in the test database.
    assert not calendar_current().has_year(2027)
    monkeypatch.setattr(timezone, "localdate", lambda *a: date(2026, 12, 20))
    app = assigned(office, date(2026, 12, 1), date(2026, 12, 2))
    act(app, "start_consultation", office.clerk, date(2026, 12, 18), party="某公司")
    [period] = selectors.consultations_over(ALL(), date(2027, 1, 20))
    assert period.ended == date(2027, 1, 8) and period.provisional
    assert "2027 年节假日未载入" in period.explanation


def test_the_fee_window_is_over_the_day_after_its_20th_working_day(office):
    over = awaiting_fee(office, date(2026, 10, 29))
    awaiting_fee(office, date(2026, 10, 30))  # ends today: not yet over
    [period] = selectors.fee_windows_over(ALL(), TODAY)
    assert (period.application.pk, period.started, period.ended) == (
        over.pk,
        date(2026, 10, 29),
        date(2026, 11, 26),
    )
    assert "缴费期限 20 个工作日" in period.explanation
    assert len(selectors.fee_windows_over(ALL(), date(2026, 11, 30))) == 2


def test_a_paid_or_expired_fee_is_no_longer_waiting(office):
    paid = awaiting_fee(office, date(2026, 10, 29))
    act(paid, "receive_fee", office.clerk, date(2026, 11, 20))
    expired = awaiting_fee(office, date(2026, 10, 29))
    act(expired, "expire_fee", office.clerk, TODAY)
    assert selectors.fee_windows_over(ALL(), TODAY) == []


def test_the_periods_are_read_only_within_the_queryset_given(office):
    consulting(office, date(2026, 11, 5))
    awaiting_fee(office, date(2026, 10, 29))
    other = ALL().exclude(agency=office.agency)
    assert selectors.consultations_over(other, TODAY) == []
    assert selectors.fee_windows_over(other, TODAY) == []


def test_the_periods_cost_a_fixed_number_of_queries(office, django_assert_max_num_queries):
    for started in (date(2026, 11, 4), date(2026, 11, 5), date(2026, 11, 6)):
        consulting(office, started)
    calendar = calendar_current()
    with django_assert_max_num_queries(2):
        periods = selectors.consultations_over(ALL(), TODAY, calendar)
        assert [p.ended for p in periods] == [date(2026, 11, 25), date(2026, 11, 26)]
        assert all(p.application.agency.name for p in periods)


# -- pending, overdue, due soon -----------------------------------------------------------------


def test_pending_means_no_closing_date_whatever_the_state(office):
    served = assigned(office, date(2026, 10, 30), date(2026, 11, 2))
    served = act(
        served, "draft", office.clerk, date(2026, 11, 3), outcome=outcomes.GRANTED, reply_text="略"
    )
    served = act(served, "head_review", office.head, date(2026, 11, 4))
    served = act(served, "clear", office.reviewer, date(2026, 11, 4))
    served = act(served, "serve", office.clerk, date(2026, 11, 5))
    fee = awaiting_fee(office, date(2026, 10, 29))
    assert served.state == State.SERVED and served.closed_on is not None
    assert list(selectors.pending(ALL())) == [fee]


def test_the_date_predicates_and_the_queries_agree(office):
    apps = [register(office, received) for received in (date(2026, 10, 29), date(2026, 10, 30))]
    apps += [register(office, date(2026, 11, day)) for day in (3, 4, 5, 6)]
    for days in (selectors.REMINDER_DUE_SOON_WORKING_DAYS, selectors.DUE_SOON_WORKING_DAYS):
        until = selectors.due_soon_until(TODAY, days)
        assert until == calendar_current().add_workdays(TODAY, days)
        expected = [a.pk for a in apps if selectors.is_due_soon(a.due_on, TODAY, until)]
        assert list(selectors.due_soon(ALL(), TODAY, until).values_list("pk", flat=True)) == (
            expected
        )
    late = [a.pk for a in apps if selectors.is_overdue(a.due_on, TODAY)]
    assert late == [apps[0].pk]
    assert list(selectors.overdue(ALL(), TODAY).values_list("pk", flat=True)) == late


@pytest.mark.parametrize(
    ("due", "overdue", "soon"),
    [
        (date(2026, 11, 26), True, False),
        (TODAY, False, True),
        (date(2026, 12, 2), False, True),
        (date(2026, 12, 3), False, False),
        (None, False, False),
    ],
)
def test_the_date_predicates(due, overdue, soon):
    assert selectors.is_overdue(due, TODAY) is overdue
    assert selectors.is_due_soon(due, TODAY, date(2026, 12, 2)) is soon


def test_the_reminders_look_three_working_days_ahead_and_the_screen_five(db):
    assert selectors.due_soon_until(TODAY, selectors.REMINDER_DUE_SOON_WORKING_DAYS) == date(
        2026, 12, 2
    )
    assert selectors.due_soon_until(TODAY) == date(2026, 12, 4)
