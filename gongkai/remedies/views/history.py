"""A case's fields and its history as the detail page shows them: labels, not codes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from gongkai.remedies.models import Case, CaseEvent, EventKind, Result, Stream


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class EventRow:
    kind: str
    on: str
    at: Any
    actor: str
    note: str  # the reason of a correction, the file and row of an import
    changes: list[Change]
    has_before: bool  # False for a registration or an import: only what was entered


def _shown(name: str, value: Any) -> str:
    if value in (None, ""):
        return "—"
    if name == "stream" and value in Stream.values:
        return str(Stream(value).label)
    if name == "result" and value in Result.values:
        return str(Result(value).label)
    return str(value)


def _field_label(name: str) -> str:
    try:
        return str(Case._meta.get_field(name).verbose_name)
    except Exception:
        return name  # a field the model no longer has: the event still says what it was


def _actor(event: CaseEvent) -> str:
    if event.actor is None:
        return _("系统")
    return event.actor.get_full_name() or event.actor.get_username()


def event_rows(case: Case) -> list[EventRow]:
    """The case's events, oldest first (one query, the actors with them)."""
    rows = []
    for event in case.events.select_related("actor").order_by("at", "pk"):
        names = list(dict.fromkeys([*event.before, *event.after]))
        changes = [
            Change(
                _field_label(name),
                _shown(name, event.before.get(name)),
                _shown(name, event.after.get(name)),
            )
            for name in names
        ]
        rows.append(
            EventRow(
                kind=str(EventKind(event.kind).label),
                on=event.on.isoformat(),
                at=event.at,
                actor=_actor(event),
                note=event.note,
                changes=changes,
                has_before=bool(event.before),
            )
        )
    return rows
