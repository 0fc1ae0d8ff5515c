"""The staff pages ask the database a fixed number of times, however many roles or applications.

Each page is measured twice: with one membership (or application) and with twenty. The count
must be the same both times, and at most the pinned number: a page that reads a user's roles once
per check, or an application's events once per row, fails here before it is slow in an office.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.agencies.models import Agency, Department, Membership, Role
from gongkai.applications import outcomes
from gongkai.applications.models import Application
from tests.applications.e2e_world import fast_notices
from tests.applications.factories import Office, make_user
from tests.applications.views_helpers import act, assigned, days_ago, drafted, registered

# The pinned numbers: raise one only with a reason (a new kind of thing on the page), never
# because a loop started asking the database.
DETAIL_QUERIES = 12
# An application still to assign: its page also lists the departments (each with whether it is
# headed, in the same query) and asks the rule that some department is headed (one more). The
# events, files and calendar are each read twice on it today: a query to remove, not to pin up.
ASSIGNABLE_DETAIL_QUERIES = 16
WORKLOAD_QUERIES = 30
# The table 三 page checks the computed report, which holds tables 二 and 四 too: table 二's
# inputs and its one grouped count of the items, and table 四's one grouped count of the cases,
# are the three queries above the 8 of table 三 alone (a provincial reader's one more is the
# check that the agency is below its office).
TABLE3_QUERIES = 11


@pytest.fixture(autouse=True)
def _notices_without_rendering() -> Iterator[None]:
    with fast_notices():
        yield


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def more_departments_headed(office: Office, user, n: int) -> None:
    """The user heads n more departments of the agency (one head membership each)."""
    start = Department.objects.filter(agency=office.agency).count()
    for i in range(n):
        department = Department.objects.create(agency=office.agency, name=f"第{start + i}处")
        Membership.objects.create(
            user=user, agency=office.agency, role=Role.HEAD, department=department
        )


def more_agencies(office: Office, user, role: str, n: int) -> None:
    """The user holds the role in n more agencies below the province."""
    for i in range(n):
        agency = Agency.objects.create(
            code=f"more-{role}-{i}", name=f"某厅{i}", parent=office.province
        )
        Membership.objects.create(user=user, agency=agency, role=role)


@pytest.fixture
def everyone(office: Office):
    """One person who heads the department and is also clerk, leader and reviewer: every queue
    of the workload is theirs."""
    user = make_user(
        "everyone",
        (office.agency, Role.CLERK),
        (office.agency, Role.LEADER),
        (office.agency, Role.REVIEWER),
    )
    Membership.objects.create(
        user=user, agency=office.agency, role=Role.HEAD, department=office.department
    )
    return user


def one_of_each_queue(office: Office, user) -> None:
    """An application waiting in each of the user's queues (none drafted or reviewed by them)."""
    act(assigned(office), "assign", office.clerk, department=office.department.pk, assignee=user.pk)
    drafted(office, by=office.clerk2)  # the head's review
    act(drafted(office, outcome=outcomes.PARTIAL, by=office.clerk2), "head_review", office.head)
    act(drafted(office, by=office.clerk2), "head_review", office.head)  # the clearance
    registered(office, received=days_ago(26))  # due soon, not extended


def test_the_detail_page_asks_the_same_whatever_the_viewers_memberships(client, office):
    app = act(
        drafted(office, outcome=outcomes.PARTIAL, by=office.clerk2), "head_review", office.head
    )
    url = reverse("applications:detail", args=[app.pk])
    viewer = make_user("viewer", (office.agency, Role.LEADER), (office.agency, Role.REVIEWER))
    Membership.objects.create(
        user=viewer, agency=office.agency, role=Role.HEAD, department=office.department
    )
    client.force_login(viewer)
    with_few = queries(client, url)
    more_departments_headed(office, viewer, 19)
    more_agencies(office, viewer, Role.CLERK, 20)
    with_many = queries(client, url)
    assert with_many == with_few <= DETAIL_QUERIES
    page = client.get(url).text
    assert 'id="act-leader_approve"' in page and 'id="act-return"' in page  # really checked


def test_the_detail_page_asks_the_same_for_a_provincial_reader_of_many_agencies(client, office):
    app = registered(office)
    url = reverse("applications:detail", args=[app.pk])
    client.force_login(office.provincial)
    with_few = queries(client, url)
    more_agencies(office, office.provincial, Role.PROVINCE, 20)
    assert queries(client, url) == with_few <= DETAIL_QUERIES


def test_the_detail_page_of_an_application_to_assign_asks_the_same_however_many_departments(
    client, office
):
    # Whether each department is headed is read with the departments, for the form's list and
    # for the rule that some department must be (step_rules.with_headed), not once per department.
    Membership.objects.filter(user=office.head, role=Role.HEAD).update(department=office.department)
    app = registered(office)
    url = reverse("applications:detail", args=[app.pk])
    client.force_login(office.clerk)
    with_few = queries(client, url)
    for i in range(10):
        Department.objects.create(agency=office.agency, name=f"无负责人的第{i}处")
    more_departments_headed(office, office.head, 10)
    assert queries(client, url) == with_few <= ASSIGNABLE_DETAIL_QUERIES
    page = client.get(url).text
    assert 'id="act-assign"' in page and "无负责人的第9处（尚无处室负责人）" in page


def test_the_workload_asks_the_same_for_one_application_or_twenty_in_each_queue(
    client, office, everyone
):
    client.force_login(everyone)
    url = reverse("applications:workload")
    one_of_each_queue(office, everyone)
    with_one = queries(client, url)
    for _ in range(19):
        one_of_each_queue(office, everyone)
    more_departments_headed(office, everyone, 19)
    more_agencies(office, everyone, Role.CLERK, 20)
    with_twenty = queries(client, url)
    assert with_twenty == with_one <= WORKLOAD_QUERIES
    queues = client.get(url).context["queues"]
    assert {q.key: len(q.applications) for q in queues} == {
        "my_drafts": 20,
        "my_head_reviews": 20,
        "my_leader_approvals": 20,
        "my_clearances": 20,
        "my_extensions": 20,
    }


def test_table_3_asks_the_same_for_one_application_or_twenty(client, office):
    first = registered(office)
    url = reverse("reports:table3", args=[office.agency.code, first.received_on.year])
    client.force_login(office.clerk)
    with_one = queries(client, url)
    for _ in range(19):
        registered(office)
    more_agencies(office, office.clerk, Role.CLERK, 20)
    assert Application.objects.count() == 20
    assert queries(client, url) == with_one <= TABLE3_QUERIES


def test_table_3_asks_the_same_for_a_provincial_reader_of_many_agencies(client, office):
    first = registered(office)
    url = reverse("reports:table3", args=[office.agency.code, first.received_on.year])
    client.force_login(office.provincial)
    with_one = queries(client, url)
    more_agencies(office, office.provincial, Role.PROVINCE, 20)
    assert queries(client, url) == with_one <= TABLE3_QUERIES
