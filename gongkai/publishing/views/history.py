"""An item's history and metadata, made readable for its staff page: labels for the recorded
keys (the records themselves keep plain keys and values), people by name."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _

from gongkai.publishing.models import EventKind, Item, ItemEvent, State
from gongkai.publishing.pii import LABELS as PII_LABELS
from gongkai.publishing.services.content import CONTENT_FIELDS, label

# Recorded but not shown (a fingerprint of a file is for audits, not for reading).
HIDDEN = frozenset({"sha256"})


def data_labels() -> dict[str, str]:
    return {
        "fields": _("修改的项目"),
        "attached": _("上传附件"),
        "detached": _("移除附件"),
        "version": _("公开版本"),
        "index_number": _("索引号"),
        "pii": _("疑似个人信息（确认公开）"),
        "override_reason": _("确认公开的理由"),
    }


@dataclass
class EventRow:
    at: datetime
    on: date
    kind: str
    actor: str
    before: str
    after: str
    note: str = ""
    data: list[tuple[str, str]] = field(default_factory=list)
    pii: list[str] = field(default_factory=list)


def person(user: Any) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _state(value: str) -> str:
    return str(State(value).label) if value in State.values else value


def _shown(key: str, value: Any) -> str:
    if key == "fields" and isinstance(value, list):
        return "、".join(label(name) if name in CONTENT_FIELDS else str(name) for name in value)
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def _pii(value: Any) -> list[str]:
    shown = []
    for finding in value if isinstance(value, list) else []:
        if isinstance(finding, dict):
            kind = PII_LABELS.get(finding.get("kind", ""), finding.get("kind", ""))
            shown.append(f"{finding.get('where', '')} · {kind} · {finding.get('number', '')}")
    return shown


def event_rows(events: list[ItemEvent]) -> list[EventRow]:
    labels = data_labels()
    made = []
    for event in events:
        data = event.data or {}
        made.append(
            EventRow(
                at=event.at,
                on=event.on,
                kind=str(EventKind(event.kind).label),
                actor=person(event.actor),
                before=_state(event.state_before) if event.state_before else "",
                after=_state(event.state_after) if event.state_after else "",
                note=event.note,
                data=[
                    (labels.get(key, key), _shown(key, value))
                    for key, value in data.items()
                    if key not in HIDDEN and key != "pii"
                ],
                pii=_pii(data.get("pii")),
            )
        )
    return made


def metadata_rows(item: Item) -> list[tuple[str, str]]:
    """(label, shown value) of every filled content field, in the metadata table's order."""
    rows = [(_("索引号"), item.index_number or _("（公开时生成）"))]
    for name in CONTENT_FIELDS:
        if name == "body":
            continue
        value = getattr(item, name)
        if value in (None, ""):
            continue
        model_field = Item._meta.get_field(name)
        if model_field.choices:
            shown = getattr(item, f"get_{name}_display")()
        elif isinstance(value, date):
            shown = f"{value:%Y-%m-%d}"
        else:
            shown = str(value)
        rows.append((label(name), shown))
    rows += [
        (_("处室"), str(item.department)),
        (_("拟稿人"), person(item.drafter)),
    ]
    if item.published_on:
        rows.append((_("发布日期"), f"{item.published_on:%Y-%m-%d}"))
    if item.withdrawn_on:
        rows.append((_("撤回日期"), f"{item.withdrawn_on:%Y-%m-%d}"))
        rows.append((_("撤回原因"), item.withdrawn_reason))
    return rows
