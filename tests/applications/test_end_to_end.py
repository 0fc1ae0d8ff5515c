"""End to end: 61 applications taken through the services over 2025 and 2026, then table 三.

The scenario (e2e_scenario.py) declares each application's column, receipt, closing and outcome;
the report computed from the records must equal the count taken from those declarations, cell by
cell, in both years, and check clean.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction
from django.test import override_settings

from gongkai.agencies.models import Role
from gongkai.applications.demo.clock import simulated_today
from gongkai.applications.models import ApplicationEvent, State
from gongkai.applications.outcomes import OUTCOMES
from gongkai.applications.services import application_deadline
from gongkai.reports.compute import table3_counts
from gongkai.reports.compute.report import report_compute
from gongkai.reports.engine.checker import check
from gongkai.reports.engine.compare import compare
from gongkai.reports.engine.editions import CARRIED_FORWARD, CARRIED_IN, edition_for_year
from tests.applications.e2e_desk import Desk
from tests.applications.e2e_scenario import ALL_COLUMNS, TODAY, expected_table3
from tests.applications.e2e_world import World, build_world, fast_notices
from tests.applications.factories import make_office

YEARS = (2025, 2026)
REVIEW_STEPS = ("head_review", "leader_approve", "clear")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> World:
    """Built once for the module inside a transaction that is rolled back at its end."""
    hasher = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # as tests/conftest.py, per test
    with django_db_blocker.unblock(), transaction.atomic():
        with fast_notices(), override_settings(PASSWORD_HASHERS=hasher):
            world = build_world()
        yield world
        transaction.set_rollback(True)


@pytest.fixture
def w(world: World, db) -> World:
    return world


def test_the_scenario_declares_more_than_thirty_applications_across_every_path(w):
    assert len(w.cases) >= 30
    closed = [c for c in w.cases if c.closed]
    assert {c.outcome for c in closed} == set(OUTCOMES)
    assert {c.column for c in w.cases} == set(ALL_COLUMNS)
    assert {c.channel for c in w.cases} == {
        "in_person",
        "oral",
        "post_signed",
        "post_ordinary",
        "online",
        "email",
        "fax",
    }
    assert any(c.correction and c.correction.answered for c in closed)
    assert any(c.consultation and c.consultation.kind == "agency" for c in closed)
    assert {c.fee.basis for c in closed if c.fee and c.fee.paid} == {"by_volume", "by_count"}
    assert any(c.extension for c in closed) and any(c.custom for c in closed)
    assert any(c.returned for c in closed)
    # Open across the year boundary, and open now in every waiting state.
    assert any(c.open_on(date(2025, 12, 31)) and c.closed for c in w.cases)
    assert {w.application(c.key).state for c in w.cases if c.is_open} >= {
        State.SUBMITTED,
        State.REGISTERED,
        State.CORRECTION,
        State.ASSIGNED,
        State.CONSULTING,
        State.AWAITING_FEE,
        State.DRAFTED,
        State.HEAD_REVIEWED,
        State.CLEARED,
    }


def test_every_application_ends_as_its_case_declares(w):
    for case in w.cases:
        app = w.application(case.key)
        assert app.received_on == case.received, case.key
        assert app.report_column == case.column, case.key
        assert app.closed_on == case.closed, case.key
        if case.closed:
            assert (app.state, app.outcome) == (State.CLOSED, case.outcome), case.key
            assert app.due_on is None, case.key
        else:
            assert app.state != State.CLOSED, case.key


@pytest.mark.parametrize("year", YEARS)
def test_every_table3_cell_equals_the_count_taken_from_the_declared_cases(w, year):
    edition = edition_for_year(year)
    expected = expected_table3(w.cases, year, edition)
    counts = table3_counts(w.office.agency, year)
    wrong = {
        edition.cell_name(key): (counts.get(key), n)
        for key, n in expected.items()
        if counts.get(key) != n
    }
    assert wrong == {}, "cell: (computed, declared)"
    assert set(counts) == set(expected)
    report = report_compute(w.office.agency, year)
    assert {key: int(report.get(key)) for key in expected} == expected
    assert sum(expected.values()) > 0


def test_the_counts_are_not_trivial_both_years_have_new_results_and_carry_over(w):
    for year in YEARS:
        edition = edition_for_year(year)
        total = edition.table3_columns[-1]
        counts = table3_counts(w.office.agency, year)
        assert counts[edition.t3("new", total)] > 10
        assert counts[edition.t3("result.total", total)] > 10
        assert counts[edition.t3(CARRIED_FORWARD, total)] > 0
    edition = edition_for_year(2026)
    assert table3_counts(w.office.agency, 2026)[edition.t3(CARRIED_IN, edition.table3_columns[-1])]


@pytest.mark.parametrize("year", YEARS)
def test_the_computed_report_checks_clean(w, year):
    findings = check(report_compute(w.office.agency, year))
    assert [str(f) for f in findings] == []


def test_carried_in_of_2026_equals_carried_forward_of_2025_in_every_column(w):
    last, this = (report_compute(w.office.agency, y) for y in YEARS)
    for column in this.edition.table3_columns:
        carried_in = this.get(this.edition.t3(CARRIED_IN, column))
        carried_forward = last.get(last.edition.t3(CARRIED_FORWARD, column))
        assert carried_in == carried_forward, column.label
    assert [str(f) for f in compare(last, this) if f.rule == "R5"] == []


def test_every_step_is_an_event_with_who_when_before_and_after(w):
    for case in w.cases:
        app = w.application(case.key)
        events = list(app.events.order_by("on", "pk"))
        steps = w.plans[case.key]
        assert [e.kind for e in events] == [s.action for s in steps], case.key
        assert [e.on for e in events] == [s.on for s in steps], case.key
        state = ""
        for event in events:
            who = event.actor is not None or event.kind == "submit"  # the public form: no staff
            assert who and event.at is not None, (case.key, event.kind)
            assert event.state_before == state, (case.key, event.kind)
            assert event.state_after, (case.key, event.kind)
            state = event.state_after
        assert state == app.state, case.key


def test_no_one_reviewed_or_approved_a_reply_they_drafted(w):
    events = ApplicationEvent.objects.filter(application__agency=w.office.agency)
    reviews = events.filter(kind__in=REVIEW_STEPS).select_related("application")
    assert reviews.count() > 40
    for event in reviews:
        drafters = set(
            event.application.events.filter(kind="draft", pk__lt=event.pk).values_list(
                "actor_id", flat=True
            )
        )
        assert drafters and event.actor_id not in drafters


def test_fees_carry_their_calculation_by_volume_and_by_count(w):
    by_volume = w.application("2025-fee-by-volume-paid").events.get(kind="send_fee_notice")
    assert (by_volume.data["basis"], by_volume.data["amount"]) == ("by_volume", 4700)
    # The eleventh application of the same company in one month: the first ten are free.
    by_count = w.application("2025-frequent-11-fee-by-count").events.get(kind="send_fee_notice")
    assert (by_count.data["basis"], by_count.data["amount"]) == ("by_count", 100)


def test_deadlines_were_derived_from_the_recorded_clock_events(w):
    # The example: received 2026-03-02, consultation 03-10 to 03-20 → due 2026-04-10.
    deadline = application_deadline(w.application("2026-consulted"))
    assert deadline.due == date(2026, 4, 10)
    assert "征求意见 2026-03-11 至 2026-03-20 不计入" in deadline.explanation
    overdue = w.application("open-overdue")
    assert overdue.due_on == w.calendar.add_workdays(overdue.received_on, 20)
    assert w.application("open-correction").due_on is None  # waiting on the applicant
    extended = w.application("2025-extended")
    assert application_deadline(extended).due == w.calendar.add_workdays(extended.received_on, 40)


# --- Illegal moves are refused with a reason, and leave no trace ----------------------------------


@pytest.fixture
def desk(db) -> Desk:
    with simulated_today(TODAY), fast_notices():
        yield Desk(make_office(prefix="t"))


def test_serving_a_reply_before_it_is_reviewed_is_refused(desk):
    app = desk.drafted(date(2026, 9, 1), "result.granted")
    desk.refused(app, "serve", desk.o.clerk, date(2026, 9, 3), match="答复待审核")
    desk.refused(app, "clear", desk.o.reviewer, date(2026, 9, 3), match="当前状态")
    desk.act(app, "head_review", desk.o.head, date(2026, 9, 3))
    # Reviewed by the head but not yet cleared by the confidentiality reviewer.
    desk.refused(app, "serve", desk.o.clerk, date(2026, 9, 3), match="当前状态")


def test_a_reply_that_needs_the_leader_cannot_be_cleared_before_the_leader_approves(desk):
    app = desk.drafted(date(2026, 9, 1), "result.withheld.4")
    desk.act(app, "head_review", desk.o.head, date(2026, 9, 3))
    desk.refused(app, "clear", desk.o.reviewer, date(2026, 9, 3), match="分管领导批准")
    desk.act(app, "leader_approve", desk.o.leader, date(2026, 9, 4))
    desk.act(app, "clear", desk.o.reviewer, date(2026, 9, 4))


def test_leader_approval_is_refused_for_a_reply_that_needs_none(desk):
    app = desk.drafted(date(2026, 9, 1), "result.granted")
    desk.act(app, "head_review", desk.o.head, date(2026, 9, 3))
    desk.refused(app, "leader_approve", desk.o.leader, date(2026, 9, 3), match="无需分管领导")


def test_the_drafter_may_not_review_approve_or_clear_their_own_draft(desk):
    everyone = desk.user("allroles", Role.CLERK, Role.HEAD, Role.LEADER, Role.REVIEWER)
    app = desk.registered(date(2026, 9, 1))
    desk.act(app, "assign", desk.o.clerk, date(2026, 9, 2), department=desk.o.department.pk)
    desk.act(app, "draft", everyone, date(2026, 9, 2), outcome="result.partial", reply_text="答复")
    desk.refused(app, "head_review", everyone, date(2026, 9, 3), match="拟稿人")
    desk.act(app, "head_review", desk.o.head, date(2026, 9, 3))
    desk.refused(app, "leader_approve", everyone, date(2026, 9, 3), match="拟稿人")
    desk.act(app, "leader_approve", desk.o.leader, date(2026, 9, 3))
    desk.refused(app, "clear", everyone, date(2026, 9, 3), match="拟稿人")


def test_a_second_extension_and_one_of_more_than_twenty_working_days_are_refused(desk):
    app = desk.assigned(date(2026, 9, 1))
    data = {"reason": "需调阅档案"}
    desk.refused(app, "approve_extension", desk.o.head, date(2026, 9, 7), days=21, **data)
    desk.refused(app, "approve_extension", desk.o.clerk, date(2026, 9, 7), match="角色", **data)
    desk.act(app, "approve_extension", desk.o.head, date(2026, 9, 7), days=20, **data)
    desk.refused(app, "approve_extension", desk.o.head, date(2026, 9, 8), match="一次", **data)


def test_a_correction_later_than_seven_working_days_after_receipt_is_refused(desk):
    received = date(2026, 9, 1)
    last_day = desk.calendar.add_workdays(received, 7)
    assert last_day == date(2026, 9, 10)
    until = {"items": "请写明文号", "until": "2026-09-30"}
    app = desk.registered(received)
    desk.refused(
        app, "request_correction", desk.o.clerk, date(2026, 9, 11), match="7 个工作日", **until
    )
    desk.act(app, "request_correction", desk.o.clerk, last_day, **until)


def test_abandoning_before_the_correction_period_ends_is_refused(desk):
    app = desk.registered(date(2026, 9, 1))
    data = {"items": "请写明文号", "until": "2026-09-18"}
    desk.act(app, "request_correction", desk.o.clerk, date(2026, 9, 2), **data)
    desk.refused(app, "abandon", desk.o.clerk, date(2026, 9, 18), match="尚未届满")
    app = desk.act(app, "abandon", desk.o.clerk, date(2026, 9, 21))
    assert (app.state, app.outcome, app.closed_on) == (
        State.CLOSED,
        "result.other.1",
        date(2026, 9, 21),
    )


def test_an_unpaid_fee_closes_the_application_only_after_twenty_working_days(desk):
    app = desk.assigned(date(2026, 9, 1))
    notice = date(2026, 9, 7)
    desk.act(
        app,
        "send_fee_notice",
        desk.o.clerk,
        notice,
        basis="by_volume",
        quantity=250,
        delivered_on=notice.isoformat(),
    )
    payment_due = desk.calendar.add_workdays(notice, 20)
    desk.refused(app, "expire_fee", desk.o.clerk, payment_due, match="尚未届满")
    app = desk.act(app, "expire_fee", desk.o.clerk, desk.calendar.next_workday(payment_due))
    assert app.outcome == "result.other.2"


def test_steps_dated_in_the_future_or_before_the_previous_step_are_refused(desk):
    app = desk.assigned(date(2026, 9, 1))
    desk.refused(
        app,
        "draft",
        desk.o.clerk,
        date(2026, 11, 30),
        match="晚于今天",
        outcome="result.granted",
        reply_text="答复",
    )
    desk.refused(
        app,
        "draft",
        desk.o.clerk,
        date(2026, 9, 1),
        match="早于上一步",
        outcome="result.granted",
        reply_text="答复",
    )


def test_a_closed_application_takes_no_further_step(desk):
    app = desk.assigned(date(2026, 9, 1))
    app = desk.act(app, "withdraw", desk.o.clerk, date(2026, 9, 3))
    assert app.outcome == "result.other.3"
    desk.refused(app, "withdraw", desk.o.clerk, date(2026, 9, 4), match="已办结")
    desk.refused(
        app,
        "draft",
        desk.o.clerk,
        date(2026, 9, 4),
        match="已办结",
        outcome="result.granted",
        reply_text="答复",
    )


# --- Where the law limits the workflow ---------------------------------------------------------


def test_a_correction_may_be_requested_after_assignment_within_seven_working_days(desk):
    app = desk.assigned(date(2026, 9, 1))
    desk.act(
        app,
        "request_correction",
        desk.o.clerk,
        date(2026, 9, 4),
        items="请写明文号",
        until="2026-09-30",
    )


def test_the_outcome_still_unclear_after_correction_is_refused_without_a_correction(desk):
    app = desk.assigned(date(2026, 9, 1))
    desk.refused(
        app,
        "draft",
        desk.o.clerk,
        date(2026, 9, 2),
        outcome="result.unavailable.3",
        reply_text="答复",
    )


def test_an_extension_after_the_reply_deadline_has_passed_is_refused(desk):
    received = date(2026, 9, 1)
    app = desk.assigned(received)
    late = desk.calendar.add_workdays(received, 21)
    desk.refused(app, "approve_extension", desk.o.head, late, reason="需调阅档案")


def test_a_second_fee_notice_for_the_same_application_is_refused(desk):
    app = desk.assigned(date(2026, 9, 1))
    desk.act(
        app, "send_fee_notice", desk.o.clerk, date(2026, 9, 3), basis="by_volume", quantity=250
    )
    desk.act(app, "receive_fee", desk.o.clerk, date(2026, 9, 8))
    desk.refused(
        app, "send_fee_notice", desk.o.clerk, date(2026, 9, 9), basis="by_count", quantity=15
    )
