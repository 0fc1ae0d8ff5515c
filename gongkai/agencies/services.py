"""Writes an agency admin makes on their own agency: people and roles, departments, settings.

Each function takes the agency row lock, checks, then writes, inside one transaction: a refusal
(DomainError, in Chinese, naming the field) leaves nothing half-written. Who may call them is the
views' business (permissions.can_administer_agency); what may be granted is decided here: an
agency admin never grants (nor takes away) the provincial office's role, a department head heads
a department of this agency, and the last admin of an agency is never removed.
"""

from __future__ import annotations

import string

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gongkai.agencies.models import STAFF_ROLES, Agency, Department, Membership, Role
from gongkai.agencies.numbering import INDEX_NUMBER, pattern_problem
from gongkai.agencies.permissions import forget_access
from gongkai.core.errors import DomainError
from gongkai.core.generations import PUBLIC_PAGES, bump_generation
from gongkai.core.identity import normalise_uscc, uscc_problem

# The roles an agency admin hands out in their own agency (the provincial office's is not theirs).
GRANTABLE_ROLES = STAFF_ROLES

# The settings an agency admin edits (``agency_settings_update``'s fields); the settings page's
# form shows these.
SETTINGS_FIELDS = (
    "office_name",
    "office_address",
    "office_phone",
    "disclosure_office",
    "leader_may_extend",
    "notice_number_pattern",
    # What the guide (Art. 12) and the portal show.
    "level",
    "credit_code",
    "office_hours",
    "office_fax",
    "office_email",
    "office_postcode",
    "apply_instructions",
    "site_sponsor",
    "site_code",
    "icp_number",
    "police_number",
    "index_number_pattern",
)


def _locked(agency: Agency) -> Agency:
    return Agency.objects.select_for_update().get(pk=agency.pk)


def _check_grant(agency: Agency, role: str, department: Department | None) -> None:
    if role not in GRANTABLE_ROLES:
        raise DomainError(_("角色：机关管理员不能授予该角色"), field="role")
    if role == Role.HEAD:
        if department is None:
            raise DomainError(_("处室：处室负责人须选择所负责的处室"), field="department")
        if department.agency_id != agency.pk:
            raise DomainError(_("处室：只能选择本机关的处室"), field="department")
    elif department is not None:
        raise DomainError(_("处室：只有处室负责人需要选择处室"), field="department")


def membership_grant(
    *, agency: Agency, user: AbstractBaseUser, role: str, department: Department | None = None
) -> Membership:
    """One more role for a person in this agency; a head role once per department headed."""
    _check_grant(agency, role, department)
    with transaction.atomic():
        agency = _locked(agency)
        if Membership.objects.filter(
            user=user, agency=agency, role=role, department=department
        ).exists():
            raise DomainError(_("角色：此人已有该角色"), field="role")
        granted = Membership.objects.create(
            user=user, agency=agency, role=role, department=department
        )
    forget_access(user)  # the rest of this request sees the new role too
    return granted


def membership_revoke(*, agency: Agency, membership: Membership) -> None:
    """Take one role away; the agency's last admin stays (someone must be able to manage it),
    and the provincial office's role, which an agency admin does not grant, is not theirs to
    take away either."""
    if membership.agency_id != agency.pk:
        raise DomainError(_("该角色不属于本机关"))
    if membership.role not in GRANTABLE_ROLES:
        raise DomainError(
            _("角色：“%(role)s”不由机关管理员授予，也不能由机关管理员移除；请联系平台管理员")
            % {"role": membership.get_role_display()},
            field="role",
        )
    with transaction.atomic():
        agency = _locked(agency)
        if membership.role == Role.ADMIN:
            others = Membership.objects.filter(agency=agency, role=Role.ADMIN).exclude(
                pk=membership.pk
            )
            if not others.exists():
                raise DomainError(
                    _(
                        "不能移除本机关最后一位机关管理员：请先为另一人授予机关管理员角色，"
                        "再移除此角色"
                    ),
                    field="role",
                )
        Membership.objects.filter(pk=membership.pk).delete()
    forget_access(membership.user)  # the rest of this request sees the role gone


def person_create(
    *,
    agency: Agency,
    name: str,
    username: str,
    password: str,
    email: str = "",
    role: str,
    department: Department | None = None,
) -> AbstractBaseUser:
    """A new login for a person of this agency, with a first role."""
    users = get_user_model()
    _check_grant(agency, role, department)
    if users.objects.filter(username__iexact=username).exists():
        raise DomainError(
            _("登录名：“%(username)s”已被使用；如是同一人，请选择“添加已有账号”")
            % {"username": username},
            field="username",
        )
    candidate = users(username=username, first_name=name, email=email)
    try:
        password_validation.validate_password(password, candidate)
    except ValidationError as error:
        raise DomainError(
            _("初始密码：%(problems)s") % {"problems": "；".join(error.messages)},
            field="password",
        ) from None
    try:
        with transaction.atomic():
            user = users.objects.create_user(
                username=username, password=password, email=email, first_name=name
            )
            membership_grant(agency=agency, user=user, role=role, department=department)
    except IntegrityError:
        # Someone took the login in between.
        raise DomainError(
            _("登录名：“%(username)s”已被使用") % {"username": username}, field="username"
        ) from None
    return user


def person_attach(
    *, agency: Agency, username: str, role: str, department: Department | None = None
) -> AbstractBaseUser:
    """An existing login (a person who already works in another agency) gets a role here. The
    login is found as ``person_create`` checks it is taken: whatever the case of its letters."""
    active = get_user_model().objects.filter(is_active=True)
    user = active.filter(username=username).first()
    if user is None:
        # Two logins that differ only in case (made before that check, e.g. in the Django
        # admin) and neither spelled so: which one is meant is not guessed.
        found = list(active.filter(username__iexact=username)[:2])
        if len(found) > 1:
            raise DomainError(
                _("登录名：有多个账号与“%(username)s”仅大小写不同，请按原样输入登录名")
                % {"username": username},
                field="username",
            )
        user = found[0] if found else None
    if user is None:
        raise DomainError(
            _("登录名：没有名为“%(username)s”的可用账号") % {"username": username},
            field="username",
        )
    membership_grant(agency=agency, user=user, role=role, department=department)
    return user


def department_create(*, agency: Agency, name: str) -> Department:
    name = name.strip()
    if not name:
        raise DomainError(_("处室名称：请填写处室名称"), field="name")
    with transaction.atomic():
        agency = _locked(agency)
        if Department.objects.filter(agency=agency, name=name).exists():
            raise DomainError(_("处室名称：本机关已有“%(name)s”") % {"name": name}, field="name")
        return Department.objects.create(agency=agency, name=name)


def department_rename(*, agency: Agency, department: Department, name: str) -> Department:
    name = name.strip()
    if department.agency_id != agency.pk:
        raise DomainError(_("该处室不属于本机关"))
    if not name:
        raise DomainError(_("处室名称：请填写处室名称"), field="name")
    with transaction.atomic():
        agency = _locked(agency)
        clash = Department.objects.filter(agency=agency, name=name).exclude(pk=department.pk)
        if clash.exists():
            raise DomainError(_("处室名称：本机关已有“%(name)s”") % {"name": name}, field="name")
        department.name = name
        department.save(update_fields=["name"])
        return department


def agency_settings_update(
    *,
    agency: Agency,
    office_name: str,
    office_address: str,
    office_phone: str,
    disclosure_office: Department | None,
    leader_may_extend: bool,
    notice_number_pattern: str,
    level: str,
    credit_code: str,
    office_hours: str,
    office_fax: str,
    office_email: str,
    office_postcode: str,
    apply_instructions: str,
    site_sponsor: str,
    site_code: str,
    icp_number: str,
    police_number: str,
    index_number_pattern: str,
) -> Agency:
    """The office details printed on notices and shown in the guide, who approves extensions,
    the 文号 and 索引号 patterns, and what the portal's footer shows."""
    if disclosure_office is not None and disclosure_office.agency_id != agency.pk:
        raise DomainError(
            _("政府信息公开工作机构（处室）：须是本机关的处室"), field="disclosure_office"
        )
    if problem := pattern_problem(notice_number_pattern):
        raise DomainError(
            _("告知书文号格式：%(problem)s") % {"problem": problem}, field="notice_number_pattern"
        )
    level_choices = {value for value, _label in Agency._meta.get_field("level").choices}
    if level not in level_choices:
        raise DomainError(_("机关层级：请选择列出的层级"), field="level")
    credit_code = normalise_uscc(credit_code) if credit_code.strip() else ""
    if credit_code and (problem := uscc_problem(credit_code)):
        raise DomainError(
            _("统一社会信用代码：%(problem)s") % {"problem": problem}, field="credit_code"
        )
    if problem := INDEX_NUMBER.problem(index_number_pattern):
        raise DomainError(
            _("索引号格式：%(problem)s") % {"problem": problem}, field="index_number_pattern"
        )
    if not credit_code and _uses_credit_code(index_number_pattern):
        raise DomainError(
            _("索引号格式：使用了 {统一社会信用代码}，请先填写本机关的统一社会信用代码"),
            field="index_number_pattern",
        )
    with transaction.atomic():
        agency = _locked(agency)
        agency.office_name = office_name
        agency.office_address = office_address
        agency.office_phone = office_phone
        agency.disclosure_office = disclosure_office
        agency.leader_may_extend = leader_may_extend
        agency.notice_number_pattern = notice_number_pattern
        agency.level = level
        agency.credit_code = credit_code
        agency.office_hours = office_hours.strip()
        agency.office_fax = office_fax.strip()
        agency.office_email = office_email.strip()
        agency.office_postcode = office_postcode.strip()
        agency.apply_instructions = apply_instructions.strip()
        agency.site_sponsor = site_sponsor.strip()
        agency.site_code = site_code.strip()
        agency.icp_number = icp_number.strip()
        agency.police_number = police_number.strip()
        agency.index_number_pattern = index_number_pattern
        agency.save(update_fields=SETTINGS_FIELDS)
        bump_generation(PUBLIC_PAGES)  # the guide and the footer show these
        return agency


def _uses_credit_code(pattern: str) -> bool:
    """Whether the (valid) pattern has the credit code's placeholder, by either name."""
    names = {name for _text, name, _spec, _conv in string.Formatter().parse(pattern) if name}
    return bool(names & {"credit_code", "统一社会信用代码"})
