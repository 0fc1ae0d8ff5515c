"""The same ledger twice: a file already imported is refused, a row already registered is flagged.

Rows without 申请编号 get a new number on every import, so nothing else would stop a second
import of the same file (a double click, a browser retry, an operator running the command
again) from doubling 新收 and every result row of table 三. The file is known by its SHA-256,
kept on each of its import events (``data["sha256"]``) together with the upload form's
submission key, so the same form posted twice can be answered with the first import's result.

A row is only flagged, not refused, when it looks like an application already registered: the
same applicant may well ask for the same information twice on one day.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.applications.event_kinds import IMPORT
from gongkai.applications.ledger.validation import LedgerRow
from gongkai.applications.models import ApplicantKind, Application, ApplicationEvent

EVENT_KIND = IMPORT  # the kind of event an imported application gets


def file_digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@dataclass(frozen=True)
class EarlierImport:
    """The import that already stored a file in an agency."""

    at: datetime
    actor: AbstractBaseUser | None
    count: int
    submission_key: str

    def same_submission(self, submission_key: str | None) -> bool:
        """Whether ``submission_key`` is the form that made this import (posted again)."""
        return bool(submission_key) and submission_key == self.submission_key

    def message(self) -> str:
        day = timezone.localdate(self.at).isoformat()
        if self.actor is None:
            who = "通过命令行"
        else:
            who = f"由 {self.actor.get_full_name().strip() or self.actor.get_username()} "
        return f"该文件已于 {day} {who}导入本机关（{self.count} 件），不能重复导入"


def _events_of(agency: Agency, digest: str) -> QuerySet[ApplicationEvent]:
    # A JSON key lookup: JSON_EXTRACT on SQLite, -> on PostgreSQL.
    return ApplicationEvent.objects.filter(
        kind=EVENT_KIND, application__agency=agency, data__sha256=digest
    )


def earlier_import(agency: Agency, digest: str) -> EarlierImport | None:
    """The import of the file with this SHA-256 into ``agency``, if there was one."""
    events = _events_of(agency, digest)
    first = events.select_related("actor").order_by("pk").first()
    if first is None:
        return None
    return EarlierImport(
        at=first.at,
        actor=first.actor,
        count=events.count(),
        submission_key=first.data.get("submission_key") or "",
    )


def imported_events(agency: Agency, digest: str) -> list[ApplicationEvent]:
    """The import events of that file, with their applications, in the file's row order."""
    events = list(_events_of(agency, digest).select_related("application"))
    return sorted(events, key=lambda e: (e.data.get("row") or 0, e.pk))


def _same(text: str) -> str:
    # Spacing and letter case are how two copies of one row typically differ.
    return "".join(text.split()).upper()


def _key(kind: str, id_number: str, uscc: str, info_name: str, received_on) -> tuple | None:
    identity = _same(uscc if kind == ApplicantKind.ORGANISATION else id_number)
    if not identity:
        return None
    return (kind, identity, _same(info_name), received_on)


def repeated_row_warnings(agency: Agency, rows: Iterable[LedgerRow]) -> list[str]:
    """A warning for each row like an application the agency already has: same applicant
    (ID number or credit code), same information asked for, received the same day.

    One query for the whole file: the agency's applications received within the file's dates.
    """
    rows = list(rows)
    if not rows:
        return []
    days = [r.received_on for r in rows]
    existing: dict[tuple, str] = {}
    found = (
        Application.objects.filter(agency=agency, received_on__range=(min(days), max(days)))
        .order_by("number")
        .values_list("applicant_kind", "id_number", "uscc", "info_name", "received_on", "number")
    )
    for kind, id_number, uscc, info_name, received_on, number in found:
        if (key := _key(kind, id_number, uscc, info_name, received_on)) is not None:
            existing.setdefault(key, number)
    warnings = []
    for row in rows:
        intake = row.intake
        key = _key(
            intake.applicant_kind, intake.id_number, intake.uscc, intake.info_name, row.received_on
        )
        if key is not None and (number := existing.get(key)):
            warnings.append(
                f"第 {row.row} 行与已登记的申请 {number} 相同（申请人、所需信息、收到日期），"
                "请确认不是重复登记"
            )
    return warnings
