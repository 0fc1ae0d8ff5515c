"""Registering, editing, deciding and reopening a case. Each write is checked (rules.py, the
declared moves of workflow.py), recorded as an event with what it changed, and done in one
transaction, or not at all."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import roles_in
from gongkai.applications.models import Application
from gongkai.core import workflow as core
from gongkai.core.errors import DomainError
from gongkai.remedies import workflow
from gongkai.remedies.models import Case, CaseEvent, CaseState, EventKind
from gongkai.remedies.permissions import can_edit_cases
from gongkai.remedies.services.rules import (
    DECISION_FIELDS,
    REGISTERED_FIELDS,
    TEXT_FIELDS,
    clean_text,
    decision_problems,
    number_taken,
    number_taken_message,
    raise_first,
    registration_problems,
)


def snapshot_value(value: Any) -> Any:
    """A field's value as the events keep it: dates ISO, the application by its number (unique
    in the agency, and what the staff know it by)."""
    if isinstance(value, Application):
        return value.number
    if isinstance(value, date):
        return value.isoformat()
    return value


def snapshot(case: Case, fields: tuple[str, ...] | list[str]) -> dict[str, Any]:
    return {name: snapshot_value(getattr(case, name)) for name in fields}


def record(
    case: Case,
    kind: EventKind,
    actor: AbstractBaseUser | None,
    *,
    state_before: str,
    before: dict[str, Any],
    after: dict[str, Any],
    note: str = "",
    data: dict[str, Any] | None = None,
) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        on=timezone.localdate(),
        actor=actor,
        state_before=state_before,
        state_after=case.state,
        before=before,
        after=after,
        note=note,
        data=data or {},
    )


def _cleaned(values: dict[str, Any]) -> dict[str, Any]:
    return {k: clean_text(v) if k in TEXT_FIELDS else v for k, v in values.items()}


def _check_move(case: Case, actor: AbstractBaseUser, key: str) -> None:
    core.check(
        workflow.action(key),
        state=case.state,
        roles=roles_in(actor, case.agency_id),
        is_drafter=False,
        vocabulary=workflow.VOCABULARY,
    )


def _save(case: Case, **kwargs: Any) -> None:
    """Save, turning the one race the checks cannot close (two cases given one 案号 at the same
    moment) into the refusal the check would have given."""
    try:
        with transaction.atomic():
            case.save(**kwargs)
    except IntegrityError:
        if number_taken(case.agency_id, case.number, case=case if case.pk else None):
            raise DomainError(number_taken_message(case.number), field="number") from None
        raise


def case_register(
    *,
    agency: Agency,
    actor: AbstractBaseUser,
    stream: str,
    filed_on: date | None,
    body: str,
    challenged: str,
    number: str = "",
    application: Application | None = None,
    application_reference: str = "",
    note: str = "",
) -> Case:
    """A new, open case of the agency, registered by one of its clerks or admins."""
    if not can_edit_cases(actor, agency):
        raise DomainError(
            _("只有%(agency)s的承办人或机关管理员可以登记复议诉讼案件") % {"agency": agency.name}
        )
    values = _cleaned(
        {
            "stream": stream,
            "number": number,
            "filed_on": filed_on,
            "body": body,
            "challenged": challenged,
            "application": application,
            "application_reference": application_reference,
            "note": note,
        }
    )
    problems = registration_problems(agency.pk, values, today=timezone.localdate())
    if "number" not in problems and number_taken(agency.pk, values["number"]):
        problems["number"] = number_taken_message(values["number"])
    raise_first(problems)
    with transaction.atomic():
        case = Case(agency=agency, created_by=actor, **values)
        _save(case)
        record(
            case,
            EventKind.REGISTERED,
            actor,
            state_before="",
            before={},
            after=snapshot(case, REGISTERED_FIELDS),
        )
    return case


def _locked(case: Case) -> Case:
    return (
        Case.objects.select_for_update(of=("self",)).select_related("application").get(pk=case.pk)
    )


def case_update(*, case: Case, actor: AbstractBaseUser, **changes: Any) -> Case:
    """The case with ``changes`` to what was registered; the event keeps the fields that
    changed, before and after. The decision is not edited here (``case_reopen``)."""
    unknown = sorted(set(changes) - set(REGISTERED_FIELDS))
    if unknown:
        raise DomainError(_("不能在此修改的字段：%(fields)s") % {"fields": "、".join(unknown)})
    with transaction.atomic():
        locked = _locked(case)
        _check_move(locked, actor, EventKind.UPDATED)
        values = {name: getattr(locked, name) for name in REGISTERED_FIELDS}
        values |= _cleaned(changes)
        problems = registration_problems(
            locked.agency_id, values, today=timezone.localdate(), decided_on=locked.decided_on
        )
        if "number" not in problems and number_taken(
            locked.agency_id, values["number"], case=locked
        ):
            problems["number"] = number_taken_message(values["number"])
        raise_first(problems)
        changed = [n for n in REGISTERED_FIELDS if getattr(locked, n) != values[n]]
        if changed:
            before = snapshot(locked, changed)
            for name in changed:
                setattr(locked, name, values[name])
            _save(locked, update_fields=changed)
            after = snapshot(locked, changed)
            record(
                locked,
                EventKind.UPDATED,
                actor,
                state_before=locked.state,
                before=before,
                after=after,
            )
    return locked


def case_decide(
    *,
    case: Case,
    actor: AbstractBaseUser,
    decided_on: date | None,
    result: str,
    note: str = "",
) -> Case:
    """The decision of an open case: the day it was decided and its result."""
    with transaction.atomic():
        locked = _locked(case)
        _check_move(locked, actor, EventKind.DECIDED)
        raise_first(
            decision_problems(
                filed_on=locked.filed_on,
                decided_on=decided_on,
                result=result,
                today=timezone.localdate(),
            )
        )
        before = snapshot(locked, DECISION_FIELDS)
        locked.decided_on, locked.result = decided_on, result
        locked.save(update_fields=list(DECISION_FIELDS))
        record(
            locked,
            EventKind.DECIDED,
            actor,
            state_before=CaseState.OPEN,
            before=before,
            after=snapshot(locked, DECISION_FIELDS),
            note=clean_text(note),
        )
    return locked


def case_reopen(*, case: Case, actor: AbstractBaseUser, reason: str) -> Case:
    """A decision entered wrongly taken back: the case is open again, and the event keeps the
    decision it had and why it was taken back. (A new decision is then ``case_decide``.)"""
    reason = clean_text(reason)
    with transaction.atomic():
        locked = _locked(case)
        _check_move(locked, actor, EventKind.REOPENED)
        if not reason:
            raise DomainError(_("请填写更正原因"), field="reason")
        before = snapshot(locked, DECISION_FIELDS)
        locked.decided_on, locked.result = None, ""
        locked.save(update_fields=list(DECISION_FIELDS))
        record(
            locked,
            EventKind.REOPENED,
            actor,
            state_before=CaseState.DECIDED,
            before=before,
            after=snapshot(locked, DECISION_FIELDS),
            note=reason,
        )
    return locked
