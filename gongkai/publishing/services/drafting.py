"""Drafting an item: create, edit the draft, attach and detach files. Each write is checked,
recorded as an event and done in one transaction, or not at all."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency, Department
from gongkai.core.errors import DomainError
from gongkai.core.stored_files import extension_of, stored_put
from gongkai.core.workflow import step_day as core_step_day
from gongkai.publishing.attachments import check_attachment
from gongkai.publishing.models import EventKind, Item, ItemAttachment, ItemEvent, State
from gongkai.publishing.permissions import can_draft_items, can_edit_item
from gongkai.publishing.services.content import CONTENT_FIELDS, clean_content


def record(
    item: Item,
    kind: EventKind,
    actor: AbstractBaseUser,
    *,
    on: date | None = None,
    before: str = "",
    note: str = "",
    data: dict[str, Any] | None = None,
) -> ItemEvent:
    return ItemEvent.objects.create(
        item=item,
        kind=kind,
        on=on or timezone.localdate(),
        actor=actor,
        state_before=before or item.state,
        state_after=item.state,
        note=note,
        data=data or {},
    )


def item_create(
    *,
    agency: Agency,
    actor: AbstractBaseUser,
    department: Department,
    on: date | None = None,
    **content: Any,
) -> Item:
    """A new draft in the agency, by one of its clerks, reviewed first by ``department``'s head;
    ``on`` the day it was drafted (today by default; the demo builds two years of history)."""
    if not can_draft_items(actor, agency.pk):
        raise DomainError(_("只有本机关的承办人可以起草公开信息"))
    if department.agency_id != agency.pk:
        raise DomainError(_("处室须是本机关的处室"), field="department")
    missing = [f for f in ("category", "title", "issuer", "formed_on") if f not in content]
    if missing:
        content.update(dict.fromkeys(missing))  # clean_content names the first one missing
    values = clean_content(agency.pk, content)
    with transaction.atomic():
        item = Item.objects.create(agency=agency, department=department, drafter=actor, **values)
        record(item, EventKind.CREATE, actor, on=step_day(item, on, []))
    return item


def step_day(item: Item, on: date | None, events: list[ItemEvent]) -> date:
    """The day a step is recorded for: today unless given, never in the future, never before
    the item's last step."""
    return core_step_day(on, events[-1].on if events else None)


def _draft_for_edit(item: Item, actor: AbstractBaseUser) -> Item:
    locked = Item.objects.select_for_update().get(pk=item.pk)
    if not can_edit_item(actor, locked):
        if locked.state != State.DRAFT:
            raise DomainError(
                _("该信息当前状态为“%(state)s”，不能修改；请先退回或修订")
                % {"state": locked.get_state_display()}
            )
        raise DomainError(_("只有本机关的承办人可以修改草稿"))
    return locked


def item_update(
    *, item: Item, actor: AbstractBaseUser, on: date | None = None, **changes: Any
) -> Item:
    """The draft with ``changes``; the event names the fields that changed."""
    with transaction.atomic():
        locked = _draft_for_edit(item, actor)
        values = clean_content(locked.agency_id, changes, item=locked)
        if "department" in values:
            raise DomainError(_("未知的字段：department"))
        changed = [f for f in CONTENT_FIELDS if f in values and getattr(locked, f) != values[f]]
        for name in changed:
            setattr(locked, name, values[name])
        if changed:
            locked.save(update_fields=changed)
            day = step_day(locked, on, list(locked.events.order_by("at", "pk")))
            record(locked, EventKind.EDIT, actor, on=day, data={"fields": changed})
    return locked


def item_attach(
    *, item: Item, actor: AbstractBaseUser, upload: UploadedFile, on: date | None = None
) -> ItemAttachment:
    """The file, checked by its content and read for its text, attached to the draft."""
    try:
        checked, text = check_attachment(upload)
    except ValidationError as refusal:
        raise DomainError(" ".join(refusal.messages), field="attachment") from refusal
    with transaction.atomic():
        locked = _draft_for_edit(item, actor)
        attachment = ItemAttachment.objects.create(
            agency_id=locked.agency_id,
            name=checked.name,
            media_type=checked.media_type,
            size=checked.size,
            file=stored_put("attachments", checked.content, extension=extension_of(checked.name)),
            sha256=checked.sha256,
            text=text,
            uploaded_by=actor,
        )
        locked.attachments.add(attachment)
        record(
            locked,
            EventKind.EDIT,
            actor,
            on=step_day(locked, on, list(locked.events.order_by("at", "pk"))),
            data={"attached": attachment.name, "sha256": attachment.sha256},
        )
    return attachment


def item_detach(*, item: Item, actor: AbstractBaseUser, attachment: ItemAttachment) -> None:
    """The file taken off the draft; it stays stored for the versions that published it."""
    with transaction.atomic():
        locked = _draft_for_edit(item, actor)
        if not locked.attachments.filter(pk=attachment.pk).exists():
            raise DomainError(_("该附件不属于这条信息"), field="attachment")
        locked.attachments.remove(attachment)
        record(locked, EventKind.EDIT, actor, data={"detached": attachment.name})
