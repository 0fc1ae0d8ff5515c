"""The names people read for what an event records: its kind, each key of its data, and choice
values. The kinds and the keys each records are declared in ``applications.event_kinds``; the
names of choice values are gathered here from their own homes (tests/applications/
test_event_labels.py holds every step to recording only declared kinds and keys).
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from gongkai.applications.event_kinds import CONSULTED_PARTIES, EVENT_KINDS, KEY_LABELS
from gongkai.applications.models import Channel
from gongkai.applications.outcomes import OUTCOMES
from gongkai.applications.services.handling import ServeMethod

# Keys recorded for the machine, shown through a readable companion (department_name), or, for
# the files, as links to them.
HIDDEN = frozenset({"department", "assignee", "submission_key", "files"})

VALUE_LABELS: dict[str, dict[object, Promise | str]] = {
    "channel": dict(Channel.choices),
    "outcome": {key: o.label for key, o in OUTCOMES.items()},
    "basis": {"by_count": _("按件计收"), "by_volume": _("按量计收")},
    "kind": {key: party.label for key, party in CONSULTED_PARTIES.items()},
    "method": dict(ServeMethod.choices),
    "by_applicant": {True: _("是"), False: _("否")},
}


def kind_label(kind: str) -> str:
    declared = EVENT_KINDS.get(kind)
    return str(declared.label) if declared else kind


def data_label(kind: str, key: str) -> str:
    """What ``key`` means in an event of ``kind``; for a key the kind does not declare (an older
    record's), its usual meaning, or the key itself."""
    declared = EVENT_KINDS.get(kind)
    label = declared.data_labels.get(key) if declared else None
    return str(label or KEY_LABELS.get(key, key))


def value_label(key: str, value: object) -> str:
    return str(VALUE_LABELS.get(key, {}).get(value, value))


def has_label(kind: str, key: str | None = None) -> bool:
    """Whether the kind is declared (and the key among those it records)."""
    declared = EVENT_KINDS.get(kind)
    if declared is None or key is None:
        return declared is not None
    return key in declared.data_labels
