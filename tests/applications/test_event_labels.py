"""Every event kind created anywhere, and every key its data records, is declared with a label
people read (applications.event_kinds, shown through applications.event_labels): the history
never shows a raw key."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from gongkai.applications import event_labels
from gongkai.applications.event_kinds import EVENT_KINDS
from gongkai.applications.ledger.repeats import EVENT_KIND as IMPORT_KIND
from gongkai.applications.ledger.service import ledger_import
from gongkai.applications.models import ApplicationEvent
from gongkai.applications.services import application_act
from gongkai.applications.services.withdrawal import application_withdraw_by_applicant
from gongkai.applications.workflow import ACTIONS
from gongkai.core.errors import DomainError
from tests.applications.e2e_world import fast_notices
from tests.applications.test_ledger_fixtures import closed, person_row, xlsx_file
from tests.applications.test_offered_allowed import DATA, SITUATIONS, cast  # noqa: F401
from tests.applications.views_helpers import registered, today

# Beyond the valid input of the offered ⇔ allowed test: every optional key a step may record.
FULLER = {
    "receive_correction": lambda o, a: {"info_name": "补正后的名称", "description": "补正后"},
    "start_consultation": lambda o, a: {
        "party": "某公司",
        "kind": "agency",
        "received_on": today().isoformat(),
    },
    "send_fee_notice": lambda o, a: {
        "basis": "by_count",
        "quantity": 3,
        "delivered_on": today().isoformat(),
    },
    "serve": lambda o, a: {"method": "post", "tracking_number": "SF1"},
}


class _Rollback(Exception):
    pass


def _recorded(office, app, action: str, user) -> set[tuple[str, str]]:
    """(kind, key) of what the step records, the step then undone; empty if refused."""
    data = (FULLER.get(action) or DATA.get(action) or (lambda o, a: {}))(office, app)
    files = [SimpleUploadedFile("名单.xlsx", b"PK")] if action == "serve" else []
    keys: set[tuple[str, str]] = set()
    try:
        with transaction.atomic():
            application_act(application=app, action=action, actor=user, data=data, files=files)
            event = ApplicationEvent.objects.filter(application=app).latest("pk")
            keys = {(event.kind, key) for key in event.data} | {(event.kind, "")}
            raise _Rollback
    except (_Rollback, DomainError):
        return keys


def test_every_kind_has_a_label_and_the_kinds_created_anywhere_are_known():
    for kind in [*ACTIONS, "submit", "register", IMPORT_KIND]:
        assert event_labels.has_label(kind), kind
        assert event_labels.kind_label(kind) != kind
    assert not event_labels.has_label("no_such_step")


def test_every_key_a_kind_declares_has_a_label_and_an_undeclared_one_its_usual_meaning():
    for kind in EVENT_KINDS.values():
        for key, label in kind.data_labels.items():
            assert event_labels.has_label(kind.key, key)
            assert str(label) and event_labels.data_label(kind.key, key) == str(label)
    # A kind's own meaning of a key wins; an older record's undeclared key is still named.
    assert event_labels.data_label("request_correction", "until") == "补正期限"
    assert event_labels.data_label("set_custom_deadline", "until") == "答复期限"
    assert not event_labels.has_label("close", "reason")
    assert event_labels.data_label("close", "reason") == "理由"
    assert event_labels.data_label("close", "no_such_key") == "no_such_key"


def test_every_key_every_step_records_has_a_label(client, cast):  # noqa: F811
    recorded: set[tuple[str, str]] = set()
    with fast_notices():
        for build in SITUATIONS.values():
            app = build(cast)
            for action in ACTIONS:
                for persona in ("clerk", "head", "leader", "reviewer"):
                    recorded |= _recorded(cast, app, action, getattr(cast, persona))
        rows = [
            person_row(承办处室=cast.department.name),
            closed(person_row(), "result.granted"),
        ]
        result = ledger_import(
            agency=cast.agency, actor=cast.clerk, content=xlsx_file(rows), filename="台账.xlsx"
        )
        assert result.ok, [str(e) for e in result.errors]
        application_withdraw_by_applicant(application=registered(cast), reason="不再需要")
    for event in ApplicationEvent.objects.all():
        recorded |= {(event.kind, key) for key in event.data} | {(event.kind, "")}

    kinds = {kind for kind, _ in recorded}
    assert kinds >= {*ACTIONS, "submit", "register", IMPORT_KIND}  # every step was reached
    unlabelled = sorted(
        (kind, key) for kind, key in recorded if not event_labels.has_label(kind, key or None)
    )
    assert unlabelled == []
    keys = (
        "source",
        "sha256",
        "row",
        "info_name_before",
        "method",
        "tracking_number",
        "by_applicant",
    )
    for key in keys:
        assert key in {k for _, k in recorded}, key

    # The history of an imported application shows labels, never the raw keys.
    imported = ApplicationEvent.objects.filter(kind=IMPORT_KIND).latest("pk").application
    client.force_login(cast.clerk)
    page = client.get(reverse("applications:detail", args=[imported.pk])).text
    history = page[page.index('class="history"') :]
    assert "从台账导入" in history and "台账文件：台账.xlsx" in history
    for raw in ("source：", "sha256：", "row：", "closed_on："):
        assert raw not in history
