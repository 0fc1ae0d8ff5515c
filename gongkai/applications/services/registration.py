"""Registering an application: by staff from any channel, or by the applicant online.

A submission carries a key made when its form was shown; submitting the same key again (a double
click, a retried request) returns the application the first one created.
"""

from __future__ import annotations

import secrets
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.applications.event_kinds import REGISTER, SUBMIT
from gongkai.applications.intake import Intake, intake_problems, receipt_date_problem
from gongkai.applications.models import Application, ApplicationEvent, Channel, State
from gongkai.applications.notices.services import notices_for_event
from gongkai.applications.notify import notify_for_event
from gongkai.applications.numbering import next_number
from gongkai.applications.permissions import can_register_application
from gongkai.applications.query_codes import QUERY_CODE_ALPHABET
from gongkai.applications.services.deadlines import application_refresh_deadline
from gongkai.core.errors import DomainError


class IntakeError(DomainError):
    """Every field problem at once, keyed by field name."""

    def __init__(self, problems: dict[str, str]) -> None:
        first_field, first = next(iter(problems.items()))
        super().__init__(first, field=first_field)
        self.problems = problems


def new_query_code() -> str:
    raw = "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class SubmissionKeyReused(DomainError):
    """A form's key came back with another application in it (a reused page, a kiosk's back
    button): the first application stays its sender's, the second must be sent afresh."""


def _existing(submission_key: str | None, agency: Agency, intake: Intake) -> Application | None:
    """The application a submission key already made, if this is the same submission again."""
    if not submission_key:
        return None
    application = Application.objects.filter(submission_key=submission_key).first()
    if application is None:
        return None
    if application.agency_id != agency.pk or not _same_request(application, intake):
        # Never hand out someone else's application (its query code) for a reused key.
        raise SubmissionKeyReused("此表单已提交过另一份申请。您填写的内容已保留，请再次提交。")
    return application


def _same_request(application: Application, intake: Intake) -> bool:
    fields = ("applicant_name", "id_number", "uscc", "phone", "info_name")
    given = intake.normalised()
    return all(getattr(application, f) == getattr(given, f) for f in fields)


def _create(
    *,
    agency: Agency,
    intake: Intake,
    state: str,
    received_on: date | None,
    actor: AbstractBaseUser | None,
    submission_key: str | None,
    event_kind: str,
    note: str = "",
) -> Application:
    problems = intake_problems(intake)
    if problems:
        raise IntakeError(problems)
    intake = intake.normalised()
    now = timezone.now()
    try:
        with transaction.atomic():
            # Lock the agency row: numbers are sequential per agency and year.
            Agency.objects.select_for_update().get(pk=agency.pk)
            application = Application(
                agency=agency,
                number=next_number(agency, timezone.localdate(now).year),
                query_code=new_query_code(),
                submission_key=submission_key or None,
                state=state,
                submitted_at=now,
                received_on=received_on,
                received_confirmed_by=actor if received_on else None,
                registered_by=actor,
                **intake.__dict__,
            )
            application.save()
            data = {"channel": intake.channel}
            if received_on:
                data["received_on"] = received_on.isoformat()
            event = ApplicationEvent.objects.create(
                application=application,
                kind=event_kind,
                on=received_on or timezone.localdate(now),
                actor=actor,
                state_before="",
                state_after=state,
                data=data,
                note=note,
            )
            application_refresh_deadline(application)
            # notices: the receipt (受理回执), issued and frozen with it; the applicant told
            notify_for_event(event, notices_for_event(event))
    except IntegrityError:
        # The same submission raced us to the unique key; theirs is ours.
        if existing := _existing(submission_key, agency, intake):
            return existing
        raise
    return application


def application_submit_online(
    *, agency: Agency, intake: Intake, submission_key: str | None = None
) -> Application:
    """The public form: stored as submitted; the office confirms the receipt day (Art. 31(4))."""
    if existing := _existing(submission_key, agency, intake):
        return existing
    intake.channel = Channel.ONLINE
    return _create(
        agency=agency,
        intake=intake,
        state=State.SUBMITTED,
        received_on=None,
        actor=None,
        submission_key=submission_key,
        event_kind=SUBMIT,
    )


def application_register(
    *,
    agency: Agency,
    intake: Intake,
    received_on: date | None,
    actor: AbstractBaseUser,
    submission_key: str | None = None,
    note: str = "",
) -> Application:
    """Staff register an application from any channel, with its Art. 31 receipt day.

    In person and oral (filled in on the applicant's behalf, Art. 29): the day it was handed in;
    signed post: the signing day; ordinary post, e-mail and fax: the day both sides confirmed.
    """
    if not can_register_application(actor, agency):
        raise DomainError(f"您不是{agency.name}的承办人，不能登记申请")
    if existing := _existing(submission_key, agency, intake):
        return existing
    if problem := receipt_date_problem(received_on, timezone.localdate()):
        raise IntakeError({"received_on": problem})
    return _create(
        agency=agency,
        intake=intake,
        state=State.REGISTERED,
        received_on=received_on,
        actor=actor,
        submission_key=submission_key,
        event_kind=REGISTER,
        note=note,
    )
