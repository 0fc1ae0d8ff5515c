"""The agency admin's services and pages: what they refuse, and the home page of many agencies."""

from __future__ import annotations

import inspect

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from gongkai.agencies import services
from gongkai.agencies.forms import AgencySettingsForm
from gongkai.agencies.models import Agency, Membership, Role
from gongkai.agencies.permissions import has_role
from gongkai.agencies.views import HOME_PAGE_SIZE
from gongkai.core.errors import DomainError
from tests.applications.factories import Office, make_office, make_user


@pytest.fixture
def office(db) -> Office:
    return make_office()


def test_the_settings_fields_are_declared_once_for_the_service_and_the_form():
    parameters = inspect.signature(services.agency_settings_update).parameters
    assert tuple(name for name in parameters if name != "agency") == services.SETTINGS_FIELDS
    assert tuple(AgencySettingsForm.base_fields) == services.SETTINGS_FIELDS


def test_an_existing_login_is_found_whatever_the_case_of_its_letters(office):
    user = services.person_attach(
        agency=office.agency, username=office.outsider.username.upper(), role=Role.REVIEWER
    )
    assert user == office.outsider and has_role(user, office.agency, Role.REVIEWER)


def test_two_logins_that_differ_only_in_case_are_not_guessed_between(office):
    users = get_user_model()
    exact = users.objects.create_user("Zhao", password="x")
    users.objects.create_user("zhao", password="x")
    with pytest.raises(DomainError) as refused:
        services.person_attach(agency=office.agency, username="ZHAO", role=Role.CLERK)
    assert refused.value.field == "username" and "大小写" in refused.value.message
    # Spelled exactly, it is that one.
    got = services.person_attach(agency=office.agency, username="Zhao", role=Role.CLERK)
    assert got == exact


def test_a_taken_login_is_refused_whatever_the_case_when_creating(office):
    with pytest.raises(DomainError) as refused:
        services.person_create(
            agency=office.agency,
            name="重名",
            username=office.clerk.username.upper(),
            password="Kq7-unusual-pass",
            role=Role.CLERK,
        )
    assert refused.value.field == "username"


def test_an_agency_admin_cannot_take_away_the_provincial_role_they_cannot_grant(client, office):
    province = office.province
    admin = make_user("province-admin", (province, Role.ADMIN))
    role = Membership.objects.get(user=office.provincial, role=Role.PROVINCE)
    with pytest.raises(DomainError) as refused:
        services.membership_revoke(agency=province, membership=role)
    assert refused.value.field == "role" and "平台管理员" in refused.value.message
    # On the page: no button, and a POST made by hand is refused with the reason.
    client.force_login(admin)
    person_url = reverse("agencies:person", args=[province.code, office.provincial.pk])
    page = client.get(person_url)
    assert reverse("agencies:role_remove", args=[province.code, role.pk]) not in page.text
    assert "由平台管理员管理" in page.text
    response = client.post(
        reverse("agencies:role_remove", args=[province.code, role.pk]), follow=True
    )
    assert "平台管理员" in response.text
    assert Membership.objects.filter(pk=role.pk).exists()


def test_the_home_page_pages_through_many_agencies_and_says_how_many(client, office):
    Agency.objects.bulk_create(
        Agency(code=f"z{n:04d}", name=f"某某局{n}", parent=office.province)
        for n in range(HOME_PAGE_SIZE + 5)
    )
    total = Agency.objects.count()
    client.force_login(get_user_model().objects.create_superuser("root", "r@example.cn", "pw"))
    first = client.get(reverse("agencies:home"))
    assert first.status_code == 200
    assert f"您管理 {total} 个机关" in first.text and "第 1 / 2 页" in first.text
    assert len(first.context["page"].object_list) == HOME_PAGE_SIZE
    second = client.get(reverse("agencies:home"), {"page": 2})
    listed = {a.code for a in first.context["page"]} | {a.code for a in second.context["page"]}
    assert listed == set(Agency.objects.values_list("code", flat=True))
