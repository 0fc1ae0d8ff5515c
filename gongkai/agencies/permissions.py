"""Who may see and do what, by agency and role: the one home of these rules.

Platform admins are Django superusers. Staff act in an agency by holding a Membership there; the
provincial office's role reads (never writes) its agency and every agency below it.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from gongkai.agencies.models import Agency, Membership, Role

User = AbstractBaseUser | AnonymousUser

# Roles that work on an agency's records (the provincial office only reads).
STAFF_ROLES = (Role.CLERK, Role.HEAD, Role.LEADER, Role.REVIEWER, Role.ADMIN)


def roles_in(user: User, agency: Agency | int) -> set[str]:
    """The roles a user holds in one agency (empty for anonymous users)."""
    if not user.is_authenticated:
        return set()
    agency_id = agency if isinstance(agency, int) else agency.pk
    return set(
        Membership.objects.filter(user=user, agency_id=agency_id).values_list("role", flat=True)
    )


def has_role(user: User, agency: Agency | int, *roles: str) -> bool:
    return bool(roles_in(user, agency) & set(roles))


def can_approve_extension(user: User, agency: Agency) -> bool:
    """Art. 33: the head of the disclosure office consents; the leader in charge only where the
    agency's own policy allows it (``Agency.leader_may_extend``)."""
    if agency.leader_may_extend and has_role(user, agency, Role.LEADER):
        return True
    heads = Membership.objects.filter(user=user, agency=agency, role=Role.HEAD)
    if agency.disclosure_office_id is not None:
        heads = heads.filter(department_id=agency.disclosure_office_id)
    return user.is_authenticated and heads.exists()


def staff_agency_ids(user: User) -> set[int]:
    """Agencies whose records the user works on (platform admins: all)."""
    if not user.is_authenticated:
        return set()
    if user.is_superuser:
        return set(Agency.objects.values_list("pk", flat=True))
    return set(
        Membership.objects.filter(user=user, role__in=STAFF_ROLES).values_list(
            "agency_id", flat=True
        )
    )


def readable_agency_ids(user: User) -> set[int]:
    """Agencies whose records the user may read: their own, and the provincial office's subtree."""
    ids = staff_agency_ids(user)
    if user.is_authenticated and not user.is_superuser:
        for agency in Agency.objects.filter(
            memberships__user=user, memberships__role=Role.PROVINCE
        ):
            ids |= agency.descendant_ids()
    return ids


def agencies_visible_to(user: User) -> QuerySet[Agency]:
    return Agency.objects.filter(pk__in=readable_agency_ids(user))


def is_staff_anywhere(user: User) -> bool:
    return bool(readable_agency_ids(user))
