"""Which provincial office a user looks from, and who may see what of the agencies under it.

The office is the agency where the user holds ``Role.PROVINCE``; it reads that agency and every
agency below it in the tree (``agencies_below``: walked by the database) and writes none of their
records. A platform admin (superuser) holds no role and picks the office: any agency where
someone holds the provincial role, or any agency named by its code. Staff without the role are
refused with a reason (403); an agency page for an agency the user does not read is a 404, as
on the table pages (the codes in use are not told).

"On the platform" is an agency with staff memberships (clerks, heads …): its reports are
compiled here, and the provincial office uploads reports only for the others (the service's
rule, ``annual.permissions.can_upload_for``; ``uploadable_agencies`` lists them).
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from gongkai.agencies.models import STAFF_ROLES, Agency, Membership, Role, agencies_below
from gongkai.agencies.permissions import access_of

User = AbstractBaseUser | AnonymousUser


class ChooseOffice(Exception):
    """The user looks from more than one office (or is a platform admin): they must pick."""

    def __init__(self, offices: list[Agency]) -> None:
        super().__init__("choose an office")
        self.offices = offices


def is_provincial(user: User) -> bool:
    """Whether the user may open the provincial pages at all (from the request's Access)."""
    access = access_of(user)
    return access.is_active and (access.is_superuser or access.holds_anywhere(Role.PROVINCE))


def refuse_unless_provincial(user: User) -> None:
    if not is_provincial(user):
        raise PermissionDenied(_("只有省级公开办可以查看全省年度报告汇总"))


def offices_of(user: User) -> QuerySet[Agency]:
    """The offices the user may look from, by code."""
    access = access_of(user)
    if access.is_superuser:
        held = Membership.objects.filter(agency=OuterRef("pk"), role=Role.PROVINCE)
        return Agency.objects.filter(Exists(held)).order_by("code")
    return Agency.objects.filter(pk__in=access.agencies_where(Role.PROVINCE)).order_by("code")


def office_for(user: User, code: str | None) -> Agency | None:
    """The office named by ``code``, or the user's only one when none is named.

    None when ``code`` names no office the user may look from (the views answer 404);
    ChooseOffice when the user must pick one. PermissionDenied for users without the role.
    """
    refuse_unless_provincial(user)
    if code:
        if access_of(user).is_superuser:
            return Agency.objects.filter(code=code).first()
        return offices_of(user).filter(code=code).first()
    offices = list(offices_of(user)[:2])
    if len(offices) == 1:
        return offices[0]
    raise ChooseOffice(list(offices_of(user)))


def agencies_under(office: Agency | int) -> QuerySet[Agency]:
    """The office's agency and every agency below it (one recursive query, usable as a subquery)."""
    office_id = office if isinstance(office, int) else office.pk
    return Agency.objects.filter(pk__in=agencies_below(office_id))


def on_platform() -> Exists:
    """An annotation: whether the agency (OuterRef pk) has staff memberships."""
    return Exists(Membership.objects.filter(agency=OuterRef("pk"), role__in=STAFF_ROLES))


def reads_as_province(user: User, agency: Agency) -> bool:
    """Whether the user sees the agency from a provincial office: a platform admin, or the
    agency is one of the user's offices or below one (one query)."""
    access = access_of(user)
    if not access.is_active:
        return False
    if access.is_superuser:
        return True
    offices = access.agencies_where(Role.PROVINCE)
    if not offices:
        return False
    return agencies_under_any(offices).filter(pk=agency.pk).exists()


def agencies_under_any(offices: frozenset[int] | set[int]) -> QuerySet[Agency]:
    return Agency.objects.filter(pk__in=agencies_below(*sorted(offices)))


def holds_office(user: User, office: Agency) -> bool:
    """Whether the user holds the provincial role at the office (platform admins do not)."""
    access = access_of(user)
    return access.is_active and office.pk in access.agencies_where(Role.PROVINCE)


def uploadable_agencies(user: User, office: Agency) -> QuerySet[Agency]:
    """The agencies below the office (not the office) that are not on the platform, for which
    the user may upload (none for a platform admin, who holds no provincial role): the
    queryset of ``can_upload_for``."""
    if not holds_office(user, office):
        return Agency.objects.none()
    return (
        agencies_under(office)
        .exclude(pk=office.pk)
        .annotate(staffed=on_platform())
        .filter(staffed=False)
        .order_by("code")
    )
