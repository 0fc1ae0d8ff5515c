"""Who may see and change the case register, in pairs: ``cases_visible_to`` and ``can_*``.

Whoever reads an agency's records reads its cases: its staff in every role, the provincial
office over it, platform admins (``agencies.permissions``; the agencies as a subquery). Only its
clerks and its admins register, edit, decide and reopen — the provincial office reads and writes
nothing, and department heads, leaders and reviewers read (they answer for the case, they do not
keep the register). Platform admins hold no role in an agency and so write nothing here either.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from gongkai.agencies.models import HANDLING_ROLES, Agency
from gongkai.agencies.permissions import access_of, can_read_agency, has_role
from gongkai.remedies.models import Case

User = AbstractBaseUser | AnonymousUser


def _agency_id(agency: Agency | int) -> int:
    return agency if isinstance(agency, int) else agency.pk


def cases_visible_to(user: User) -> QuerySet[Case]:
    """The cases of the agencies the user reads."""
    access = access_of(user)
    if access.is_superuser:
        return Case.objects.all()
    return Case.objects.filter(agency_id__in=access.readable_agencies().values("pk"))


def can_read_cases(user: User, agency: Agency | int) -> bool:
    return can_read_agency(user, _agency_id(agency))


def can_view_case(user: User, case: Case) -> bool:
    return can_read_cases(user, case.agency_id)


def can_edit_cases(user: User, agency: Agency | int) -> bool:
    """Register, edit, decide, reopen and import the agency's cases."""
    return has_role(user, _agency_id(agency), *HANDLING_ROLES)


def can_edit_case(user: User, case: Case) -> bool:
    return can_edit_cases(user, case.agency_id)
