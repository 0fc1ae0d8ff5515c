"""Test data for the disclosure-on-request tests: an agency, its people, valid applicants.

Personas (DESIGN.md): clerk, head, leader, reviewer, admin of one agency; an outsider who is staff
of another agency; the provincial office on the parent agency; anonymous applicants.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser

from gongkai.agencies.models import Agency, Department, Membership, Role
from gongkai.applications.intake import Intake
from gongkai.core.identity import resident_id_check_char, uscc_check_char

_serial = itertools.count(1)


def resident_id(birth: date = date(1985, 6, 15), area: str = "230103") -> str:
    """A valid 居民身份证号码 with a fresh sequence number (not a real person's)."""
    first17 = f"{area}{birth:%Y%m%d}{next(_serial) % 1000:03d}"
    return first17 + resident_id_check_char(first17)


def uscc() -> str:
    """A valid 统一社会信用代码 (企业, 哈尔滨市) with a fresh body."""
    first17 = f"91230100MA{next(_serial):07d}"
    return first17 + uscc_check_char(first17)


def person_intake(**overrides) -> Intake:
    values = dict(
        channel="in_person",
        applicant_kind="person",
        applicant_name="张三",
        id_type="resident_id",
        id_number=resident_id(),
        phone="13800138000",
        address="哈尔滨市南岗区某街 1 号",
        info_name="2025 年专利资助资金分配结果",
        form_wanted="electronic",
        delivery="email",
        email="zhangsan@example.com",
    )
    values.update(overrides)
    return Intake(**values)


def organisation_intake(org_kind: str = "business", **overrides) -> Intake:
    values = dict(
        channel="post_signed",
        applicant_kind="organisation",
        applicant_name="某某科技有限公司",
        uscc=uscc(),
        org_kind=org_kind,
        contact_person="李四",
        phone="0451-86661234",
        address="哈尔滨市松北区某路 8 号",
        info_name="专利侵权纠纷行政裁决案件目录",
        form_wanted="paper",
        delivery="post",
    )
    values.update(overrides)
    return Intake(**values)


@dataclass
class Office:
    """One agency with its department and a user in every role, plus outsiders."""

    province: Agency
    agency: Agency
    department: Department
    other_agency: Agency
    clerk: AbstractBaseUser
    clerk2: AbstractBaseUser
    head: AbstractBaseUser
    leader: AbstractBaseUser
    reviewer: AbstractBaseUser
    admin: AbstractBaseUser
    outsider: AbstractBaseUser
    provincial: AbstractBaseUser


def make_user(username: str, *memberships: tuple[Agency, str]) -> AbstractBaseUser:
    user = get_user_model().objects.create_user(
        username, email=f"{username}@example.gov.cn", password="pw-for-tests-only"
    )
    for agency, role in memberships:
        Membership.objects.create(user=user, agency=agency, role=role)
    return user


def make_office(prefix: str = "") -> Office:
    province = Agency.objects.create(code=f"{prefix}hlj", name="黑龙江省人民政府")
    agency = Agency.objects.create(
        code=f"{prefix}hlj-ipo", name="黑龙江省知识产权局", parent=province
    )
    other = Agency.objects.create(code=f"{prefix}hlj-edu", name="黑龙江省教育厅", parent=province)
    department = Department.objects.create(agency=agency, name="综合协调处")
    Department.objects.create(agency=other, name="办公室")
    return Office(
        province=province,
        agency=agency,
        department=department,
        other_agency=other,
        clerk=make_user(f"{prefix}clerk", (agency, Role.CLERK)),
        clerk2=make_user(f"{prefix}clerk2", (agency, Role.CLERK)),
        head=make_user(f"{prefix}head", (agency, Role.HEAD)),
        leader=make_user(f"{prefix}leader", (agency, Role.LEADER)),
        reviewer=make_user(f"{prefix}reviewer", (agency, Role.REVIEWER)),
        admin=make_user(f"{prefix}admin", (agency, Role.ADMIN)),
        outsider=make_user(f"{prefix}outsider", (other, Role.CLERK)),
        provincial=make_user(f"{prefix}provincial", (province, Role.PROVINCE)),
    )
