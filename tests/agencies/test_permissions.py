"""A user's standing, read once: memberships in one query, readable agencies as a subquery."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from gongkai.agencies.models import Agency, Department, Membership, Role
from gongkai.agencies.permissions import (
    access_of,
    agencies_visible_to,
    can_approve_extension,
    can_read_agency,
    can_work_in_agency,
    forget_access,
    is_staff_anywhere,
    one_access_per_user,
    roles_in,
)

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


def test_anonymous_visitors_and_platform_admins(tree, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert not is_staff_anywhere(AnonymousUser())
        assert not access_of(AnonymousUser()).reads(tree["city"].pk)
    root = get_user_model().objects.create_superuser("root", "root@example.gov.cn", "pw")
    assert set(agencies_visible_to(root)) == set(tree.values())
    assert can_read_agency(root, tree["elsewhere"]) and is_staff_anywhere(root)
