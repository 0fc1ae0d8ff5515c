"""Issuing notices: composed, rendered and frozen inside the workflow step that calls for them.

``notices_for_event`` is the hook the workflow services call after recording a step; it issues
the notice that step calls for (its event kind's, ``event_kinds``), or nothing. ``notice_issue``
does the work and is idempotent per step: issuing for the same event again returns the notice
already issued, never a second or a regenerated one. A notice that cannot be rendered (no CJK
font, no WeasyPrint) raises, and the step it belongs to is rolled back with it: no step goes out
without its notice.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.agencies.numbering import notice_number
from gongkai.applications import event_kinds
from gongkai.applications.models import Application, ApplicationEvent, Notice, NoticeTemplate
from gongkai.applications.notices import kinds
from gongkai.applications.notices.compose import Composed, compose
from gongkai.applications.notices.facts import notice_values
from gongkai.applications.notices.placeholders import template_problems
from gongkai.applications.notices.render_docx import render_docx
from gongkai.applications.notices.render_pdf import render_pdf
from gongkai.core.errors import DomainError
from gongkai.core.stored_files import stored_put


@dataclass(frozen=True)
class Wording:
    body: str
    closing: str
    source: str  # which template it came from, recorded on the notice


def notice_wording(agency: Agency, kind_key: str, outcome_key: str = "") -> Wording:
    """The wording in force: the agency's own for this outcome, then for the kind, then the
    platform's default likewise, then the defaults declared in kinds.py."""
    candidates = [(agency, outcome_key), (agency, ""), (None, outcome_key), (None, "")]
    for owner, outcome in candidates:
        if outcome and kind_key != kinds.REPLY:
            continue
        template = NoticeTemplate.objects.filter(
            agency=owner, kind=kind_key, outcome=outcome
        ).first()
        if template is not None:
            if problems := template_problems(kind_key, outcome, template.body, template.closing):
                raise DomainError(
                    _("告知书模板“%(template)s”不可用：%(problem)s")
                    % {"template": template, "problem": next(iter(problems.values()))}
                )
            named = {"id": template.pk, "when": f"{template.updated_at:%Y-%m-%d %H:%M}"}
            if owner:
                source = _("机关模板 #%(id)s（%(when)s）") % named
            else:
                source = _("平台默认模板 #%(id)s（%(when)s）") % named
            closing = template.closing or kinds.kind(kind_key).default_closing
            return Wording(template.body, closing, source)
    return Wording(
        kinds.default_body_for(kind_key, outcome_key),
        kinds.kind(kind_key).default_closing,
        _("系统默认模板"),
    )


def _next_sequence(agency: Agency, year: int) -> int:
    # The caller holds the agency row lock: numbers are sequential per agency and year.
    last = Notice.objects.filter(agency=agency, year=year).aggregate(m=Max("sequence"))["m"]
    return (last or 0) + 1


def notice_compose(
    *,
    application: Application,
    kind: str,
    outcome: str = "",
    number: str,
    on: date,
    data: dict[str, Any] | None = None,
    wording: Wording | None = None,
) -> tuple[Composed, Wording]:
    """The notice as it would read now (used for issuing, and for a preview before serving);
    ``wording`` previews a template not yet saved instead of the one in force."""
    if kind == kinds.REPLY and not outcome:
        raise DomainError("答复告知书须有处理结果", field="outcome")
    wording = wording or notice_wording(application.agency, kind, outcome)
    values = notice_values(
        application=application, kind_key=kind, outcome_key=outcome, data=data or {}, issued_on=on
    )
    composed = compose(
        kind_key=kind,
        outcome_key=outcome,
        number=number,
        values=values,
        body=wording.body,
        closing=wording.closing,
        agency_name=application.agency.name,
        issued_on=on,
    )
    return composed, wording


def notice_issue(
    *,
    application: Application,
    kind: str,
    outcome: str = "",
    event: ApplicationEvent | None = None,
    actor: AbstractBaseUser | None = None,
    on: date | None = None,
    data: dict[str, Any] | None = None,
) -> Notice:
    """Compose, render and freeze one notice; for an event already issued, the notice it has."""
    kinds.kind(kind)  # an unknown kind is a programming error: ValueError
    on = on or (event.on if event is not None else timezone.localdate())
    data = dict(event.data if event is not None and data is None else data or {})
    if event is not None and (existing := Notice.objects.filter(event=event).first()):
        return existing

    def printed(agency: Agency, sequence: int) -> tuple[str, Composed, Wording, bytes, bytes]:
        number = notice_number(agency, on.year, sequence)
        composed, wording = notice_compose(
            application=application, kind=kind, outcome=outcome, number=number, on=on, data=data
        )
        return number, composed, wording, render_docx(composed), render_pdf(composed)

    # Rendering (a PDF takes ~0.2-1 s) happens before the agency row is locked, not under the lock.
    # The number is printed in the documents, yet it is only certain under the lock; and the lock,
    # once taken, lasts until the outermost transaction ends: notice_issue runs inside the workflow
    # step's own transaction (services/handling.py, registration.py), which must roll back with the
    # notice if it cannot be rendered, so a "short" inner transaction would release nothing. Hence:
    # print the notice for the number it will most likely get (the next free one, read unlocked),
    # then lock, take the number for real and keep the print if it is the same. Only when another
    # notice of the agency was issued in between is it printed again, under the lock: numbers stay
    # unique and without gaps, per agency and year. (registration.py already holds this lock for the
    # application's own number; there the render cannot leave it, and the guess is always right.)
    # The documents are stored before the row, inside its transaction (gongkai.core.stored_files),
    # and the guess's before the lock: a notice printed again leaves the guess's files unnamed.
    guess = printed(application.agency, _next_sequence(application.agency, on.year))
    try:
        with transaction.atomic():
            guess_files = _store_documents(guess[3], guess[4])
            agency = Agency.objects.select_for_update().get(pk=application.agency_id)
            sequence = _next_sequence(agency, on.year)  # certain now, under the lock
            number, composed, wording, docx, pdf = guess
            docx_file, pdf_file = guess_files
            if notice_number(agency, on.year, sequence) != number:
                number, composed, wording, docx, pdf = printed(agency, sequence)
                docx_file, pdf_file = _store_documents(docx, pdf)
            return Notice.objects.create(
                application=application,
                event=event,
                agency=agency,
                kind=kind,
                outcome=outcome,
                year=on.year,
                sequence=sequence,
                number=number,
                title=composed.title,
                addressee=composed.addressee,
                issued_on=on,
                issued_by=actor,
                template_source=wording.source,
                text=composed.text(),
                docx_file=docx_file,
                pdf_file=pdf_file,
                sha256=hashlib.sha256(pdf).hexdigest(),
                docx_sha256=hashlib.sha256(docx).hexdigest(),
            )
    except IntegrityError:
        # The same step issued concurrently: the first one's notice stands.
        if event is not None and (existing := Notice.objects.filter(event=event).first()):
            return existing
        raise


def _store_documents(docx: bytes, pdf: bytes) -> tuple[str, str]:
    return stored_put("notices", docx, extension="docx"), stored_put(
        "notices", pdf, extension="pdf"
    )


def notices_for_event(event: ApplicationEvent) -> Notice | None:
    """The notice a just-recorded workflow step calls for, issued and frozen; else None."""
    declared = event_kinds.EVENT_KINDS.get(event.kind)
    kind = declared.notice_kind if declared else None
    if kind is None:
        return None
    if kind == kinds.RECEIPT and "received_on" not in event.data:
        return None
    if kind == kinds.CONSULTATION:
        # A third party gets the Art. 32 letter, another agency the Art. 34 one; a consultation
        # of neither would go out without a letter, so the step is refused instead.
        asked = event.data.get("kind") or "third_party"
        party = event_kinds.CONSULTED_PARTIES.get(asked)
        if party is None:
            raise DomainError(
                _("无法生成征求意见函：征求意见对象类型“%(kind)s”应为第三方或其他机关")
                % {"kind": asked},
                field="kind",
            )
        kind = party.letter
    application = event.application
    outcome = application.outcome if kind == kinds.REPLY else ""
    return notice_issue(
        application=application, kind=kind, outcome=outcome, event=event, actor=event.actor
    )
