"""Faults: the process killed in the middle of a transition, a notice render, an import or a
publication leaves nothing half-written; the outbox delivers a message once across a crash and a
rerun (and, in the one case it cannot know, at least once — as gongkai/core/outbox.py says).

The kill is ``Killed``, a BaseException raised from inside the operation (it skips every
``except Exception`` on its way out, as a dead process runs no handler); where the code has such
handlers a plain exception is tried too. The tests are transactional: each operation commits or
rolls back for real, so a missing atomic block cannot hide behind the test's own transaction.
Afterwards every row of every table and every file of the storage is compared with before: a
file is written before its row, so a new file no row names (an orphan) is all that may remain.
"""

from __future__ import annotations

import io
import json
from datetime import timedelta

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.query import QuerySet
from django.urls import reverse
from django.utils import timezone

from gongkai.applications import outcomes
from gongkai.applications.ledger import service as ledger_service
from gongkai.applications.ledger.service import ledger_import
from gongkai.applications.models import (
    Application,
    ApplicationEvent,
    ApplicationFile,
    Notice,
    State,
)
from gongkai.applications.notices import services as notice_services
from gongkai.applications.services import handling
from gongkai.core import outbox
from gongkai.core.models import OutboxChannel, OutboxMessage
from gongkai.core.outbox import CLAIM_TIMEOUT, outbox_enqueue, outbox_send_pending
from gongkai.core.sms import FileBackend
from gongkai.publishing.models import Item, ItemVersion
from gongkai.publishing.models import State as ItemState
from gongkai.publishing.services import steps as item_steps
from gongkai.publishing.services.drafting import item_attach
from gongkai.publishing.services.steps import item_act
from gongkai.remedies.models import Case
from gongkai.remedies.services import cases_import
from gongkai.remedies.services import importing as remedies_importing
from gongkai.reports.annual import services as report_services
from gongkai.reports.annual import snapshot as report_snapshot
from gongkai.reports.annual.services import annual_report_act
from gongkai.reports.models import AnnualReport, ReportState, ReportVersion
from gongkai.search.index import search
from tests.applications.e2e_world import fast_notices
from tests.applications.factories import Office, make_office
from tests.applications.test_ledger_fixtures import twenty_rows, xlsx_file
from tests.applications.test_public_attachments import PDF, PNG
from tests.applications.views_helpers import (
    act,
    drafted,
    public_form_data,
    registered,
    submitted_online,
)
from tests.fault_helpers import Killed, before, fail_on_call
from tests.publishing.factories import draft_item
from tests.remedies.factories import closed_application
from tests.remedies.test_import import csv_bytes, good_rows
from tests.reports.annual_world import compiled, published_year, records_2024_2025

# serialized_rollback: the flush after a transactional test must not lose the migrated data
# (the holiday calendar) that the rest of the suite reads.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# The kill, and an ordinary error that the code's own ``except Exception`` handlers would see.
FAULTS = [pytest.param(Killed, id="killed"), pytest.param(RuntimeError, id="error")]


@pytest.fixture(autouse=True)
def _storage_and_sms(settings, tmp_path):
    """Stored files and the SMS file backend in the test's own folder, the storage empty."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.GONGKAI_SMS_BACKEND = "file"
    settings.GONGKAI_SMS_FILE_PATH = tmp_path / "sms" / "sms.log"


@pytest.fixture
def office() -> Office:
    return make_office()


def only_for(model):
    """A ``when`` for fail_on_call on QuerySet methods: only the calls on ``model``'s rows."""
    return lambda queryset, *args, **kwargs: queryset.model is model


def docx_file(name: str, text: str) -> SimpleUploadedFile:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return SimpleUploadedFile(name, out.getvalue())


# -- 1. a workflow transition ----------------------------------------------------------------


@pytest.mark.parametrize("fault", FAULTS)
def test_an_application_step_killed_while_its_event_is_written_leaves_state_and_events(
    office, monkeypatch, fault
):
    with fast_notices():
        app = registered(office)
    state = before()
    # The application row is saved with its new state; the event's INSERT is where it dies.
    injected = fail_on_call(monkeypatch, ApplicationEvent, "save", error=fault)
    with pytest.raises(fault):
        act(app, "assign", office.clerk, department=office.department.pk)
    assert injected.fired
    state.assert_unchanged()
    assert Application.objects.get(pk=app.pk).state == State.REGISTERED


@pytest.mark.parametrize("fault", FAULTS)
def test_a_receipt_killed_after_its_notice_and_messages_leaves_no_trace(office, monkeypatch, fault):
    """Confirming an online application's receipt: the state, the event, the receipt notice and
    the applicant's e-mail and SMS are all written before the step dies; none of them stays."""
    app = submitted_online(office)
    messages = OutboxMessage.objects.count()  # the applicant told of the submission
    state = before()
    with fast_notices():
        injected = fail_on_call(monkeypatch, handling, "notify_for_event", after=True, error=fault)
        with pytest.raises(fault):
            act(app, "confirm_receipt", office.clerk)
    assert injected.fired
    state.assert_unchanged()
    app.refresh_from_db()
    assert (app.state, app.received_on) == (State.SUBMITTED, None)
    assert not Notice.objects.exists() and OutboxMessage.objects.count() == messages


@pytest.mark.parametrize("fault", FAULTS)
def test_an_online_application_killed_at_its_second_attachment_is_not_stored(
    client, office, monkeypatch, fault
):
    """The public form stores the application, its event, the applicant's message and the two
    files in one transaction: killed as the second file is written, none of them stays."""
    data = public_form_data()
    data["identity_proof"] = SimpleUploadedFile("身份证.png", PNG, content_type="image/png")
    data["authorisation"] = SimpleUploadedFile("委托书.pdf", PDF, content_type="application/pdf")
    state = before()
    injected = fail_on_call(monkeypatch, ApplicationFile, "save", call=2, after=True, error=fault)
    with pytest.raises(fault):
        client.post(reverse("applications:apply", args=[office.agency.code]), data)
    assert injected.fired
    state.assert_unchanged()
    assert not Application.objects.exists() and not OutboxMessage.objects.exists()


@pytest.mark.parametrize("fault", FAULTS)
def test_an_item_review_step_killed_at_its_event_leaves_the_item_where_it_was(
    office, monkeypatch, fault
):
    item = item_act(item=draft_item(office), actor=office.clerk, key="submit")
    state = before()
    injected = fail_on_call(monkeypatch, item_steps, "record", after=True, error=fault)
    with pytest.raises(fault):
        item_act(item=item, actor=office.head, key="head_approve")
    assert injected.fired
    state.assert_unchanged()
    assert Item.objects.get(pk=item.pk).state == ItemState.SUBMITTED
    # Taken again, the step goes through as if the first try had never been.
    monkeypatch.undo()
    assert item_act(item=item, actor=office.head, key="head_approve").state == (
        ItemState.HEAD_APPROVED
    )


# -- 2. a notice render ----------------------------------------------------------------------


def cleared(office: Office) -> Application:
    with fast_notices():
        app = act(drafted(office, outcome=outcomes.GRANTED), "head_review", office.head)
        return act(app, "clear", office.reviewer)


@pytest.mark.parametrize("fault", FAULTS)
def test_serving_a_reply_killed_while_rendering_its_pdf_leaves_no_notice_and_no_file(
    office, monkeypatch, fault
):
    """The DOCX is rendered for real, the PDF dies; the two information files given with the
    reply were read and would be stored with the serve event."""
    app = cleared(office)
    state = before()
    injected = fail_on_call(monkeypatch, notice_services, "render_pdf", error=fault)
    files = [docx_file("结果一.docx", "第一份"), docx_file("结果二.docx", "第二份")]
    with pytest.raises(fault):
        handling.application_act(
            application=app, action="serve", actor=office.clerk, data={}, files=files
        )
    assert injected.fired
    state.assert_unchanged()
    app.refresh_from_db()
    assert (app.state, app.closed_on) == (State.CLEARED, None)
    assert not app.notices.filter(kind="reply").exists()
    assert not app.files.exists()


@pytest.mark.parametrize("fault", FAULTS)
def test_a_notice_killed_as_its_row_is_written_leaves_nothing_of_the_step(
    office, monkeypatch, fault
):
    """Both documents printed, the notice row inserted, then the kill: nothing stays, not the
    notice, the number it took, the step or the applicant's message."""
    app = cleared(office)
    state = before()
    with fast_notices():
        injected = fail_on_call(monkeypatch, Notice, "save", after=True, error=fault)
        with pytest.raises(fault):
            act(app, "serve", office.clerk, method="email")
    assert injected.fired
    state.assert_unchanged()
    assert Application.objects.get(pk=app.pk).state == State.CLEARED


# -- 3. an import ----------------------------------------------------------------------------


def import_ledger(office: Office, content: bytes):
    return ledger_import(
        agency=office.agency, actor=office.clerk, content=content, filename="台账.xlsx"
    )


@pytest.mark.parametrize("fault", FAULTS)
def test_a_ledger_import_killed_after_its_applications_are_inserted_imports_nothing(
    office, monkeypatch, fault
):
    content = xlsx_file(twenty_rows())
    state = before()
    # The twenty applications are inserted; the import events' bulk INSERT is where it dies.
    injected = fail_on_call(
        monkeypatch, QuerySet, "bulk_create", error=fault, when=only_for(ApplicationEvent)
    )
    with pytest.raises(fault):
        import_ledger(office, content)
    assert injected.fired
    state.assert_unchanged()
    assert not Application.objects.exists()
    # The same file again is not "already imported": nothing of the first try is left.
    monkeypatch.undo()
    result = import_ledger(office, content)
    assert result.ok, [str(e) for e in result.errors]
    assert Application.objects.count() == 20


@pytest.mark.parametrize("fault", FAULTS)
def test_a_ledger_import_killed_at_the_third_deadline_imports_nothing(office, monkeypatch, fault):
    state = before()
    injected = fail_on_call(
        monkeypatch, ledger_service, "application_refresh_deadline", call=3, error=fault
    )
    with pytest.raises(fault):
        import_ledger(office, xlsx_file(twenty_rows()))
    assert injected.fired
    state.assert_unchanged()
    assert not Application.objects.exists() and not ApplicationEvent.objects.exists()


@pytest.mark.parametrize("fault", FAULTS)
def test_a_register_import_killed_at_its_second_row_imports_no_case(office, monkeypatch, fault):
    app = closed_application(office.agency)
    content = csv_bytes(good_rows(app.number))
    state = before()
    # The first case and its event are stored, the second case row too; its event dies.
    injected = fail_on_call(monkeypatch, remedies_importing, "record", call=2, error=fault)
    with pytest.raises(fault):
        cases_import(agency=office.agency, actor=office.clerk, content=content, filename="c.csv")
    assert injected.fired
    state.assert_unchanged()
    assert not Case.objects.exists()
    monkeypatch.undo()
    again = cases_import(
        agency=office.agency, actor=office.clerk, content=content, filename="c.csv"
    )
    assert again.ok, [str(e) for e in again.errors]
    assert Case.objects.count() == 3


# -- 4. a publication ------------------------------------------------------------------------


@pytest.fixture
def approved_report(office) -> AnnualReport:
    """The 2025 report taken through the chain to the confidentiality review (2024 published)."""
    records_2024_2025(office)
    published_year(office, 2024)
    report = annual_report_act(report=compiled(office), actor=office.clerk, key="submit")
    report = annual_report_act(report=report, actor=office.head, key="head_approve")
    return annual_report_act(report=report, actor=office.leader, key="leader_approve")


def rendering_dies_at_docx(monkeypatch, fault):
    """The report's files are rendered HTML, DOCX, PDF: the second one dies."""
    return fail_on_call(
        monkeypatch,
        report_snapshot,
        "render",
        error=fault,
        when=lambda report, fmt, **kwargs: fmt == "docx",
    )


def version_frozen_then_killed(monkeypatch, fault):
    """The version with all its files and digests is inserted, the report marked published and
    its event written; then the kill."""
    return fail_on_call(monkeypatch, report_services, "record", after=True, error=fault)


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("inject", [rendering_dies_at_docx, version_frozen_then_killed])
def test_an_annual_report_publication_killed_leaves_no_version(
    office, approved_report, monkeypatch, fault, inject
):
    state = before()
    injected = inject(monkeypatch, fault)
    with pytest.raises(fault):
        annual_report_act(report=approved_report, actor=office.reviewer, key="publish")
    assert injected.fired
    state.assert_unchanged()
    report = AnnualReport.objects.get(pk=approved_report.pk)
    assert report.state == ReportState.LEADER_APPROVED
    assert not ReportVersion.objects.filter(report=report).exists()
    monkeypatch.undo()
    published = annual_report_act(report=report, actor=office.reviewer, key="publish")
    assert published.state == ReportState.PUBLISHED
    assert published.versions.get().number == 1


@pytest.fixture
def item_for_publication(office) -> Item:
    """An item with two attachments, approved by the head and the leader."""
    item = draft_item(office, title="黑龙江省专利奖励办法")
    for name in ("附件一.docx", "附件二.docx"):
        item_attach(item=item, actor=office.clerk, upload=docx_file(name, f"{name}的正文"))
    for actor, key in ((office.clerk, "submit"), (office.head, "head_approve")):
        item = item_act(item=item, actor=actor, key=key)
    return item_act(item=item, actor=office.leader, key="leader_approve")


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("where", ["record", "index_item"])
def test_an_item_publication_killed_leaves_no_version_number_or_index_entry(
    office, item_for_publication, monkeypatch, fault, where
):
    """Publishing takes an index number, freezes a version with both attachments, writes the
    event, then indexes the item; killed after the event, or after the index entry, nothing of
    it stays: the index number is given again to the retry, with no gap."""
    item = item_for_publication
    state = before()
    injected = fail_on_call(monkeypatch, item_steps, where, after=True, error=fault)
    with pytest.raises(fault):
        item_act(item=item, actor=office.reviewer, key="publish")
    assert injected.fired
    state.assert_unchanged()
    stored = Item.objects.get(pk=item.pk)
    assert (stored.state, stored.index_number, stored.current_version) == (
        ItemState.LEADER_APPROVED,
        None,
        None,
    )
    assert not ItemVersion.objects.exists()
    assert search("专利奖励").total == 0
    monkeypatch.undo()
    published = item_act(item=item, actor=office.reviewer, key="publish")
    assert published.state == ItemState.PUBLISHED
    assert published.index_number.endswith("0001"), published.index_number
    assert published.current_version.attachments.count() == 2
    assert search("专利奖励").total == 1


# -- 5. the outbox ---------------------------------------------------------------------------


def enqueue_both() -> None:
    outbox_enqueue(key="t:mail", to="zhangsan@example.com", subject="申请已收到", body="正文")
    outbox_enqueue(
        key="t:sms",
        to="13800138000",
        subject="申请已收到",
        body="您的申请已收到",
        channel=OutboxChannel.SMS,
    )


def sms_lines(settings) -> list[dict]:
    path = settings.GONGKAI_SMS_FILE_PATH
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def time_passes_beyond_the_claim_timeout() -> None:
    """The claims of the dead sender grow stale, as they would CLAIM_TIMEOUT later."""
    stale = timezone.now() - CLAIM_TIMEOUT - timedelta(minutes=1)
    OutboxMessage.objects.filter(claimed_at__isnull=False).update(claimed_at=stale)


def test_a_sender_killed_before_handing_a_message_over_sends_it_once_after_the_timeout(
    mailoutbox, settings, monkeypatch
):
    enqueue_both()
    injected = fail_on_call(monkeypatch, outbox, "_deliver")
    with pytest.raises(Killed):
        outbox_send_pending()
    assert injected.fired and (len(mailoutbox), sms_lines(settings)) == (0, [])
    monkeypatch.undo()
    # Rerun at once: the dead sender's claim still holds its message; the other one is sent.
    first = outbox_send_pending()
    assert first.sent == 1 and not first.failures
    time_passes_beyond_the_claim_timeout()
    assert outbox_send_pending().sent == 1  # the abandoned claim is taken over
    assert outbox_send_pending().sent == 0
    assert len(mailoutbox) == 1 and len(sms_lines(settings)) == 1
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()


@pytest.mark.parametrize("channel", ["email", "sms"])
def test_a_sender_that_fails_while_sending_records_it_and_the_rerun_sends_once(
    mailoutbox, settings, monkeypatch, channel
):
    """An ordinary error of the backend is caught: recorded, released, sent by the next run."""
    enqueue_both()
    injected = fail_on_call(
        monkeypatch,
        outbox,
        "_deliver",
        error=OSError,
        when=lambda message: message.channel == channel,
    )
    result = outbox_send_pending()
    assert injected.fired and (result.sent, result.failed) == (1, 1)
    monkeypatch.undo()
    assert outbox_send_pending().sent == 1
    assert outbox_send_pending().sent == 0
    assert len(mailoutbox) == 1 and len(sms_lines(settings)) == 1
    failed = OutboxMessage.objects.get(channel=channel)
    assert failed.attempts == 1 and failed.sent_at is not None


@pytest.mark.parametrize(
    "patch",
    [
        pytest.param(lambda mp: fail_on_call(mp, outbox, "_mark_sent"), id="before-marking"),
        pytest.param(lambda mp: fail_on_call(mp, FileBackend, "send", after=True), id="sms-sent"),
    ],
)
def test_a_sender_killed_after_sending_is_not_repeated_by_a_rerun_within_the_timeout(
    mailoutbox, settings, monkeypatch, patch
):
    """Delivered but not marked: the one at-least-once case of the outbox (mail and database
    cannot commit together). A rerun within CLAIM_TIMEOUT sends it no second time; once the
    claim is stale, one more copy goes out and the message is marked, never a third."""
    outbox_enqueue(
        key="t:sms",
        to="13800138000",
        subject="申请已收到",
        body="您的申请已收到",
        channel=OutboxChannel.SMS,
    )
    injected = patch(monkeypatch)
    with pytest.raises(Killed):
        outbox_send_pending()
    assert injected.fired and len(sms_lines(settings)) == 1
    monkeypatch.undo()
    assert outbox_send_pending().sent == 0
    assert len(sms_lines(settings)) == 1  # exactly once across the crash and the rerun
    message = OutboxMessage.objects.get()
    assert message.sent_at is None and message.claim_token  # not lost: still claimed
    time_passes_beyond_the_claim_timeout()
    assert outbox_send_pending().sent == 1
    assert outbox_send_pending().sent == 0
    assert len(sms_lines(settings)) == 2 and mailoutbox == []
    assert OutboxMessage.objects.get().sent_at is not None


def test_an_email_killed_after_the_send_is_not_sent_again_within_the_timeout(
    mailoutbox, monkeypatch
):
    outbox_enqueue(key="t:mail", to="zhangsan@example.com", subject="申请已收到", body="正文")
    injected = fail_on_call(monkeypatch, outbox, "_mark_sent")
    with pytest.raises(Killed):
        outbox_send_pending()
    assert injected.fired and len(mailoutbox) == 1
    monkeypatch.undo()
    assert outbox_send_pending().sent == 0
    assert len(mailoutbox) == 1
