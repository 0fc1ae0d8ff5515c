"""Who may see an application, in pairs: object-level ``can_*`` and queryset-level ``*_visible_to``.

Staff see their own agencies' applications, the provincial office reads its agencies', and an
applicant sees only the one application their query code and phone or ID number open.
"""

from __future__ import annotations

import hmac
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models
from django.db.models import QuerySet

from gongkai.agencies.models import Agency, Membership, Role
from gongkai.agencies.permissions import has_role, readable_agency_ids, roles_in, staff_agency_ids
from gongkai.applications import workflow
from gongkai.applications.identity import normalise_uscc
from gongkai.applications.models import Application
from gongkai.core.errors import DomainError

User = AbstractBaseUser | AnonymousUser


# Who registers applications (any channel, a ledger import) and may be assigned to handle one.
HANDLING_ROLES = (Role.CLERK, Role.ADMIN)


def can_register_application(user: User, agency: Agency | int) -> bool:
    return has_role(user, agency, *HANDLING_ROLES)


def agencies_registering_for(user: User) -> QuerySet[Agency]:
    """The agencies where the user registers applications."""
    if not user.is_authenticated:
        return Agency.objects.none()
    return Agency.objects.filter(
        pk__in=Membership.objects.filter(user=user, role__in=HANDLING_ROLES).values("agency_id")
    )


def possible_assignees(agency: Agency | int):
    """Users who may be assigned an application of the agency."""
    members = Membership.objects.filter(agency=agency, role__in=HANDLING_ROLES)
    return get_user_model().objects.filter(pk__in=members.values("user_id")).order_by("username")


def can_head_review(user: User, application: Application) -> bool:
    """The first review is the handling department's head's; a head named for no department
    (a small office) reviews for all of them."""
    heads = Membership.objects.filter(user=user, agency_id=application.agency_id, role=Role.HEAD)
    if application.department_id is not None:
        heads = heads.filter(
            models.Q(department_id=application.department_id) | models.Q(department__isnull=True)
        )
    return user.is_authenticated and heads.exists()


def applications_visible_to(user: User) -> QuerySet[Application]:
    return Application.objects.filter(agency_id__in=readable_agency_ids(user))


def can_view_application(user: User, application: Application) -> bool:
    return application.agency_id in readable_agency_ids(user)


def can_work_on_application(user: User, application: Application) -> bool:
    """Staff of the application's agency (the provincial office only reads)."""
    return application.agency_id in staff_agency_ids(user)


def can_act_on_application(user: User, application: Application, action: str) -> bool:
    try:
        workflow.check(
            workflow.action(action),
            state=application.state,
            roles=roles_in(user, application.agency_id),
            is_drafter=application.drafted_by_id == user.pk,
        )
    except DomainError:
        return False
    return True


def _normal(proof: str) -> str:
    """A phone as its digits (0451-8666 1234 = 045186661234), an ID or credit code as written
    in the standard (no spaces, upper case, full-width folded)."""
    if (digits := re.sub(r"\D", "", proof)) and re.fullmatch(r"[\d\s()+\-－—]+", proof.strip()):
        return digits
    return normalise_uscc(proof)


def _same(a: str, b: str) -> bool:
    a, b = _normal(a), _normal(b)
    return bool(a) and hmac.compare_digest(a, b)


def application_for_applicant(query_code: str, proof: str) -> Application | None:
    """The application a query code opens, given the applicant's phone or ID number, else None.

    Both must match: a query code alone (seen over a shoulder, on a photo) opens nothing.
    """
    code = query_code.strip().upper()
    application = Application.objects.filter(query_code=code).first()
    if application is None:
        return None
    proofs = (application.phone, application.id_number, application.uscc)
    return application if any(_same(proof, p) for p in proofs if p) else None
