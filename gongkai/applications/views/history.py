"""An application's fields and event history, made readable for the staff detail page.

Events store plain keys and values (``data``); this turns them into Chinese labels, and choice
values into their names (all declared in ``applications.event_labels``), without changing what
was recorded. People are shown by their names, and the files given with a step as links.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.applications.event_labels import HIDDEN, data_label, kind_label, value_label
from gongkai.applications.models import Application, ApplicationEvent, ApplicationFile, State
from gongkai.applications.services.attachments import human_size
from gongkai.core.identity import masked_id_number, masked_phone

# The detail page's field list, in the order of the paper form (Art. 29).
DETAIL_FIELDS = (
    "number",
    "channel",
    "applicant_kind",
    "applicant_name",
    "id_type",
    "id_number",
    "uscc",
    "org_kind",
    "contact_person",
    "phone",
    "email",
    "address",
    "info_name",
    "doc_number",
    "description",
    "form_wanted",
    "delivery",
    "state",
    "submitted_at",
    "received_on",
    "received_confirmed_by",
    "registered_by",
    "department",
    "assignee",
    "outcome",
    "reply_text",
    "drafted_by",
    "closed_on",
)


@dataclass
class FileLink:
    name: str
    url: str
    size: str
    media_type: str


@dataclass
class EventRow:
    on: date
    at: datetime
    kind: str
    actor: str
    before: str
    after: str
    data: list[tuple[str, str]] = field(default_factory=list)
    note: str = ""
    files: list[FileLink] = field(default_factory=list)


def person(user: Any) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _state(value: str) -> str:
    return State(value).label if value in State.values else value


def _value(key: str, value: Any) -> str:
    if isinstance(value, list):
        return "、".join(value_label(key, v) for v in value)
    return value_label(key, value)


def event_rows(application: Application, *, mask: bool = False) -> list[EventRow]:
    files = ApplicationFile.objects.order_by("pk")
    events = list(
        application.events.select_related("actor")
        .prefetch_related(Prefetch("files", queryset=files))
        .order_by("on", "pk")
    )
    # An assignee is shown by name, even where an older record kept the login.
    assignee_ids = {e.data["assignee"] for e in events if isinstance(e.data.get("assignee"), int)}
    people = {u.pk: person(u) for u in get_user_model().objects.filter(pk__in=assignee_ids)}
    return [_row(event, people, mask) for event in events]


def _shown(
    event: ApplicationEvent, key: str, value: Any, people: dict[int, str], mask: bool
) -> str:
    if key == "assignee_name" and (name := people.get(event.data.get("assignee"))):
        return name
    if mask and key in MASKED and isinstance(value, str) and value:
        return MASKED[key](value)
    return _value(key, value)


def _row(event: ApplicationEvent, people: dict[int, str], mask: bool) -> EventRow:
    return EventRow(
        on=event.on,
        at=event.at,
        kind=kind_label(event.kind),
        # No staff actor: the applicant, online (the form, an online withdrawal).
        actor=person(event.actor) or _("申请人（网上办理）"),
        before=_state(event.state_before) if event.state_before else "",
        after=_state(event.state_after) if event.state_after else "",
        data=[
            (data_label(event.kind, key), _shown(event, key, value, people, mask))
            for key, value in event.data.items()
            if key not in HIDDEN
        ],
        note=event.note,
        files=[
            FileLink(
                name=f.name,
                url=reverse("applications:file", args=[event.application_id, f.pk]),
                size=human_size(f.size),
                media_type=f.media_type,
            )
            for f in event.files.all()
        ],
    )


# The fields, in the record and in events, shown masked to staff who do not need them whole.
MASKED = {"id_number": masked_id_number, "phone": masked_phone}


def field_rows(application: Application, *, mask: bool = False) -> list[tuple[str, str]]:
    """(label, shown value) of every filled field, choices by name, people by name; the
    identity number and phone masked when `mask`."""
    rows = []
    for name in DETAIL_FIELDS:
        model_field = Application._meta.get_field(name)
        value = getattr(application, name)
        if value in (None, ""):
            continue
        if name == "outcome":
            shown = value_label("outcome", value)
        elif model_field.choices:
            shown = getattr(application, f"get_{name}_display")()
        elif model_field.is_relation and name != "department":
            shown = person(value)
        elif isinstance(value, datetime):
            shown = f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
        elif mask and name in MASKED:
            shown = MASKED[name](str(value))
        else:
            shown = str(value)
        rows.append((str(model_field.verbose_name), shown))
    return rows
