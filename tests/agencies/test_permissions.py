"""A user's standing, read once: memberships in one query, readable agencies as a subquery."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from gongkai.agencies.models import Agency, Department, Membership, Role
from gongkai.agencies.permissions import (
    access_of,
    administered_agency_ids,
    administers_any_agency,
    agencies_visible_to,
    can_approve_extension,
    can_read_agency,
    can_work_in_agency,
    forget_access,
    is_staff_anywhere,
    one_access_per_user,
    roles_in,
)
from gongkai.applications.models import Application
from gongkai.applications.permissions import can_head_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree() -> dict[str, Agency]:
    """省政府 → 市政府 → 县政府, and another province beside it."""
    province = Agency.objects.create(code="p", name="省政府")
    city = Agency.objects.create(code="c", name="市政府", parent=province)
    county = Agency.objects.create(code="x", name="县政府", parent=city)
    elsewhere = Agency.objects.create(code="e", name="外省政府")
    return {"province": province, "city": city, "county": county, "elsewhere": elsewhere}


def person(name: str, *roles: tuple[Agency, str]):
    user = get_user_model().objects.create_user(name)
    for agency, role in roles:
        Membership.objects.create(user=user, agency=agency, role=role)
    return user


def test_the_provincial_office_reads_every_agency_below_it_at_any_depth(tree):
    reader = person("reader", (tree["province"], Role.PROVINCE))
    assert set(agencies_visible_to(reader)) == {tree["province"], tree["city"], tree["county"]}
    assert can_read_agency(reader, tree["county"])
    assert not can_read_agency(reader, tree["elsewhere"])
    assert not can_work_in_agency(reader, tree["county"])  # it reads, never works


def test_the_readable_agencies_are_a_subquery_not_a_list_of_ids(tree):
    reader = person("reader", (tree["city"], Role.PROVINCE), (tree["elsewhere"], Role.CLERK))
    sql = str(agencies_visible_to(reader).query)
    assert "IN (SELECT" in sql and "WITH RECURSIVE" in sql
    assert set(agencies_visible_to(reader)) == {tree["city"], tree["county"], tree["elsewhere"]}


def test_in_a_request_the_memberships_are_read_once_however_many_checks(
    tree, django_assert_num_queries
):
    clerk = person(
        "clerk",
        (tree["city"], Role.CLERK),
        (tree["city"], Role.LEADER),
        (tree["county"], Role.HEAD),
    )
    with django_assert_num_queries(1), one_access_per_user():
        for _ in range(10):
            assert roles_in(clerk, tree["city"]) == {Role.CLERK, Role.LEADER}
            assert can_work_in_agency(clerk, tree["county"])
            assert not can_read_agency(clerk, tree["province"])
            assert is_staff_anywhere(clerk)
            assert can_approve_extension(clerk, tree["county"])


def test_a_change_of_memberships_shows_at_once_outside_a_request_and_after_forget_access(tree):
    user = person("later")
    assert not is_staff_anywhere(user)
    Membership.objects.create(user=user, agency=tree["city"], role=Role.CLERK)
    assert is_staff_anywhere(user)  # no request: every check reads them
    with one_access_per_user():
        assert roles_in(user, tree["city"]) == {Role.CLERK}
        Membership.objects.create(user=user, agency=tree["city"], role=Role.LEADER)
        assert roles_in(user, tree["city"]) == {Role.CLERK}  # read once in the request
        forget_access(user)
        assert roles_in(user, tree["city"]) == {Role.CLERK, Role.LEADER}


def test_an_extension_is_the_disclosure_office_heads_and_the_leaders_only_by_policy(tree):
    city = tree["city"]
    office, other = (Department.objects.create(agency=city, name=n) for n in ("公开办", "法规处"))
    city.disclosure_office = office
    city.save()
    office_head, other_head = person("office_head"), person("other_head")
    for user, department in ((office_head, office), (other_head, other)):
        Membership.objects.create(user=user, agency=city, role=Role.HEAD, department=department)
    leader = person("leader", (city, Role.LEADER))
    assert can_approve_extension(office_head, city)
    assert not can_approve_extension(other_head, city)
    assert not can_approve_extension(leader, city)
    city.leader_may_extend = True
    assert can_approve_extension(leader, city)


def test_a_head_of_no_department_heads_the_disclosure_office_too_for_review_and_extension(tree):
    """can_head_review and can_approve_extension agree: a head named for no department (a small
    office) heads every department, the disclosure office included."""
    city = tree["city"]
    office, other = (Department.objects.create(agency=city, name=n) for n in ("公开办", "法规处"))
    head_of_all = person("head_of_all", (city, Role.HEAD))  # no department
    other_head = person("other_head")
    Membership.objects.create(user=other_head, agency=city, role=Role.HEAD, department=other)
    handled_by_office = Application(agency=city, department=office)
    for disclosure_office in (None, office):
        city.disclosure_office = disclosure_office
        assert can_head_review(head_of_all, handled_by_office)
        assert can_approve_extension(head_of_all, city), disclosure_office
    assert not can_head_review(other_head, handled_by_office)
    assert not can_approve_extension(other_head, city)  # the office is set: not theirs
    assert not can_approve_extension(head_of_all, tree["county"])  # a head of another agency


def test_the_administered_agencies_come_from_the_memberships_already_read(
    tree, django_assert_num_queries
):
    admin = person("admin", (tree["city"], Role.ADMIN), (tree["county"], Role.CLERK))
    clerk = person("clerk", (tree["city"], Role.CLERK))
    with one_access_per_user():
        access_of(admin).grants  # noqa: B018 -- the one query of the request
        access_of(clerk).grants  # noqa: B018
        with django_assert_num_queries(0):
            assert administered_agency_ids(admin) == {tree["city"].pk}
            assert administers_any_agency(admin)
            assert administered_agency_ids(clerk) == set()
            assert not administers_any_agency(clerk)
    admin.is_active = False  # a deactivated admin manages nothing
    assert administered_agency_ids(admin) == set() and not administers_any_agency(admin)
    assert administered_agency_ids(AnonymousUser()) == set()


def test_anonymous_visitors_and_platform_admins(tree, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert not is_staff_anywhere(AnonymousUser())
        assert not access_of(AnonymousUser()).reads(tree["city"].pk)
    root = get_user_model().objects.create_superuser("root", "root@example.gov.cn", "pw")
    assert set(agencies_visible_to(root)) == set(tree.values())
    assert can_read_agency(root, tree["elsewhere"]) and is_staff_anywhere(root)
    assert administered_agency_ids(root) is None and administers_any_agency(root)
