"""A report's events and versions made readable for its staff page: labels for the recorded keys
(the records keep plain keys and values), people by name, the downloads of each version."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _

from gongkai.reports.annual.files import Download, downloads
from gongkai.reports.engine.editions import SECTION_TITLES
from gongkai.reports.models import ReportEvent, ReportEventKind, ReportState, ReportVersion

# Recorded but not shown (the digests are on the versions' rows).
HIDDEN = frozenset({"sha256"})


def person(user: Any) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _state(value: str) -> str:
    return str(ReportState(value).label) if value in ReportState.values else value


def _labels() -> dict[str, str]:
    return {
        "sections": _("修改的部分"),
        "finding": _("检查提示"),
        "version": _("公开版本"),
        "file": _("文件"),
        "format": _("格式"),
        "findings": _("检查结果"),
    }


def _shown(key: str, value: Any) -> str:
    if key == "sections" and isinstance(value, list):
        return "、".join(f"{n}、{SECTION_TITLES.get(n, '')}" for n in value)
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


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


def event_rows(events: list[ReportEvent]) -> list[EventRow]:
    labels = _labels()
    return [
        EventRow(
            at=event.at,
            on=event.on,
            kind=str(ReportEventKind(event.kind).label),
            actor=person(event.actor),
            before=_state(event.state_before) if event.state_before else "",
            after=_state(event.state_after) if event.state_after else "",
            note=event.note,
            data=[
                (labels.get(key, key), _shown(key, value))
                for key, value in (event.data or {}).items()
                if key not in HIDDEN
            ],
        )
        for event in events
    ]


@dataclass(frozen=True)
class VersionRow:
    number: int
    published_on: date
    published_by: str
    correction_reason: str
    edition: str
    files: list[Download]


def version_rows(versions: list[ReportVersion], agency_code: str, year: int) -> list[VersionRow]:
    return [
        VersionRow(
            number=v.number,
            published_on=v.published_on,
            published_by=person(v.published_by),
            correction_reason=v.correction_reason,
            edition=v.edition,
            files=downloads(v, "annual:file", agency_code, year),
        )
        for v in versions
    ]
