"""The steps of the review chain, and withdrawal: one entry point, ``item_act``.

A step is checked against the declared chain (state, role, the department's head, no second step
by one person in a round), then its own conditions (a reason where one is needed; at the
confidentiality review, every personal-information hit overridden with a recorded reason), then
recorded as an event; publishing gives the 索引号 (the first time), keeps the version and updates
the search index, all in one transaction, or not at all.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gongkai.agencies.numbering import INDEX_NUMBER
from gongkai.core.errors import DomainError
from gongkai.core.generations import PUBLIC_PAGES, bump_generation
from gongkai.publishing import workflow
from gongkai.publishing.models import EventKind, IndexSequence, Item, ItemVersion
from gongkai.publishing.permissions import action_refusal
from gongkai.publishing.scan import item_findings
from gongkai.publishing.search_documents import index_item, unindex_item
from gongkai.publishing.services.content import CONTENT_FIELDS
from gongkai.publishing.services.drafting import record, step_day


def item_act(
    *,
    item: Item,
    actor: AbstractBaseUser,
    key: str,
    reason: str = "",
    override_reason: str = "",
    on: date | None = None,
) -> Item:
    """Take the step ``key`` on the item (``on`` the day, today by default); a DomainError says
    why it is refused."""
    reason, override_reason = reason.strip(), override_reason.strip()
    with transaction.atomic():
        locked = Item.objects.select_for_update().get(pk=item.pk)
        events = list(locked.events.order_by("at", "pk"))
        if refusal := action_refusal(actor, locked, key, events):
            raise DomainError(refusal)
        act = workflow.action(key)
        if key in workflow.NEEDS_REASON and not reason:
            raise DomainError(_("请填写原因（%(action)s）") % {"action": act.label}, field="reason")
        day = step_day(locked, on, events)
        before = locked.state
        data: dict[str, object] = {}
        if key == EventKind.PUBLISH:
            data = _publish(locked, actor, events, override_reason, day)
        elif key == EventKind.WITHDRAW:
            locked.withdrawn_on = day
            locked.withdrawn_reason = reason
            unindex_item(locked)
        locked.state = act.target
        locked.save()
        record(locked, EventKind(key), actor, on=day, before=before, note=reason, data=data)
        if key == EventKind.PUBLISH:
            index_item(locked)
        bump_generation(PUBLIC_PAGES)  # the portal's cached pages (a step may change them)
    return locked


def _publish(
    item: Item, actor: AbstractBaseUser, events: list, override_reason: str, day: date
) -> dict[str, object]:
    findings = item_findings(item)
    if findings and not override_reason:
        raise DomainError(
            ngettext(
                "发现 %(count)d 处疑似个人信息，请删除后退回修改，或填写确认公开的理由",
                "发现 %(count)d 处疑似个人信息，请删除后退回修改，或填写确认公开的理由",
                len(findings),
            )
            % {"count": len(findings)},
            field="override_reason",
        )
    if item.index_number is None:
        item.index_number = _next_index_number(item, day.year)
    version = ItemVersion.objects.create(
        item=item,
        number=item.versions.count() + 1,
        published_at=_moment(day),
        published_by=actor,
        change_note=_last_revision_reason(events),
        **{f: getattr(item, f) for f in CONTENT_FIELDS},
    )
    version.attachments.set(item.attachments.values_list("pk", flat=True))
    item.current_version = version
    item.published_on = item.published_on or day
    data: dict[str, object] = {"version": version.number, "index_number": item.index_number}
    if findings:
        data["pii"] = [f.as_data() for f in findings]
        data["override_reason"] = override_reason
    return data


def _moment(day: date) -> datetime:
    """Now, for a step taken today; the start of the working day for one recorded later."""
    if day == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.combine(day, time(9)))


def _next_index_number(item: Item, year: int) -> str:
    """The agency's next 索引号 of the year: the sequence only counts up, so none is reused."""
    sequence, _created = IndexSequence.objects.select_for_update().get_or_create(
        agency_id=item.agency_id, year=year
    )
    IndexSequence.objects.filter(pk=sequence.pk).update(last=F("last") + 1)
    sequence.refresh_from_db(fields=["last"])
    number = INDEX_NUMBER.number(item.agency, year, sequence.last)
    # Two agencies with the same 统一社会信用代码 (a typing error) would give the same numbers.
    if Item.objects.filter(index_number=number).exists():
        raise DomainError(
            _("索引号“%(number)s”已被使用：请检查本机关的统一社会信用代码和索引号格式")
            % {"number": number},
            field=INDEX_NUMBER.field,
        )
    return number


def _last_revision_reason(events: list) -> str:
    for event in reversed(events):
        if event.kind == EventKind.REVISE:
            return event.note
        if event.kind == EventKind.PUBLISH:
            return ""
    return ""
