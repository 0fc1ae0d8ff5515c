"""Building, detecting and removing the demo: agencies, people with known passwords, and cases.

Everything is created through the services, in one transaction: a failed build leaves nothing.
The demo is recognised by its agency codes; removing it deletes those agencies and whatever
refers to them (applications, their events and notices), never anything else. Demo users are
kept across a rebuild (their passwords are set again), since other records may name them.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from gongkai.agencies.models import Agency, Department, Membership, Role
from gongkai.applications.demo.applicants import ApplicantBook
from gongkai.applications.demo.clock import simulated_today
from gongkai.applications.demo.replay import Office, replay
from gongkai.applications.demo.scenario import SEED, demo_cases
from gongkai.applications.demo.story import EDU, IPO
from gongkai.applications.models import Application
from gongkai.core.append_only import append_only_lifted
from gongkai.publishing.demo.build import (
    ITEMS_PER_AGENCY,
    Publisher,
    publishing_demo_build,
    publishing_demo_remove,
)
from gongkai.reports.demo import CODES as REPORT_DEMO_CODES
from gongkai.reports.demo import PlatformPeople, reports_demo_build
from gongkai.workdays.services import calendar_current

PASSWORD = "gongkai-demo"
PROVINCE = "hlj"
SUPERUSER = "platform"


@dataclass(frozen=True)
class AgencySpec:
    code: str
    name: str
    parent: str | None
    departments: tuple[str, ...]
    office_name: str = ""


AGENCIES = (
    AgencySpec(
        PROVINCE, "黑龙江省人民政府", None, ("办公厅政务公开办公室",), "办公厅政务公开办公室"
    ),
    AgencySpec(IPO, "黑龙江省知识产权局", PROVINCE, ("综合协调处", "专利管理处"), "综合协调处"),
    AgencySpec(EDU, "黑龙江省教育厅", PROVINCE, ("办公室", "政策法规处"), "办公室"),
)
# The demo's agencies: those above, and those the reports demo adds below the province.
CODES = (*(a.code for a in AGENCIES), *REPORT_DEMO_CODES)
# What the guide and the portal's footer show for each demo agency (invented numbers).
GUIDE_SETTINGS = {
    "office_hours": "工作日 上午 8:30—11:30，下午 13:30—17:00（法定节假日除外）",
    "office_fax": "0451-12345679",
    "office_email": "gongkai@example.gov.cn",
    "office_postcode": "150001",
    "apply_instructions": "申请人可通过本网站在线提交申请，也可以信函、传真或当面方式提出申请。",
    "site_sponsor": "黑龙江省人民政府办公厅（演示）",
    "site_code": "2300000000",
    "icp_number": "黑ICP备00000000号（演示）",
    "police_number": "黑公网安备 23010000000000号（演示）",
    "index_number_pattern": "{code}/{year}-{seq:05d}",
}

# username → (full name, [(agency code, role, department)]). One person per role at the IPO;
# the education department is a small office, but even there the head and the leader who sign a
# reply are two people (the four-eyes rule holds across roles).
USERS: dict[str, tuple[str, tuple[tuple[str, str, str], ...]]] = {
    "clerk": ("王承办", ((IPO, Role.CLERK, "综合协调处"),)),
    "clerk2": ("李承办", ((IPO, Role.CLERK, "综合协调处"),)),
    "head": ("赵处长", ((IPO, Role.HEAD, "综合协调处"),)),
    "leader": ("孙局长", ((IPO, Role.LEADER, ""),)),
    "reviewer": ("周保密", ((IPO, Role.REVIEWER, ""),)),
    "admin": ("吴管理", ((IPO, Role.ADMIN, ""), (EDU, Role.ADMIN, ""))),
    "provincial": ("郑公开办", ((PROVINCE, Role.PROVINCE, ""),)),
    "edu-clerk": ("陈承办", ((EDU, Role.CLERK, "办公室"),)),
    "edu-head": ("刘主任", ((EDU, Role.HEAD, "办公室"),)),
    "edu-leader": ("钱副厅长", ((EDU, Role.LEADER, ""),)),
    "edu-reviewer": ("杨保密", ((EDU, Role.REVIEWER, ""),)),
    # The provincial government publishes too (主动公开 only in the demo).
    "gov-clerk": ("何承办", ((PROVINCE, Role.CLERK, "办公厅政务公开办公室"),)),
    "gov-head": ("林主任", ((PROVINCE, Role.HEAD, "办公厅政务公开办公室"),)),
    "gov-leader": ("高秘书长", ((PROVINCE, Role.LEADER, ""),)),
    "gov-reviewer": ("罗保密", ((PROVINCE, Role.REVIEWER, ""),)),
}
# Who publishes at each agency: the prefix of their usernames (clerk, head, leader, reviewer).
PUBLISHERS = {PROVINCE: "gov-", IPO: "", EDU: "edu-"}
# Who takes each kind of step at each agency (plan() names the roles).
HANDLERS = {
    IPO: {"clerk": "clerk", "head": "head", "leader": "leader", "reviewer": "reviewer"},
    EDU: {
        "clerk": "edu-clerk",
        "head": "edu-head",
        "leader": "edu-leader",
        "reviewer": "edu-reviewer",
    },
}


def demo_exists() -> bool:
    return Application.objects.filter(agency__code__in=CODES).exists()


def demo_build(
    *, today: date | None = None, items_per_agency: int = ITEMS_PER_AGENCY
) -> dict[str, Application]:
    """Create the agencies, people, applications and published items of the demo; all or
    nothing."""
    today = today or timezone.localdate()
    with transaction.atomic():
        agencies = _agencies()
        users = _users(agencies)
        calendar = calendar_current()
        offices = {
            code: Office(agency=agencies[code], people={r: users[u] for r, u in roles.items()})
            for code, roles in HANDLERS.items()
        }
        applications = replay(
            demo_cases(today, calendar),
            offices=offices,
            book=ApplicantBook(random.Random(SEED)),
            calendar=calendar,
        )
        # The publishing services date with Django's clock ("not later than today"): the demo's
        # today is theirs too, whatever day it is built as.
        with simulated_today(today):
            publishing_demo_build(
                _publishers(agencies, users),
                today=today,
                calendar=calendar,
                items_per_agency=items_per_agency,
            )
        _reports(agencies, users, today)
        return applications


def _reports(agencies: dict[str, Agency], users: dict[str, AbstractBaseUser], today: date) -> None:
    """The demo province's annual reports (reports.demo): the IPO's published through the chain,
    the education department's a draft, the provincial government's under review."""

    def people(code: str, prefix: str, *, chain: bool = False) -> PlatformPeople:
        if not chain:
            return PlatformPeople(agency=agencies[code], clerk=users[f"{prefix}clerk"])
        return PlatformPeople(
            agency=agencies[code],
            **{role: users[f"{prefix}{role}"] for role in ("clerk", "head", "leader", "reviewer")},
        )

    reports_demo_build(
        province=agencies[PROVINCE],
        provincial=users["provincial"],
        published=people(IPO, "", chain=True),
        drafting=people(EDU, "edu-"),
        reviewing=people(PROVINCE, "gov-"),
        today=today,
    )


def _publishers(agencies: dict[str, Agency], users: dict[str, AbstractBaseUser]) -> list[Publisher]:
    publishers = []
    for code, prefix in PUBLISHERS.items():
        people = {role: users[f"{prefix}{role}"] for role in ("clerk", "head", "leader")}
        people["reviewer"] = users[f"{prefix}reviewer"]
        head_department = next(d for c, r, d in USERS[f"{prefix}head"][1] if r == Role.HEAD)
        agency = agencies[code]
        department = agency.departments.get(name=head_department)
        publishers.append(Publisher(agency=agency, department=department, people=people))
    return publishers


def demo_remove() -> int:
    """Delete the demo agencies and everything that refers to them; the number of applications.

    The demo's events go too: the append-only tables are lifted for this (core.append_only)."""
    with append_only_lifted():
        count = Application.objects.filter(agency__code__in=CODES).count()
        publishing_demo_remove(Agency.objects.filter(code__in=CODES))
        _purge(Agency.objects.filter(code__in=CODES))
    return count


def demo_state_counts() -> dict[str, Counter[str]]:
    """Applications per state, per demo agency code."""
    counts: dict[str, Counter[str]] = {code: Counter() for code in CODES}
    rows = (
        Application.objects.filter(agency__code__in=CODES)
        .values_list("agency__code", "state")
        .annotate(n=models.Count("pk"))
        .order_by()
    )
    for code, state, n in rows:
        counts[code][state] += n
    return counts


def demo_agencies() -> QuerySet[Agency]:
    return Agency.objects.filter(code__in=CODES).order_by("pk")


def _agencies() -> dict[str, Agency]:
    agencies: dict[str, Agency] = {}
    for spec in AGENCIES:
        agency, _ = Agency.objects.get_or_create(
            code=spec.code,
            defaults={
                "name": spec.name,
                "parent": agencies.get(spec.parent) if spec.parent else None,
                "office_name": spec.office_name,
                "office_address": "黑龙江省哈尔滨市南岗区某路 1 号",
                "office_phone": "0451-12345678",
                **GUIDE_SETTINGS,
            },
        )
        for name in spec.departments:
            Department.objects.get_or_create(agency=agency, name=name)
        if agency.disclosure_office_id is None:
            agency.disclosure_office = agency.departments.get(name=spec.office_name)
            agency.save(update_fields=["disclosure_office"])
        agencies[spec.code] = agency
    return agencies


def _users(agencies: dict[str, Agency]) -> dict[str, AbstractBaseUser]:
    User = get_user_model()
    users: dict[str, AbstractBaseUser] = {}
    for username, (full_name, roles) in USERS.items():
        user = _user(username, full_name)
        for code, role, department in roles:
            agency = agencies[code]
            # One row per department headed: the department is part of what identifies it.
            Membership.objects.get_or_create(
                user=user,
                agency=agency,
                role=role,
                department=agency.departments.filter(name=department).first()
                if department
                else None,
            )
        users[username] = user
        if any(role == Role.ADMIN for _, role, _ in roles) and not user.is_staff:
            # Agency admins edit their notice templates in Django's admin, which needs is_staff.
            User.objects.filter(pk=user.pk).update(is_staff=True)
    admin = _user(SUPERUSER, "平台管理员")
    if not admin.is_superuser:
        User.objects.filter(pk=admin.pk).update(is_superuser=True, is_staff=True)
    return users


def _user(username: str, full_name: str) -> AbstractBaseUser:
    User = get_user_model()
    user, _ = User.objects.get_or_create(
        username=username,
        defaults={"first_name": full_name, "email": f"{username}@example.gov.cn"},
    )
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    return user


def _purge(queryset: QuerySet) -> None:
    """Delete the rows and, first, every row that refers to them and would block or cascade."""
    if not queryset.exists():
        return
    for relation in queryset.model._meta.related_objects:
        if relation.many_to_many:
            continue
        if relation.on_delete in (models.CASCADE, models.PROTECT, models.RESTRICT):
            name = relation.field.name
            _purge(relation.related_model._default_manager.filter(**{f"{name}__in": queryset}))
    # Events and notices refuse instance deletion (append-only); a queryset delete removes
    # them as the demo's own records (events only inside demo_remove's lift).
    queryset.delete()
