"""The end-to-end world: one agency, its people, and the scenario replayed through the services."""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from unittest import mock

from gongkai.agencies.models import Department
from gongkai.applications.demo.applicants import ApplicantBook
from gongkai.applications.demo.plan import Case, Step, plan
from gongkai.applications.demo.replay import Office as ReplayOffice
from gongkai.applications.demo.replay import replay
from gongkai.applications.models import Application
from gongkai.workdays.calendar import WorkCalendar
from gongkai.workdays.services import calendar_current
from tests.applications.e2e_scenario import AGENCY, e2e_cases
from tests.applications.factories import Office, make_office


@contextmanager
def fast_notices() -> Iterator[None]:
    """Notices are still issued and frozen at every step, with stand-in bytes for the files.

    Rendering a real DOCX and PDF takes about half a second a notice (WeasyPrint), more than
    a minute for a scenario; these tests are about the workflow and table 三, and the notices'
    own tests render them for real.
    """
    services = "gongkai.applications.notices.services"
    with (
        mock.patch(f"{services}.render_pdf", return_value=b"%PDF-1.7 stand-in"),
        mock.patch(f"{services}.render_docx", return_value=b"PK stand-in"),
    ):
        yield


@dataclass
class World:
    office: Office
    calendar: WorkCalendar
    cases: list[Case]
    plans: dict[str, list[Step]]
    applications: dict[str, Application]

    def application(self, key: str) -> Application:
        return Application.objects.get(pk=self.applications[key].pk)


def build_world() -> World:
    office = make_office()
    assert office.agency.code == AGENCY
    Department.objects.create(agency=office.agency, name="专利管理处")
    calendar = calendar_current()
    cases = e2e_cases(calendar)
    people = {
        "clerk": office.clerk,
        "head": office.head,
        "leader": office.leader,
        "reviewer": office.reviewer,
    }
    applications = replay(
        cases,
        offices={AGENCY: ReplayOffice(agency=office.agency, people=people)},
        book=ApplicantBook(random.Random(2025)),
        calendar=calendar,
    )
    plans = {case.key: plan(case, calendar) for case in cases}
    return World(office, calendar, cases, plans, applications)
