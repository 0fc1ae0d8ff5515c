"""The retention purge: applications closed more than GONGKAI_RETENTION_YEARS ago lose their
personal information, files and notice documents on ``--apply`` and nothing on a dry run; open
ones, recent ones and those with an open remedy case are untouched; table 三 stays the same; one
event records each purge; a failure half way leaves the application as it was."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db.models import Model, Q
from django.utils import timezone

from gongkai.applications import outcomes, retention
from gongkai.applications.event_kinds import EVENT_KINDS
from gongkai.applications.event_labels import kind_label
from gongkai.applications.models import (
    Application,
    ApplicationEvent,
    ApplicationFile,
    FilePurpose,
    Notice,
)
from gongkai.applications.retention import PURGE, purge
from gongkai.applications.services import application_act
from gongkai.applications.services.applicant_files import applicant_files_store
from gongkai.core.models import OutboxMessage
from gongkai.documents.media import CheckedFile
from gongkai.reports.compute import table3_counts
from tests.applications.factories import Office, uscc
from tests.applications.views_helpers import act, registered
from tests.remedies.factories import registered_case

# The purge runs on a day in the future rather than the records being moved into the past:
# the services refuse a step dated after today, and table 三 has no edition before 2019, so the
# applications are handled on real past days and the purge is told that today is PURGE_DAY.
PURGE_DAY = date(2035, 6, 4)
OLD = date(2024, 5, 6)  # received; served 2024-05-20: closed 11 years before PURGE_DAY
RECENT = date(2026, 5, 11)  # received; served 2026-05-25: closed 9 years before PURGE_DAY


@pytest.fixture
def purge_day(monkeypatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a: PURGE_DAY)


def _checked(name: str, content: bytes) -> CheckedFile:
    return CheckedFile(name, "image/png", content, hashlib.sha256(content).hexdigest())


def closed(office: Office, received: date, **intake: Any) -> Application:
    """Registered in person, with the applicant's proof of identity, granted and served (with a
    file of information) two weeks later, then archived: every step through the services."""
    return handled_to_close(office, registered(office, received=received, **intake), received)


def handled_to_close(
    office: Office,
    app: Application,
    received: date,
    while_assigned: Callable[[Application], Application] = lambda app: app,
) -> Application:
    """The steps of ``closed`` after the registration; ``while_assigned`` takes more steps once
    the application is assigned (on the day after it was received)."""
    applicant_files_store(
        application=app, files={FilePurpose.IDENTITY_PROOF: _checked("身份证.png", b"\x89PNG id")}
    )
    app = act(
        app,
        "assign",
        office.clerk,
        on=received + timedelta(days=1),
        department=office.department.pk,
    )
    app = while_assigned(app)
    app = act(
        app,
        "draft",
        office.clerk,
        on=received + timedelta(days=2),
        outcome=outcomes.GRANTED,
        reply_text="张三：经审查，予以公开。",
    )
    app = act(app, "head_review", office.head, on=received + timedelta(days=3))
    app = act(app, "clear", office.reviewer, on=received + timedelta(days=3))
    app = application_act(
        application=app,
        action="serve",
        actor=office.clerk,
        on=received + timedelta(days=14),
        data={"method": "in_person"},
        files=[SimpleUploadedFile("名单.xlsx", b"PK list")],
    )
    return act(app, "close", office.clerk, on=received + timedelta(days=15))


def _row(obj: Model) -> dict[str, Any]:
    values = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    return {k: bytes(v) if isinstance(v, memoryview) else v for k, v in values.items()}


def everything(*apps: Application) -> dict[str, list[dict[str, Any]]]:
    """Every field of every row that belongs to the applications (all of them when none are
    named): the application, its files, notices, events and outbox messages."""
    which = {"pk__in": [a.pk for a in apps]} if apps else {}
    owned = {"application__pk__in": which["pk__in"]} if apps else {}
    outbox = Q()
    for app in apps:
        outbox |= Q(key__startswith=f"applicant:{app.pk}:")
    return {
        model.__name__: [_row(o) for o in query.order_by("pk")]
        for model, query in (
            (Application, Application.objects.filter(**which)),
            (ApplicationFile, ApplicationFile.objects.filter(**owned)),
            (Notice, Notice.objects.filter(**owned)),
            (ApplicationEvent, ApplicationEvent.objects.filter(**owned)),
            (OutboxMessage, OutboxMessage.objects.filter(outbox)),
        )
    }


def run(*args: str) -> str:
    out = StringIO()
    call_command("purge_personal_data", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def world(office: Office) -> dict[str, Application]:
    old = closed(office, OLD)
    recent = closed(office, RECENT)
    in_dispute = closed(office, OLD)
    registered_case(office, application=in_dispute, filed_on=date(2024, 6, 10))
    pending = registered(office, received=date(2026, 11, 2))
    pending = act(
        pending, "assign", office.clerk, on=date(2026, 11, 3), department=office.department.pk
    )
    return {"old": old, "recent": recent, "in_dispute": in_dispute, "pending": pending}


def test_a_dry_run_lists_the_application_past_retention_and_changes_nothing(world, purge_day):
    before = everything()
    out = run()
    assert everything() == before
    old = world["old"]
    # Two notices (receipt, reply), each a DOCX and a PDF, and the two files of the application.
    assert "试运行：以下 1 件申请" in out and "删除文件 6 个" in out
    assert f"{old.agency.code} {old.number}（文件 6 个）" in out
    assert "--apply" in out
    for other in ("recent", "in_dispute", "pending"):
        assert world[other].number not in out


def test_apply_purges_the_old_application_and_leaves_the_others_exactly_as_they_were(
    world, purge_day
):
    old = world["old"]
    others = [world[k] for k in ("recent", "in_dispute", "pending")]
    untouched = everything(*others)
    assert OutboxMessage.objects.filter(key__startswith=f"applicant:{old.pk}:").exists()

    out = run("--apply")

    assert "已清除以下 1 件申请的个人信息，删除文件 6 个" in out
    assert everything(*others) == untouched
    old.refresh_from_db()
    personal = ("applicant_name", "id_type", "id_number", "phone", "email", "address")
    assert all(getattr(old, f) == "" for f in (*personal, "description", "reply_text"))
    # What the report and the record of the agency's work read stays.
    assert (old.received_on, old.closed_on, old.outcome, old.report_column) == (
        OLD,
        date(2024, 5, 20),
        outcomes.GRANTED,
        "natural_person",
    )
    assert old.info_name == "2025 年专利资助资金分配结果" and old.state == "closed"
    assert not ApplicationFile.objects.filter(application=old).exists()
    notices = Notice.objects.filter(application=old)
    assert notices.count() == 2
    for notice in notices:
        assert (notice.text, notice.addressee, bytes(notice.docx), bytes(notice.pdf)) == (
            "",
            "",
            b"",
            b"",
        )
        assert notice.number and len(notice.sha256) == 64
    assert not OutboxMessage.objects.filter(key__startswith=f"applicant:{old.pk}:").exists()


def test_the_purge_is_recorded_once_as_an_event_and_a_rerun_does_nothing(world, purge_day):
    old = world["old"]
    kinds_before = list(old.events.values_list("kind", flat=True))
    run("--apply")
    events = list(old.events.order_by("pk"))
    assert [e.kind for e in events] == [*kinds_before, PURGE]
    event = events[-1]
    assert (event.on, event.actor, event.state_before, event.state_after) == (
        PURGE_DAY,
        None,
        "closed",
        "closed",
    )
    assert event.data == {"files_removed": 6, "events_cleared": 0, "retention_years": 10}
    assert kind_label(event.kind) == "个人信息已按保存期限清除"
    assert "没有办结超过保存期限" in run("--apply")
    assert old.events.filter(kind=PURGE).count() == 1


def test_table_three_of_past_years_is_the_same_after_the_purge(world, purge_day):
    agency = world["old"].agency
    before = {year: table3_counts(agency, year) for year in (2024, 2026)}
    assert sum(before[2024].values()) > 0
    run("--apply")
    assert {year: table3_counts(agency, year) for year in (2024, 2026)} == before


def test_a_failure_in_the_middle_of_a_purge_leaves_the_application_as_it_was(
    office, purge_day, monkeypatch
):
    old = closed(office, OLD)
    before = everything(old)
    deleted = []

    def delete_then_fail(file: ApplicationFile) -> None:
        if deleted:
            raise OSError("磁盘故障（测试注入）")
        file.delete()
        deleted.append(file.pk)

    monkeypatch.setattr(retention, "file_delete", delete_then_fail)
    with pytest.raises(OSError):
        purge(dry_run=False)
    assert deleted  # the first file was deleted, then rolled back with the rest
    assert everything(old) == before


def test_an_organisation_keeps_its_name_and_code_but_not_its_contacts(office, purge_day):
    app = closed(
        office,
        OLD,
        applicant_kind="organisation",
        applicant_name="某某科技有限公司",
        id_type="",
        id_number="",
        uscc=uscc(),
        org_kind="business",
        contact_person="李四",
    )
    code, name = app.uscc, app.applicant_name
    summary = purge(dry_run=False)
    assert summary.numbers == [app.number] and summary.files == 6
    app.refresh_from_db()
    assert (app.applicant_name, app.uscc, app.report_column) == (name, code, "business")
    assert (app.contact_person, app.phone, app.address) == ("", "", "")


def _step(app, action, actor, on, note="", files=(), **data):
    return application_act(
        application=app, action=action, actor=actor, on=on, data=data, note=note, files=files
    )


def _told_about_themselves(office: Office) -> Application:
    """An application whose history speaks of the applicant in every kind of free text: a
    correction, a third party consulted, notes, reasons, a file served."""
    app = registered(office, received=OLD, description="我家在哈尔滨市南岗区某街 1 号的房屋")
    day = iter(OLD + timedelta(days=n) for n in range(30))
    clerk = office.clerk
    asked = {"items": "请说明张三所指的年份", "until": "2024-05-20"}
    app = _step(app, "request_correction", clerk, next(day), **asked)
    app = _step(
        app,
        "receive_correction",
        clerk,
        next(day),
        note=f"张三来电补正，身份证号 {app.id_number}，另一号码 13912345678",
        info_name="张三的专利资助材料",
        description="2023 年，电话 13800138000",
    )
    app = _step(app, "assign", clerk, next(day), department=office.department.pk)
    app = _step(app, "start_consultation", clerk, next(day), party="王五", kind="third_party")
    app = _step(
        app,
        "end_consultation",
        clerk,
        next(day),
        result="王五同意，张三可自 zhangsan@example.com 取",
    )
    app = _step(
        app,
        "draft",
        clerk,
        next(day),
        note="寄往哈尔滨市南岗区某街 1 号",
        outcome=outcomes.GRANTED,
        reply_text="张三：予以公开。",
    )
    app = _step(app, "head_review", office.head, next(day))
    app = _step(app, "clear", office.reviewer, next(day))
    served = [SimpleUploadedFile("张三的资助材料.pdf", b"%PDF-1.4 x")]
    app = _step(app, "serve", clerk, next(day), files=served, method="in_person")
    return _step(app, "close", clerk, next(day))


def test_the_history_keeps_its_steps_but_loses_the_person_s_details(office, purge_day):
    app = _told_about_themselves(office)
    id_number = app.id_number
    before = list(app.events.order_by("pk").values_list("pk", "kind", "on", "state_after"))
    purge(dry_run=False)
    events = list(app.events.order_by("pk"))
    assert [(e.pk, e.kind, e.on, e.state_after) for e in events[:-1]] == before
    history = " ".join(f"{e.data} {e.note}" for e in events)
    for personal in ("张三", id_number, "13800138000", "13912345678", "南岗区", "房屋", "王五"):
        assert personal not in history, personal
    assert "zhangsan@example.com" not in history
    by_kind = {e.kind: e for e in events}
    assert by_kind["receive_correction"].data == {
        "info_name_before": "2025 年专利资助资金分配结果",  # names a document, not the person
        "info_name": "",
        "description_before": "",
        "description": "",
    }
    assert by_kind["receive_correction"].note == "＊＊来电补正，身份证号 ＊＊，另一号码 139****5678"
    assert by_kind["request_correction"].data == {
        "items": "请说明＊＊所指的年份",
        "until": "2024-05-20",
    }
    assert by_kind["start_consultation"].data == {"party": "", "kind": "third_party"}
    assert by_kind["end_consultation"].data == {"result": "＊＊同意，＊＊可自 ＊＊ 取"}
    assert by_kind["draft"].note == "寄往＊＊"
    assert by_kind["serve"].data["files"] == ["＊＊的资助材料.pdf"]
    assert by_kind["serve"].data["method"] == "in_person"
    assert events[-1].data["events_cleared"] == 6


def test_an_agency_consulted_keeps_its_name(office, purge_day):
    def consulted(app: Application) -> Application:
        day = OLD + timedelta(days=1)
        app = act(app, "start_consultation", office.clerk, on=day, party="省公安厅", kind="agency")
        return act(app, "end_consultation", office.clerk, on=day, result="同意")

    app = handled_to_close(office, registered(office, received=OLD), OLD, consulted)
    purge(dry_run=False)
    started = app.events.get(kind="start_consultation")
    assert started.data == {"party": "省公安厅", "kind": "agency"}


def test_every_key_an_event_may_record_is_classified_by_the_purge():
    declared = {key for kind in EVENT_KINDS.values() for key in kind.data_labels}
    groups = [
        retention.EVENT_KEYS_BLANKED,
        retention.EVENT_KEYS_NAMING,
        retention.EVENT_KEYS_WRITTEN,
        retention.EVENT_KEYS_THIRD_PARTY,
        retention.EVENT_KEYS_KEPT,
    ]
    classified = [key for group in groups for key in group]
    assert len(classified) == len(set(classified)), "a key in two groups"
    assert declared == set(classified)


def test_the_name_of_the_information_goes_when_it_names_the_applicant(office, purge_day):
    app = closed(office, OLD, info_name="张三本人的专利申请审查档案")
    purge(dry_run=False)
    app.refresh_from_db()
    assert app.info_name == ""


def test_one_agency_only_and_an_unknown_agency_refused(world, purge_day):
    assert "没有办结超过保存期限" in run("--agency", world["old"].agency.parent.code)
    assert world["old"].number in run("--agency", world["old"].agency.code)
    with pytest.raises(CommandError, match="没有代码为“nowhere”的机关"):
        run("--agency", "nowhere")


def test_the_retention_period_comes_from_the_setting(world, purge_day, settings):
    settings.GONGKAI_RETENTION_YEARS = 8  # now the one closed 9 years ago is past it too
    numbers = purge().numbers
    assert numbers == [world["old"].number, world["recent"].number]
    settings.GONGKAI_RETENTION_YEARS = 0
    with pytest.raises(CommandError, match="GONGKAI_RETENTION_YEARS"):
        run()
