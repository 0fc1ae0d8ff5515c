"""Who may see and do what with annual reports, in pairs: ``can_*`` and ``reports_visible_to``.

Whoever reads the agency reads its reports (the provincial office too, which writes none of
them); the clerks compile and correct; each step is its role's, the first review the disclosure
office's head (any department head when the agency has not named its office). The provincial
office uploads the reports of the agencies below it that are not on the platform.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from gongkai.agencies.models import HANDLING_ROLES, Agency, Role
from gongkai.agencies.permissions import access_of, has_role, roles_in
from gongkai.core import workflow as core
from gongkai.core.errors import DomainError
from gongkai.publishing.permissions import events_since
from gongkai.reports.annual import workflow
from gongkai.reports.models import AnnualReport, Origin, ReportEvent, ReportState
from gongkai.reports.province.offices import uploadable_agencies

User = AbstractBaseUser | AnonymousUser


def reports_visible_to(user: User) -> QuerySet[AnnualReport]:
    access = access_of(user)
    if access.is_superuser:
        return AnnualReport.objects.all()
    return AnnualReport.objects.filter(agency_id__in=access.readable_agencies().values("pk"))


def can_compile_reports(user: User, agency: Agency | int) -> bool:
    return has_role(user, agency, *HANDLING_ROLES)


def can_edit_report(user: User, report: AnnualReport) -> bool:
    return (
        report.origin == Origin.PLATFORM
        and report.state == ReportState.DRAFT
        and can_compile_reports(user, report.agency_id)
    )


def can_upload_for(user: User, agency: Agency) -> bool:
    """The provincial office uploads the reports of the agencies below its own that are not on
    the platform (an agency with staff compiles its own): those ``uploadable_agencies`` lists
    for one of the user's offices — the one home of the rule."""
    offices = Agency.objects.filter(pk__in=access_of(user).agencies_where(Role.PROVINCE))
    return any(
        uploadable_agencies(user, office).filter(pk=agency.pk).exists() for office in offices
    )


def heads_the_office(user: User, report: AnnualReport) -> bool:
    headed = access_of(user).headed_departments(report.agency_id)
    office = report.agency.disclosure_office_id
    return None in headed or office is None and bool(headed) or office in headed


def took_a_step(user: User, events: list[ReportEvent]) -> bool:
    """Whether the user wrote any of the report or reviewed it in this round.

    Authorship runs over the whole history, not from the last publication: a correction
    publishes a new version whose text is mostly the earlier one's, so whoever wrote that text
    reviews no version of it."""
    authored = events
    reviewed = events_since(events, workflow.ROUND_ENDS)
    return any(e.actor_id == user.pk and e.kind in workflow.AUTHOR_KINDS for e in authored) or any(
        e.actor_id == user.pk and e.kind in workflow.REVIEW_KINDS for e in reviewed
    )


def action_refusal(
    user: User, report: AnnualReport, key: str, events: list[ReportEvent]
) -> str | None:
    """Why the user may not take the step now (in the user's language), or None."""
    if report.origin != Origin.PLATFORM:
        return _("导入或上传的报告不经审核流程")
    act = workflow.action(key)
    try:
        core.check(
            act,
            state=report.state,
            roles=roles_in(user, report.agency_id),
            is_drafter=took_a_step(user, events),
            vocabulary=workflow.VOCABULARY,
        )
    except DomainError as refusal:
        return refusal.message
    step = workflow.TURN.get(ReportState(report.state)) if key == "send_back" else key
    if key == "send_back" and not roles_in(user, report.agency_id) & workflow.action(step).roles:
        return _("只有正在办理“%(step)s”的人可以退回") % {"step": workflow.action(step).label}
    if step == "head_approve" and not heads_the_office(user, report):
        return _("只有政府信息公开工作机构的处室负责人可以审核")
    return None


def actions_offered(user: User, report: AnnualReport, events: list[ReportEvent]) -> list:
    return [
        act
        for key, act in workflow.ACTIONS.items()
        if action_refusal(user, report, key, events) is None
    ]
