"""The agency admin's own pages: people and roles, departments, settings — of their agency only."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from gongkai.agencies.models import Agency, Department, Membership, Role
from gongkai.agencies.permissions import can_approve_extension, has_role
from tests.applications.factories import Office, make_office, make_user


@pytest.fixture
def office(db) -> Office:
    return make_office()


@pytest.fixture
def other_admin(office: Office):
    """The admin of the other agency (agency B)."""
    return make_user("admin-b", (office.other_agency, Role.ADMIN))


def _url(name: str, agency: Agency, *args) -> str:
    return reverse(f"agencies:{name}", args=[agency.code, *args])


def _pages(office: Office, agency: Agency) -> list[str]:
    department = Department.objects.filter(agency=agency).first()
    person = Membership.objects.filter(agency=agency).first().user
    return [
        _url("people", agency),
        _url("person_add", agency),
        _url("person", agency, person.pk),
        _url("departments", agency),
        _url("department_rename", agency, department.pk),
        _url("settings", agency),
    ]


def test_the_admin_opens_every_page_of_their_own_agency(client, office):
    client.force_login(office.admin)
    for url in _pages(office, office.agency):
        assert client.get(url).status_code == 200, url


def test_an_admin_of_another_agency_finds_nothing_there(client, office, other_admin):
    client.force_login(other_admin)
    for url in _pages(office, office.agency):
        assert client.get(url).status_code == 404, url
    membership = Membership.objects.get(user=office.clerk)
    response = client.post(_url("role_remove", office.agency, membership.pk))
    assert response.status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_staff_of_the_agency_who_are_not_its_admin_are_refused_with_a_reason(client, office):
    client.force_login(office.clerk)
    response = client.get(_url("people", office.agency))
    assert response.status_code == 403
    assert "只有本机关的机关管理员" in response.text


def test_an_admin_cannot_reach_a_person_of_another_agency_through_their_own(client, office):
    client.force_login(office.admin)
    response = client.get(_url("person", office.agency, office.outsider.pk))
    assert response.status_code == 404


def test_the_people_page_lists_everyone_with_their_roles(client, office):
    client.force_login(office.admin)
    page = client.get(_url("people", office.agency)).text
    for user in (office.clerk, office.head, office.leader, office.reviewer, office.admin):
        assert user.get_username() in page
    assert office.outsider.get_username() not in page
    assert "承办人" in page and "机关管理员" in page


def test_the_home_page_sends_an_admin_of_one_agency_to_it(client, office):
    client.force_login(office.admin)
    response = client.get(reverse("agencies:home"))
    assert response.status_code == 302
    assert response["Location"] == _url("people", office.agency)


def test_an_admin_adds_a_new_person_with_a_login_and_a_role(client, office):
    client.force_login(office.admin)
    response = client.post(
        _url("person_add", office.agency),
        {
            "mode": "new",
            "username": "wangwu",
            "name": "王五",
            "password": "Kq7-unusual-pass",
            "role": Role.CLERK,
        },
    )
    user = get_user_model().objects.get(username="wangwu")
    assert response.status_code == 302
    assert user.get_full_name() == "王五" and user.check_password("Kq7-unusual-pass")
    assert has_role(user, office.agency, Role.CLERK)


def test_a_new_person_without_a_name_or_a_password_is_refused_at_those_fields(client, office):
    client.force_login(office.admin)
    response = client.post(
        _url("person_add", office.agency), {"mode": "new", "username": "x", "role": Role.CLERK}
    )
    assert response.status_code == 200
    assert "请填写姓名" in response.text and "请填写初始密码" in response.text
    assert not get_user_model().objects.filter(username="x").exists()


def test_a_weak_initial_password_is_refused_and_no_login_is_created(client, office, settings):
    settings.AUTH_PASSWORD_VALIDATORS = [
        {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"}
    ]
    client.force_login(office.admin)
    data = {"mode": "new", "username": "weak", "name": "弱", "password": "123", "role": "clerk"}
    response = client.post(_url("person_add", office.agency), data)
    assert response.status_code == 200
    assert "初始密码：" in response.text
    assert not get_user_model().objects.filter(username="weak").exists()


def test_an_existing_login_is_attached_to_the_agency(client, office):
    client.force_login(office.admin)
    response = client.post(
        _url("person_add", office.agency),
        {"mode": "existing", "username": office.outsider.username, "role": Role.REVIEWER},
    )
    assert response.status_code == 302
    assert has_role(office.outsider, office.agency, Role.REVIEWER)
    assert has_role(office.outsider, office.other_agency, Role.CLERK)  # untouched


def test_a_login_already_taken_is_refused_when_creating(client, office):
    client.force_login(office.admin)
    data = {"mode": "new", "username": "clerk", "name": "重名", "password": "Kq7-unusual-pass"}
    response = client.post(_url("person_add", office.agency), {**data, "role": Role.CLERK})
    assert response.status_code == 200
    assert "登录名：" in response.text and "已被使用" in response.text


def test_the_provincial_role_cannot_be_granted(client, office):
    client.force_login(office.admin)
    response = client.post(_url("person", office.agency, office.clerk.pk), {"role": Role.PROVINCE})
    assert response.status_code == 200
    assert "角色的选项无效" in response.text
    assert not has_role(office.clerk, office.agency, Role.PROVINCE)


def test_a_head_role_needs_a_department(client, office):
    client.force_login(office.admin)
    response = client.post(_url("person", office.agency, office.clerk.pk), {"role": Role.HEAD})
    assert response.status_code == 200
    assert "处室负责人须选择所负责的处室" in response.text
    assert not has_role(office.clerk, office.agency, Role.HEAD)


def test_a_department_of_another_agency_cannot_be_chosen(client, office):
    client.force_login(office.admin)
    elsewhere = Department.objects.get(agency=office.other_agency)
    response = client.post(
        _url("person", office.agency, office.clerk.pk),
        {"role": Role.HEAD, "department": elsewhere.pk},
    )
    assert response.status_code == 200
    assert not Membership.objects.filter(user=office.clerk, role=Role.HEAD).exists()


def test_one_person_heads_two_departments_and_the_role_takes_effect(client, office):
    second = Department.objects.create(agency=office.agency, name="法规处")
    office.agency.disclosure_office = second
    office.agency.save()
    assert not can_approve_extension(office.clerk, office.agency)
    client.force_login(office.admin)
    url = _url("person", office.agency, office.clerk.pk)
    for department in (office.department, second):
        response = client.post(url, {"role": Role.HEAD, "department": department.pk})
        assert response.status_code == 302
    heads = Membership.objects.filter(user=office.clerk, agency=office.agency, role=Role.HEAD)
    assert {m.department for m in heads} == {office.department, second}
    clerk = get_user_model().objects.get(pk=office.clerk.pk)  # a fresh request's user
    assert can_approve_extension(clerk, office.agency)


def test_granting_the_same_role_twice_is_refused(client, office):
    client.force_login(office.admin)
    response = client.post(_url("person", office.agency, office.clerk.pk), {"role": Role.CLERK})
    assert response.status_code == 200
    assert "此人已有该角色" in response.text
    assert Membership.objects.filter(user=office.clerk, role=Role.CLERK).count() == 1


def test_a_removed_role_no_longer_opens_the_pages_it_gave(client, office):
    second_admin = make_user("admin2", (office.agency, Role.ADMIN))
    client.force_login(office.admin)
    membership = Membership.objects.get(user=second_admin)
    response = client.post(_url("role_remove", office.agency, membership.pk))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    client.force_login(second_admin)
    assert client.get(_url("people", office.agency)).status_code == 404  # no role left here


def test_the_last_admin_of_an_agency_is_not_removed(client, office):
    client.force_login(office.admin)
    membership = Membership.objects.get(user=office.admin, role=Role.ADMIN)
    response = client.post(_url("role_remove", office.agency, membership.pk), follow=True)
    assert "不能移除本机关最后一位机关管理员" in response.text
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_an_admin_may_give_up_the_role_while_another_admin_remains(client, office):
    make_user("admin2", (office.agency, Role.ADMIN))
    client.force_login(office.admin)
    membership = Membership.objects.get(user=office.admin, role=Role.ADMIN)
    response = client.post(_url("role_remove", office.agency, membership.pk))
    assert response["Location"] == reverse("applications:workload")
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_departments_are_added_and_renamed_and_a_duplicate_name_is_refused(client, office):
    client.force_login(office.admin)
    response = client.post(_url("departments", office.agency), {"name": "办公室"})
    assert response.status_code == 302
    added = Department.objects.get(agency=office.agency, name="办公室")
    response = client.post(_url("departments", office.agency), {"name": "综合协调处"})
    assert response.status_code == 200 and "处室名称：本机关已有" in response.text
    response = client.post(_url("department_rename", office.agency, added.pk), {"name": "秘书处"})
    assert response.status_code == 302
    added.refresh_from_db()
    assert added.name == "秘书处"


def test_a_department_of_another_agency_cannot_be_renamed(client, office):
    client.force_login(office.admin)
    elsewhere = Department.objects.get(agency=office.other_agency)
    response = client.post(_url("department_rename", office.agency, elsewhere.pk), {"name": "x"})
    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.name == "办公室"


def _settings(office: Office, **overrides) -> dict:
    data = {
        "office_name": "黑龙江省知识产权局办公室",
        "office_address": "哈尔滨市南岗区某街 2 号",
        "office_phone": "0451-80000000",
        "disclosure_office": office.department.pk,
        "leader_may_extend": "on",
        "notice_number_pattern": "黑知公开〔{year}〕{seq}号",
        # The guide's and the portal's (required: the level and the 索引号 pattern).
        "level": "provincial",
        "index_number_pattern": "{code}/{year}-{seq:05d}",
    }
    data.update(overrides)
    return data


def test_the_settings_are_saved(client, office):
    client.force_login(office.admin)
    response = client.post(_url("settings", office.agency), _settings(office))
    assert response.status_code == 302
    agency = Agency.objects.get(pk=office.agency.pk)
    assert agency.office_phone == "0451-80000000"
    assert agency.disclosure_office == office.department and agency.leader_may_extend
    assert agency.notice_number_pattern == "黑知公开〔{year}〕{seq}号"


@pytest.mark.parametrize(
    "pattern",
    ["黑知公开〔{year}〕号", "{seq}号", "{year}-{seq", "{seq}-{month}", "{seq:zz}", "{seq.real}"],
)
def test_a_bad_number_pattern_is_refused_naming_the_field(client, office, pattern):
    client.force_login(office.admin)
    response = client.post(
        _url("settings", office.agency), _settings(office, notice_number_pattern=pattern)
    )
    assert response.status_code == 200
    assert "告知书文号格式：" in response.text
    agency = Agency.objects.get(pk=office.agency.pk)
    assert agency.notice_number_pattern == "{code}-{year}-{seq:04d}"
    assert agency.office_phone == ""  # nothing half-written


def test_the_disclosure_office_must_be_a_department_of_the_agency(client, office):
    client.force_login(office.admin)
    elsewhere = Department.objects.get(agency=office.other_agency)
    response = client.post(
        _url("settings", office.agency), _settings(office, disclosure_office=elsewhere.pk)
    )
    assert response.status_code == 200
    assert Agency.objects.get(pk=office.agency.pk).disclosure_office is None


def test_an_admin_of_another_agency_cannot_change_its_settings(client, office, other_admin):
    client.force_login(other_admin)
    response = client.post(_url("settings", office.agency), _settings(office))
    assert response.status_code == 404
    assert Agency.objects.get(pk=office.agency.pk).office_phone == ""
