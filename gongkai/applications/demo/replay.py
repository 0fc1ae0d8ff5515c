"""Performing declared cases through the services, step by step in the order of their days.

Every application is registered (or submitted online and confirmed) and taken through
``application_act`` like an office would, with the system's clock set to the day of each step,
so each has a real event history and a deadline derived from it. Steps of all cases run
interleaved by day, as the office would have taken them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from gongkai.agencies.models import Agency
from gongkai.applications.demo.applicants import ApplicantBook
from gongkai.applications.demo.clock import simulated_today
from gongkai.applications.demo.plan import Case, Step, plan
from gongkai.applications.models import Application
from gongkai.applications.services import (
    application_act,
    application_register,
    application_submit_online,
)
from gongkai.core.errors import DomainError
from gongkai.workdays.calendar import WorkCalendar


class ReplayError(RuntimeError):
    """A declared step the services refused; names the case, the step and the reason."""


@dataclass(frozen=True)
class Office:
    """Where a case is handled: the agency and who holds each role there."""

    agency: Agency
    people: Mapping[str, AbstractBaseUser]  # role name used by plan() → user


def replay(
    cases: Iterable[Case],
    *,
    offices: Mapping[str, Office],
    book: ApplicantBook,
    calendar: WorkCalendar,
) -> dict[str, Application]:
    """Carry out every case; returns the applications by case key."""
    scheduled = []
    for i, case in enumerate(cases):
        for j, step in enumerate(plan(case, calendar)):
            scheduled.append((step.on, i, j, case, step))
    scheduled.sort(key=lambda item: item[:3])
    applications: dict[str, Application] = {}
    for on, _, _, case, step in scheduled:
        office = offices[case.agency]
        try:
            with simulated_today(on):
                applications[case.key] = _perform(case, step, office, book, applications)
        except DomainError as error:
            raise ReplayError(f"{case.key}：{step.on} {step.action} 被拒绝：{error}") from error
    return applications


def _perform(
    case: Case,
    step: Step,
    office: Office,
    book: ApplicantBook,
    applications: Mapping[str, Application],
) -> Application:
    if step.action in ("submit", "register"):
        intake = book.intake(
            column=case.column,
            channel=case.channel,
            info=case.info or "政府信息公开申请",
            applicant=case.applicant,
        )
        if step.action == "submit":
            return application_submit_online(agency=office.agency, intake=intake)
        return application_register(
            agency=office.agency,
            intake=intake,
            received_on=case.received,
            actor=office.people["clerk"],
        )
    return application_act(
        application=applications[case.key],
        action=step.action,
        actor=office.people[step.role],
        on=step.on,
        data=_resolved(step.data, office.agency),
    )


def _resolved(data: dict[str, Any], agency: Agency) -> dict[str, Any]:
    """Department names become ids (the service takes the id a form would post)."""
    if "department" not in data:
        return data
    departments = agency.departments.order_by("pk")
    chosen = departments.filter(name=data["department"]).first() if data["department"] else None
    department = chosen or departments.first()
    return {**data, "department": department.pk if department else None}
