"""Importing a ledger: check the whole file, then store all of it in one transaction, or nothing.

Each imported application gets an "import" event (the file and the row it came from, and its
receipt day, which the deadline code counts as the receipt), its Art. 31 receipt day, and — if
the ledger says it was answered — its outcome, closing day and the closed state; an open one
stays registered and gets its deadline derived like any other.

A file is imported into an agency once: its SHA-256 is kept on the events, and the same file
again is refused as a whole (see repeats.py) — unless it is the same upload form posted twice,
which gets the first import's result back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, time

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.applications.ledger.reading import read_table
from gongkai.applications.ledger.repeats import (
    EVENT_KIND,
    EarlierImport,
    earlier_import,
    file_digest,
    imported_events,
    repeated_row_warnings,
)
from gongkai.applications.ledger.validation import LedgerError, LedgerRow, check_table
from gongkai.applications.models import Application, ApplicationEvent, State
from gongkai.applications.numbering import OWN_NUMBER, format_number
from gongkai.applications.permissions import can_register_application
from gongkai.applications.services.deadlines import application_refresh_deadline
from gongkai.applications.services.registration import new_query_code
from gongkai.core.errors import DomainError
from gongkai.workdays import clock
from gongkai.workdays.services import calendar_current

_BATCH = 500


@dataclass(frozen=True)
class ImportResult:
    errors: tuple[LedgerError, ...] = ()
    warnings: tuple[str, ...] = ()
    rows: int = 0  # rows checked and found good (all of them, when there is no error)
    open: int = 0
    closed: int = 0
    dry_run: bool = False
    # True when this is the same upload posted again: the result is that of the first post,
    # and nothing was imported this time.
    repeated: bool = False
    applications: tuple[Application, ...] = field(default=(), repr=False)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def imported(self) -> int:
        return len(self.applications)


def can_import_ledger(user: AbstractBaseUser, agency: Agency) -> bool:
    return can_register_application(user, agency)


def ledger_check(*, agency: Agency, content: bytes, filename: str) -> ImportResult:
    """Read and check a ledger without storing anything (LedgerFileError if unreadable)."""
    if earlier := earlier_import(agency, file_digest(content)):
        return _refused(earlier, dry_run=True)
    _rows, result = _checked(agency, content, filename, dry_run=True)
    return result


def _refused(earlier: EarlierImport, *, dry_run: bool = False) -> ImportResult:
    return ImportResult(errors=(LedgerError(None, "", earlier.message()),), dry_run=dry_run)


def _replayed(agency: Agency, digest: str) -> ImportResult:
    """The result of the import that stored this file, as it was then (open/closed at import)."""
    events = imported_events(agency, digest)
    closed = sum(1 for e in events if e.state_after == State.CLOSED)
    return ImportResult(
        rows=len(events),
        open=len(events) - closed,
        closed=closed,
        repeated=True,
        applications=tuple(e.application for e in events),
    )


def _checked(
    agency: Agency, content: bytes, filename: str, *, dry_run: bool
) -> tuple[list[LedgerRow], ImportResult]:
    table = read_table(content, filename, max_bytes=settings.GONGKAI_UPLOAD_MAX_BYTES)
    checked = check_table(
        table,
        departments=agency.departments.all(),
        taken=_taken(agency),
        today=timezone.localdate(),
    )
    warnings = (*checked.warnings, *repeated_row_warnings(agency, checked.rows))
    if checked.errors:
        return [], ImportResult(errors=tuple(checked.errors), warnings=warnings, dry_run=dry_run)
    closed = sum(1 for r in checked.rows if r.outcome)
    result = ImportResult(
        warnings=warnings,
        rows=len(checked.rows),
        open=len(checked.rows) - closed,
        closed=closed,
        dry_run=dry_run,
    )
    return checked.rows, result


def _taken(agency: Agency) -> set[str]:
    return set(Application.objects.filter(agency=agency).values_list("number", flat=True))


def ledger_import(
    *,
    agency: Agency,
    actor: AbstractBaseUser | None,
    content: bytes,
    filename: str,
    dry_run: bool = False,
    submission_key: str | None = None,
) -> ImportResult:
    """Import a ledger file into ``agency``: all rows or none.

    ``actor`` is the clerk or admin importing it (recorded on every event); None only from the
    command line, where whoever runs it already has the whole database. An unreadable file
    raises LedgerFileError; row problems come back in ``ImportResult.errors``, and so does a
    file already imported into the agency. ``submission_key`` is the upload form's: the same
    form posted again with the same file gets the first import's result (``repeated``).
    """
    if actor is not None and not can_import_ledger(actor, agency):
        raise DomainError(f"您不是{agency.name}的承办人或机关管理员，不能导入台账")
    digest = file_digest(content)
    if earlier := earlier_import(agency, digest):
        if not dry_run and earlier.same_submission(submission_key):
            return _replayed(agency, digest)
        return _refused(earlier, dry_run=dry_run)
    rows, result = _checked(agency, content, filename, dry_run=dry_run)
    if not result.ok or dry_run:
        return result
    with transaction.atomic():
        # Lock the agency: numbers are unique per agency and generated in sequence, and the
        # same file posted twice at once must find the other's events once it holds the lock.
        Agency.objects.select_for_update().get(pk=agency.pk)
        if earlier := earlier_import(agency, digest):
            if earlier.same_submission(submission_key):
                return _replayed(agency, digest)
            return _refused(earlier)
        taken = _taken(agency)
        raced = [r for r in rows if r.number in taken]
        if raced:
            errors = tuple(
                LedgerError(r.row, "申请编号", f"申请编号“{r.number}”已被本机关的其他申请使用")
                for r in raced
            )
            return ImportResult(errors=errors, warnings=result.warnings)
        numbers = _numbers(rows, taken)
        source = _Source(filename, digest, submission_key or "")
        applications = _store(agency, actor, rows, numbers, source)
    return ImportResult(
        warnings=result.warnings,
        rows=result.rows,
        open=result.open,
        closed=result.closed,
        applications=tuple(applications),
    )


def _numbers(rows: list[LedgerRow], taken: set[str]) -> dict[int, str]:
    """A number for every row: its own, or the next free one of its receipt year, in order.

    Same shape as registration's ("2025-00001"), continuing after the highest in use, so that
    numbers given in the file and numbers made here never meet.
    """
    last: dict[str, int] = {}
    for number in (*taken, *(r.number for r in rows)):
        if found := OWN_NUMBER.match(number):
            year, sequence = found.groups()
            last[year] = max(last.get(year, 0), int(sequence))
    result = {}
    for row in sorted(rows, key=lambda r: (r.received_on, r.row)):
        if row.number:
            result[row.row] = row.number
            continue
        year = str(row.received_on.year)
        last[year] = last.get(year, 0) + 1
        result[row.row] = format_number(year, last[year])
    return result


def _application(
    agency: Agency, actor: AbstractBaseUser | None, row: LedgerRow, number: str
) -> Application:
    state = State.CLOSED if row.outcome else State.REGISTERED
    # The ledger knows the receipt day, not the hour: the application sorts on that day.
    submitted_at = timezone.make_aware(datetime.combine(row.received_on, time(0)))
    application = Application(
        agency=agency,
        number=number,
        query_code=new_query_code(),
        state=state,
        submitted_at=submitted_at,
        received_on=row.received_on,
        received_confirmed_by=actor,
        registered_by=actor,
        department=row.department,
        outcome=row.outcome,
        closed_on=row.closed_on,
        **row.intake.__dict__,
    )
    # bulk_create skips save(), which is where the table 三 column is derived.
    application.report_column = Application.column_for(
        row.intake.applicant_kind, row.intake.org_kind
    )
    return application


@dataclass(frozen=True)
class _Source:
    """The file the rows came from, as kept on each import event."""

    filename: str
    sha256: str
    submission_key: str  # "" when not imported through the upload form


def _event(application: Application, actor, row: LedgerRow, source: _Source) -> ApplicationEvent:
    data = {
        "source": source.filename,
        "sha256": source.sha256,
        "row": row.row,
        "received_on": row.received_on.isoformat(),
        "channel": row.intake.channel,
    }
    if row.outcome:
        data |= {"outcome": row.outcome, "closed_on": row.closed_on.isoformat()}
    if row.department:
        data |= {"department": row.department.pk, "department_name": row.department.name}
    if source.submission_key:
        data["submission_key"] = source.submission_key
    return ApplicationEvent(
        application=application,
        kind=EVENT_KIND,
        on=row.received_on,
        actor=actor,
        state_before="",
        state_after=application.state,
        data=data,
        note=f"从台账导入（{source.filename} 第 {row.row} 行）",
    )


def _store(
    agency: Agency,
    actor: AbstractBaseUser | None,
    rows: list[LedgerRow],
    numbers: dict[int, str],
    source: _Source,
) -> list[Application]:
    applications = [_application(agency, actor, r, numbers[r.row]) for r in rows]
    for batch in _batches(applications):
        Application.objects.bulk_create(batch)
        # Not every database returns the new keys from a bulk insert; the numbers find them.
        ids = dict(
            Application.objects.filter(
                agency=agency, number__in=[a.number for a in batch]
            ).values_list("number", "pk")
        )
        for application in batch:
            application.pk = ids[application.number]
    events = [_event(a, actor, r, source) for a, r in zip(applications, rows, strict=True)]
    for batch in _batches(events):
        ApplicationEvent.objects.bulk_create(batch)
    calendar = calendar_current()
    for application in applications:
        if application.is_pending:
            try:
                application_refresh_deadline(application, calendar=calendar)
            except clock.ClockError as error:
                raise DomainError(
                    f"申请 {application.number} 的答复期限无法计算：{error}"
                ) from None
    return applications


def _batches(items: list, size: int = _BATCH) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
