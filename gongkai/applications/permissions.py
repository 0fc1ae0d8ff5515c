"""Who may see an application, in pairs: object-level ``can_*`` and queryset-level ``*_visible_to``.

Staff see their own agencies' applications, the provincial office reads its agencies', and an
applicant sees only the one application their query code and phone or ID number open. Every
check asks the user's ``Access`` (agencies.permissions), read once per request.
"""

from __future__ import annotations

import hmac
import re
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.models import HANDLING_ROLES, PERSONAL_DATA_ROLES, Agency, Membership
from gongkai.agencies.permissions import (
    access_of,
    can_approve_extension,
    can_read_agency,
    can_work_in_agency,
    has_role,
)
from gongkai.applications import workflow
from gongkai.applications.models import Application
from gongkai.applications.query_codes import normalise_query_code
from gongkai.applications.step_rules import Situation, step_refusal
from gongkai.core.errors import DomainError
from gongkai.core.identity import normalise_uscc

User = AbstractBaseUser | AnonymousUser


def can_register_application(user: User, agency: Agency | int) -> bool:
    return has_role(user, agency, *HANDLING_ROLES)


def can_register_anywhere(user: User) -> bool:
    """Whether the user registers applications in some agency (the menu's 登记申请)."""
    return access_of(user).holds_anywhere(*HANDLING_ROLES)


def agencies_registering_for(user: User) -> QuerySet[Agency]:
    """The agencies where the user registers applications."""
    if not user.is_authenticated:
        return Agency.objects.none()
    return Agency.objects.filter(
        pk__in=Membership.objects.filter(user_id=user.pk, role__in=HANDLING_ROLES).values(
            "agency_id"
        )
    )


def possible_assignees(agency: Agency | int):
    """Users who may be assigned an application of the agency."""
    members = Membership.objects.filter(agency=agency, role__in=HANDLING_ROLES)
    return get_user_model().objects.filter(pk__in=members.values("user_id")).order_by("username")


def can_head_review(user: User, application: Application) -> bool:
    """The first review is the handling department's head's; a head named for no department
    (a small office) reviews for all of them."""
    headed = access_of(user).headed_departments(application.agency_id)
    if application.department_id is None:
        return bool(headed)
    return application.department_id in headed or None in headed


def applications_visible_to(user: User) -> QuerySet[Application]:
    """The applications of the agencies the user reads (their agencies as a subquery)."""
    access = access_of(user)
    if access.is_superuser:
        return Application.objects.all()
    return Application.objects.filter(agency_id__in=access.readable_agencies().values("pk"))


def can_view_application(user: User, application: Application) -> bool:
    return can_read_agency(user, application.agency_id)


def can_see_personal_data(user: User, application: Application) -> bool:
    """Whether the user sees the applicant's identity number and phone whole (else masked)."""
    return has_role(user, application.agency_id, *PERSONAL_DATA_ROLES)


def can_work_on_application(user: User, application: Application) -> bool:
    """Staff of the application's agency (the provincial office only reads)."""
    return can_work_in_agency(user, application.agency_id)


def _not_the_handling_head(user: User, application: Application) -> str | None:
    if can_head_review(user, application):
        return None
    return _("只有承办处室（%(department)s）的负责人可以审核本答复") % {
        "department": application.department
    }


def _not_the_disclosure_office(user: User, application: Application) -> str | None:
    if can_approve_extension(user, application.agency):
        return None
    office = _("政府信息公开工作机构")
    if named := application.agency.disclosure_office:
        office = _("政府信息公开工作机构（%(name)s）") % {"name": named.name}
    if application.agency.leader_may_extend:
        return _(
            "延期答复须经%(office)s负责人同意（《条例》第三十三条），或按本机关规定经分管领导同意"
        ) % {"office": office}
    return _("延期答复须经%(office)s负责人同意（《条例》第三十三条）") % {"office": office}


def _not_a_clerk_nor_the_handling_head(user: User, application: Application) -> str | None:
    # A head assigns (or takes back) the applications of the department they head only.
    if has_role(user, application.agency, *HANDLING_ROLES) or can_head_review(user, application):
        return None
    return _("只有承办人或承办处室（%(department)s）的负责人可以重新分办") % {
        "department": application.department
    }


# Beyond state, role and the four-eyes rule (workflow.check), who exactly may take a step.
_WHO_EXACTLY = {
    "assign": _not_a_clerk_nor_the_handling_head,
    "head_review": _not_the_handling_head,
    "approve_extension": _not_the_disclosure_office,
}


def action_refusal(
    user: User,
    application: Application,
    action: str,
    on: date | None = None,
    *,
    situation: Situation | None = None,  # the record as the caller read it (step_rules)
) -> str | None:
    """Why this user may not take this step on this application on day ``on`` (today if not
    given); None if they may.

    The one home of these rules: the services refuse with this reason, the screens offer only
    the steps it allows — state, role, the four-eyes rule, who exactly, and what the record must
    show (step_rules). What the user types in the step's form is the services' to check.
    """
    try:
        workflow.check(
            workflow.action(action),
            state=application.state,
            roles=set(access_of(user).roles_in(application.agency_id)),
            is_drafter=application.drafted_by_id == user.pk,
        )
    except DomainError as error:
        return error.message
    rule = _WHO_EXACTLY.get(action)
    if rule and (refusal := rule(user, application)):
        return refusal
    return step_refusal(
        application, action, on=on or timezone.localdate(), user_pk=user.pk, situation=situation
    )


def can_act_on_application(user: User, application: Application, action: str) -> bool:
    return action_refusal(user, application, action) is None


def actions_available_to(user: User, application: Application) -> list[workflow.Action]:
    """The steps the user may take on the application now (the forms a screen shows)."""
    return [
        act
        for act in workflow.ACTIONS.values()
        if can_act_on_application(user, application, act.key)
    ]


def _normal(proof: str) -> str:
    """A phone as its digits (0451-8666 1234 = 045186661234), an ID or credit code as written
    in the standard (no spaces, upper case); full-width forms (“１３９”, “Ｘ”) folded first.

    Anything else is "" (matches nothing): no phone, ID or credit code has other characters,
    and ``hmac.compare_digest`` refuses a str that is not ASCII.
    """
    text = normalise_uscc(proof)  # full-width folded, whitespace dropped, upper case
    if re.fullmatch(r"[0-9()+\-—–]+", text) and (digits := re.sub(r"[^0-9]", "", text)):
        return digits
    return text if text.isascii() else ""


def _same(a: str, b: str) -> bool:
    a, b = _normal(a), _normal(b)
    return bool(a) and hmac.compare_digest(a, b)


def application_for_applicant(query_code: str, proof: str) -> Application | None:
    """The application a query code opens, given the applicant's phone or ID number, else None.

    Both must match: a query code alone (seen over a shoulder, on a photo) opens nothing. The
    code may be typed as applicants do (lower case, spaces, no hyphens, full-width); it is
    compared in its stored form, and a text that cannot be a code never reaches the database.
    """
    code = normalise_query_code(query_code)
    if code is None:
        return None
    application = Application.objects.filter(query_code=code).first()
    if application is None:
        return None
    proofs = (application.phone, application.id_number, application.uscc)
    return application if any(_same(proof, p) for p in proofs if p) else None
