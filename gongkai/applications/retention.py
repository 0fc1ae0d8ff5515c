"""Personal information kept no longer than the agency keeps it: an application closed more than
the retention period ago loses its applicant's personal details, its files and the documents of
its notices; what the annual report counts, and the history, stay.

How long is the operator's choice (``GONGKAI_RETENTION_YEARS``, 10 by default). The 条例 sets no
period for the case files of 依申请公开; the archives rules do (档案法, and 机关文件材料归档范围和
文书档案保管期限规定, whose periods for such files are commonly 10 or 30 years, or permanent), and
which applies depends on the agency's own 归档范围 and 保管期限表. An application tied to a 复议
or 诉讼 case that is still open is never purged: the case file is evidence until it is decided.

What a purge keeps, and why:

- table 三 and the drill-down read ``agency``, ``received_on``, ``closed_on``, ``report_column``
  (derived from ``applicant_kind``/``org_kind``), ``outcome`` and ``year_ends_open``: all kept,
  and none of them is written (a queryset ``update()`` of the blanked fields only), so a past
  year's report computes the same;
- the number, channel, dates, state, department and staff, the name of the information asked
  for (see below), and the notices' numbers, titles, dates and SHA-256 — what the agency did and
  when, which says nothing of who asked;
- an organisation's name and 统一社会信用代码: not personal information (个人信息保护法 Art. 4
  covers natural persons); its contact person, phone, e-mail and address are, and go;
- the events: their kinds, days, actors, states and every value the report or the clock reads.
  A purge adds one event saying what it removed.

What it blanks or deletes:

- the person's name, identity document, phone, e-mail, address and the contact person;
- ``description`` and ``reply_text``: free text in which applicants describe their own affairs
  (their house, their case, their family) and which the reply quotes back; the report reads
  neither. ``info_name`` (the name of the information asked for) is kept, because it names a
  document rather than a person and is what makes the record mean something — unless it
  contains the applicant's name, contact person, ID number or phone, in which case it goes too;
- every file of the application (identity proof, authorisation letter, and the copies of
  information given with the reply: copies of the agency's own records, whose originals are kept
  where they always were, and in a request about oneself the person's data);
- the notices' full text, addressee, DOCX and PDF (a notice is frozen against editing; clearing
  it at the end of its retention is the one deliberate exception, and its hashes stay to prove
  what was sent);
- the messages to the applicant still in the outbox (their address and text);
- in the events, the free text that may speak of the person: the request as it stood before a
  correction (its description always; its name when it names the person, as above), the name of
  a third party consulted (who may be a person; an agency consulted stays), and in what staff
  wrote (the note, the items to correct, reasons, the fee's calculation, a consultation's
  result, the names of the files served) the person's name, contact person, ID number, phone,
  e-mail and address become "＊＊" and any other long number is masked (a second phone, a bank
  card; a serial number in a note goes with them). The history is append-only and the database
  refuses to rewrite it; this is the one rewrite it allows (``core.append_only``), inside the
  purge's transaction — personal information must go when its period ends (个人信息保护法
  Art. 47), and the history is where it would otherwise stay.

Each application is purged in its own transaction, with its row locked and its eligibility
checked again inside it: a failure leaves that application exactly as it was, and a rerun
finishes what a crashed run left (the applications already purged have their event and are not
selected again).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.applications.event_kinds import PURGE_PERSONAL_DATA as PURGE
from gongkai.applications.models import (
    ApplicantKind,
    Application,
    ApplicationEvent,
    ApplicationFile,
    Notice,
)
from gongkai.core.append_only import append_only_lifted
from gongkai.core.errors import DomainError
from gongkai.core.identity import masked_numbers
from gongkai.core.models import OutboxMessage
from gongkai.core.stored_files import stored_release

DEFAULT_YEARS = 10

# Blanked on every purged application, person or organisation.
_CONTACT_FIELDS = ("id_type", "id_number", "contact_person", "phone", "email", "address")
_FREE_TEXT_FIELDS = ("description", "reply_text")
# How the purge treats each key an event's data may hold (event_kinds declares them; a test
# keeps this in step, so a new key is classified here or the suite fails):
# blanked (the request's description, before and after a correction) ...
EVENT_KEYS_BLANKED = ("description_before", "description")
# ... blanked when it names the person (the information's name, as on the application) ...
EVENT_KEYS_NAMING = ("info_name_before", "info_name")
# ... rid of the person's details (what staff wrote, and the names of the files served) ...
EVENT_KEYS_WRITTEN = ("items", "reason", "calculation", "files", "result")
# ... blanked when the consulted party is a third party, who may be a person (the notice to
# them loses its addressee too); another agency's name stays ...
EVENT_KEYS_THIRD_PARTY = ("party",)
# ... and kept: what was done, when, by which staff, with which codes and sums.
EVENT_KEYS_KEPT = (
    "amount",
    "assignee",
    "assignee_name",
    "basis",
    "by_applicant",
    "channel",
    "closed_on",
    "days",
    "delivered_on",
    "department",
    "department_name",
    "events_cleared",
    "files_removed",
    "kind",
    "method",
    "outcome",
    "payment_due",
    "previous_assignee_name",
    "previous_department_name",
    "quantity",
    "received_on",
    "retention_years",
    "row",
    "sha256",
    "source",
    "submission_key",
    "tracking_number",
    "until",
)
HIDDEN = "＊＊"


def retention_years() -> int:
    """The retention period in whole years, from ``GONGKAI_RETENTION_YEARS``."""
    years = getattr(settings, "GONGKAI_RETENTION_YEARS", DEFAULT_YEARS)
    if isinstance(years, bool) or not isinstance(years, int) or years < 1:
        raise DomainError(
            _("保存期限 GONGKAI_RETENTION_YEARS 应为不小于 1 的整数年，现为 %(value)r")
            % {"value": years}
        )
    return years


def retention_cutoff(today: date, years: int) -> date:
    """The day ``years`` years before ``today``: closed before it is past retention."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February, in a year that has none
        return today.replace(year=today.year - years, day=28)


def _open_remedy_case() -> Exists:
    """A 复议/诉讼 case tied to the application and not yet decided. The case model is reached
    through the relation remedies declares on Application, so that this app does not import
    remedies (which imports it); "open" is remedies' own rule (``Case.is_open``)."""
    case_model = Application._meta.get_field("remedy_cases").related_model
    return Exists(case_model.objects.filter(application=OuterRef("pk"), decided_on__isnull=True))


def past_retention(
    *, today: date | None = None, years: int | None = None, agency: Agency | None = None
) -> QuerySet[Application]:
    """The applications to purge: closed (an outcome and a closing day) before the cutoff, not
    purged already, and with no open remedy case."""
    today = today or timezone.localdate()
    cutoff = retention_cutoff(today, years or retention_years())
    purged = ApplicationEvent.objects.filter(application=OuterRef("pk"), kind=PURGE)
    found = (
        Application.objects.filter(closed_on__isnull=False, closed_on__lt=cutoff)
        .exclude(outcome="")
        .filter(~Exists(purged), ~_open_remedy_case())
    )
    if agency is not None:
        found = found.filter(agency=agency)
    return found.order_by("agency__code", "closed_on", "pk")


@dataclass(frozen=True)
class Purged:
    agency_code: str
    number: str
    files: int


@dataclass(frozen=True)
class PurgeSummary:
    dry_run: bool
    years: int
    cutoff: date
    applications: tuple[Purged, ...]

    @property
    def count(self) -> int:
        return len(self.applications)

    @property
    def files(self) -> int:
        return sum(p.files for p in self.applications)

    @property
    def numbers(self) -> list[str]:
        return [p.number for p in self.applications]


def purge(
    *, agency: Agency | None = None, dry_run: bool = True, today: date | None = None
) -> PurgeSummary:
    """Purge the personal information of every application past retention, or with ``dry_run``
    (the default) only say which and how many files, changing nothing."""
    today = today or timezone.localdate()
    years = retention_years()
    found = past_retention(today=today, years=years, agency=agency).select_related("agency")
    done = []
    for app in found:
        if dry_run:
            done.append(Purged(app.agency.code, app.number, _file_count(app)))
        elif (purged := _purge_one(app.pk, today=today, years=years)) is not None:
            done.append(purged)
    return PurgeSummary(dry_run, years, retention_cutoff(today, years), tuple(done))


def _notice_documents(app: Application) -> int:
    """The notices' DOCX and PDF documents still held (each a file)."""
    names = Notice.objects.filter(application=app).values_list("docx_file", "pdf_file")
    return sum(bool(name) for pair in names for name in pair)


def _file_count(app: Application) -> int:
    return ApplicationFile.objects.filter(application=app).count() + _notice_documents(app)


def file_delete(file: ApplicationFile) -> None:
    """Delete one stored file: the row now, the file in the storage once the transaction has
    committed (and only if no other row names the same bytes)."""
    file.delete()
    stored_release(file.file.name)


def _personal_details(app: Application) -> list[str]:
    """What identifies the person (the name of a person applying, the contact person, ID
    number, phone, e-mail, address), longest first: an address may hold the name."""
    values = [getattr(app, field) for field in _CONTACT_FIELDS if field != "id_type"]
    if app.applicant_kind == ApplicantKind.PERSON:
        values.append(app.applicant_name)
    return sorted({v.strip() for v in values if len(v.strip()) >= 2}, key=len, reverse=True)


def _third_parties(events: list[ApplicationEvent]) -> set[str]:
    """The names of the third parties consulted (who may be persons)."""
    parties = (
        str(event.data.get("party") or "").strip()
        for event in events
        if event.data.get("kind") == "third_party"
    )
    return {party for party in parties if len(party) >= 2}


def _names_the_person(app: Application, text: str) -> bool:
    return any(detail in text for detail in _personal_details(app))


def _without_person(value: Any, details: list[str]) -> Any:
    """A text (or a list of texts) with the person's details hidden and long numbers masked."""
    if isinstance(value, list):
        return [_without_person(item, details) for item in value]
    if not isinstance(value, str):
        return value
    for detail in details:
        value = value.replace(detail, HIDDEN)
    return masked_numbers(value)


def _events_scrubbed(app: Application) -> int:
    """Clear the person from the application's history (see the module's docstring); the
    number of events rewritten."""
    events = list(app.events.order_by("pk"))
    details = sorted({*_personal_details(app), *_third_parties(events)}, key=len, reverse=True)
    rewritten = []
    for event in events:
        data = dict(event.data)
        for key in EVENT_KEYS_BLANKED:
            if data.get(key):
                data[key] = ""
        for key in EVENT_KEYS_NAMING:
            if isinstance(data.get(key), str) and _names_the_person(app, data[key]):
                data[key] = ""
        for key in EVENT_KEYS_WRITTEN:
            if key in data:
                data[key] = _without_person(data[key], details)
        for key in EVENT_KEYS_THIRD_PARTY:
            if data.get(key) and data.get("kind") == "third_party":
                data[key] = ""
        note = _without_person(event.note, details)
        if data != event.data or note != event.note:
            rewritten.append((event.pk, data, note))
    if rewritten:
        with append_only_lifted(ApplicationEvent._meta.db_table):
            for pk, data, note in rewritten:
                ApplicationEvent.objects.filter(pk=pk).update(data=data, note=note)
    return len(rewritten)


def _blanks(app: Application) -> dict[str, str]:
    blanks = dict.fromkeys((*_CONTACT_FIELDS, *_FREE_TEXT_FIELDS), "")
    if app.applicant_kind == ApplicantKind.PERSON:
        blanks["applicant_name"] = ""
    if _names_the_person(app, app.info_name):
        blanks["info_name"] = ""
    return blanks


def _purge_one(pk: int, *, today: date, years: int) -> Purged | None:
    """Purge one application in one transaction; None when it no longer qualifies (purged by
    another run, or a case was registered since it was listed)."""
    with transaction.atomic():
        app = (
            past_retention(today=today, years=years)
            .filter(pk=pk)
            .select_related("agency")
            .select_for_update(of=("self",))
            .first()
        )
        if app is None:
            return None
        files = _notice_documents(app)
        for stored in ApplicationFile.objects.filter(application=app):
            file_delete(stored)
            files += 1
        # A queryset update: Notice.save() refuses any change to a sent notice, and the blanked
        # fields alone are written, never the dates the report reads. The documents go from the
        # storage once this commits.
        notices = Notice.objects.filter(application=app)
        stored_release(
            *(name for pair in notices.values_list("docx_file", "pdf_file") for name in pair)
        )
        notices.update(text="", addressee="", docx_file="", pdf_file="")
        OutboxMessage.objects.filter(_outbox_of(app)).delete()
        events = _events_scrubbed(app)
        Application.objects.filter(pk=app.pk).update(**_blanks(app))
        ApplicationEvent.objects.create(
            application=app,
            kind=PURGE,
            on=today,
            actor=None,
            state_before=app.state,
            state_after=app.state,
            data={"files_removed": files, "events_cleared": events, "retention_years": years},
        )
    return Purged(app.agency.code, app.number, files)


def _outbox_of(app: Application) -> Q:
    # The keys applications.notify gives the applicant's messages: "applicant:<pk>:…".
    return Q(key__startswith=f"applicant:{app.pk}:")
