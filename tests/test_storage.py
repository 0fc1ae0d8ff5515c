"""Stored files (gongkai.core.stored_files): the bytes of attachments, applicants' files, notices
and report versions live in the default storage under their SHA-256, the rows name them; a file
is written before its row, never overwritten, read back checked; a transaction that fails leaves
at most an unreferenced file; the migrations move existing rows' bytes there and back; and the
same goes for an S3 bucket (moto's in-memory one)."""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta
from typing import Any

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from moto import mock_aws

from gongkai.applications.models import ApplicationFile, FilePurpose, Notice
from gongkai.applications.retention import file_delete, purge
from gongkai.core import stored_files as store
from gongkai.core.backup import stored_files
from gongkai.core.stored_files import (
    StoredFileError,
    extension_of,
    storage_orphans,
    stored_delete_if_unreferenced,
    stored_name,
    stored_put,
    stored_read,
    stored_release,
)
from gongkai.publishing.models import ItemAttachment
from gongkai.publishing.services.drafting import item_attach
from gongkai.reports.models import ReportVersion
from tests.applications.factories import Office, make_office
from tests.applications.test_retention import OLD, PURGE_DAY, closed
from tests.applications.views_helpers import registered
from tests.publishing.factories import draft_item
from tests.reports.annual_world import import_year, published_year

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


@pytest.fixture
def office(db: None) -> Office:
    return make_office()


def every_stored() -> dict[str, bytes]:
    files = {}
    for name in stored_files(default_storage):
        with default_storage.open(name, "rb") as stream:
            files[name] = stream.read()
    return files


def attach(office: Office, item: Any = None, data: bytes = PNG, name: str = "照片.png"):
    item = item or draft_item(office)
    upload = SimpleUploadedFile(name, data, content_type="image/png")
    return item_attach(item=item, actor=office.clerk, upload=upload)


# --- names, writing, reading -------------------------------------------------------------


def test_an_attachment_lands_in_the_storage_under_its_sha256_and_the_row_names_it(
    office: Office,
) -> None:
    attachment = attach(office)

    digest = hashlib.sha256(PNG).hexdigest()
    assert attachment.file.name == f"attachments/{digest[:2]}/{digest}.png"
    assert every_stored() == {attachment.file.name: PNG}
    fresh = ItemAttachment.objects.get(pk=attachment.pk)
    assert fresh.content == PNG and fresh.sha256 == digest


def test_a_notice_s_documents_are_stored_and_read_back_as_bytes(office: Office) -> None:
    app = registered(office)
    notice = Notice.objects.get(application=app)

    stored = every_stored()
    assert stored[notice.pdf_file.name] == notice.pdf and notice.pdf.startswith(b"%PDF")
    assert stored[notice.docx_file.name] == notice.docx and notice.docx.startswith(b"PK")
    assert notice.sha256 in notice.pdf_file.name and notice.docx_sha256 in notice.docx_file.name
    assert notice.pdf_file.name.startswith("notices/")


def test_a_report_version_s_files_are_stored_by_format(office: Office) -> None:
    version = ReportVersion.objects.get(report=published_year(office, 2024))
    imported = ReportVersion.objects.get(report=import_year(office, 2023))

    assert version.html_file.name.startswith("reports/")
    assert version.html_file.name.endswith(".html")
    assert b"<article" in version.file("html")
    assert hashlib.sha256(version.file("html")).hexdigest() == version.sha256["html"]
    assert version.file("pdf") == b"" and version.pdf_file.name == ""
    assert imported.source_file.name.endswith(".txt")
    assert hashlib.sha256(imported.file("source")).hexdigest() == imported.sha256["source"]


def test_the_same_bytes_twice_are_one_file(office: Office) -> None:
    item = draft_item(office)
    first = attach(office, item, name="一.png")
    second = attach(office, draft_item(office, title="另一条"), name="二.png")

    assert first.pk != second.pk and first.file.name == second.file.name
    assert list(every_stored()) == [first.file.name]


def test_a_stored_file_is_never_overwritten(db: None) -> None:
    name = stored_put("attachments", b"first", extension="txt")
    # The same name again writes nothing (here: the file's bytes changed behind its back).
    with default_storage.open(name, "wb") as stream:
        stream.write(b"other")
    assert stored_put("attachments", b"first", extension="txt") == name
    assert every_stored() == {name: b"other"}


def test_reading_a_file_changed_in_the_storage_raises_instead_of_serving_it(db: None) -> None:
    name = stored_put("attachments", b"the original", extension="pdf")
    default_storage.delete(name)
    default_storage.save(name, ContentFile(b"changed"))

    with pytest.raises(StoredFileError, match="SHA-256"):
        stored_read(name)


def test_reading_a_missing_file_raises_naming_it(db: None) -> None:
    name = stored_name("notices", b"never stored", "pdf")
    with pytest.raises(StoredFileError, match=f"{name} 不存在"):
        stored_read(name)
    assert stored_read("") == b"" and stored_read(None) == b""


def test_a_storage_that_renamed_a_concurrent_copy_keeps_only_the_first(db: None) -> None:
    name = stored_name("attachments", b"twice", "bin")
    default_storage.save(name, ContentFile(b"twice"))
    # As if the other writer's save landed between this one's check and its save.
    exists, calls = default_storage.exists, []

    def first_time_no(name: str) -> bool:
        calls.append(name)
        return len(calls) > 1 and exists(name)

    default_storage.exists = first_time_no  # type: ignore[method-assign]
    try:
        assert stored_put("attachments", b"twice") == name
    finally:
        default_storage.exists = exists  # type: ignore[method-assign]
    assert every_stored() == {name: b"twice"}


@pytest.mark.parametrize(
    ("filename", "extension"),
    [("报告.PDF", "pdf"), ("a.tar.gz", "gz"), ("无扩展名", "bin"), ("x.../../etc", "bin")],
)
def test_a_stored_name_takes_a_plain_extension_only(filename: str, extension: str) -> None:
    assert extension_of(filename) == extension
    with pytest.raises(ValueError):
        stored_name("../escape", b"", "pdf")


# --- transactions ------------------------------------------------------------------------


def test_a_transaction_that_fails_after_the_write_leaves_no_row_only_an_orphan(
    office: Office,
) -> None:
    item = draft_item(office)
    before = ItemAttachment.objects.count()

    with pytest.raises(RuntimeError, match="事务中途失败"), transaction.atomic():
        attach(office, item)
        raise RuntimeError("事务中途失败（测试注入）")

    assert ItemAttachment.objects.count() == before
    item.refresh_from_db()
    assert not item.attachments.exists() and not item.events.filter(data__has_key="attached")
    # The file is there, named by no row: an orphan, listed (and harmless).
    (orphan,) = every_stored()
    assert storage_orphans() == [orphan]
    assert storage_orphans(older_than=timedelta(days=1)) == []
    # Tried again, the same bytes get the same name and a row that names them.
    again = attach(office, item)
    assert again.file.name == orphan and again.content == PNG and storage_orphans() == []


def test_after_the_commit_a_file_released_meanwhile_is_written_again(
    office: Office, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        attachment = attach(office)
        default_storage.delete(attachment.file.name)  # a concurrent release of the same bytes

    assert ItemAttachment.objects.get(pk=attachment.pk).content == PNG


def test_a_released_file_goes_on_commit_unless_another_row_still_names_it(
    office: Office, django_capture_on_commit_callbacks: Any
) -> None:
    app = registered(office)
    files = [
        ApplicationFile.objects.create(
            application=app,
            purpose=FilePurpose.IDENTITY_PROOF,
            name=f"身份证{n}.png",
            media_type="image/png",
            size=len(PNG),
            file=stored_put("applications", PNG, extension="png"),
            sha256=hashlib.sha256(PNG).hexdigest(),
        )
        for n in (1, 2)
    ]
    name = files[0].file.name

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        file_delete(files[0])
        assert default_storage.exists(name)  # not before the commit
    assert callbacks and default_storage.exists(name)  # the second row still names it

    with django_capture_on_commit_callbacks(execute=True):
        file_delete(files[1])
    assert not default_storage.exists(name)


def test_a_release_that_rolls_back_deletes_nothing(office: Office) -> None:
    name = attach(office).file.name
    with pytest.raises(RuntimeError), transaction.atomic():
        ItemAttachment.objects.all().delete()
        stored_release(name)
        raise RuntimeError("回滚")
    assert default_storage.exists(name)


def test_the_purge_removes_the_application_s_files_and_notices_from_the_storage(
    office: Office, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = closed(office, OLD)
    notices = Notice.objects.filter(application=app)
    names = {
        *ApplicationFile.objects.filter(application=app).values_list("file", flat=True),
        *(name for pair in notices.values_list("docx_file", "pdf_file") for name in pair),
    }
    kept = every_stored().keys() - names
    assert len(names) >= 4 and all(default_storage.exists(name) for name in names)

    monkeypatch.setattr(timezone, "localdate", lambda *a: PURGE_DAY)
    with django_capture_on_commit_callbacks(execute=True):
        summary = purge(dry_run=False)

    assert [p.number for p in summary.applications] == [app.number]
    assert all((n.pdf, n.docx, n.pdf_file.name) == (b"", b"", "") for n in notices)
    assert every_stored().keys() == kept


# --- the migrations ----------------------------------------------------------------------

# The migrations that moved the bytes, and those before them.
MOVES = {
    "publishing": ("0002_item_events_append_only", "0003_attachments_in_storage"),
    "applications": ("0011_alter_applicationevent_kind", "0012_files_in_storage"),
    "reports": ("0002_frozen_versions_and_events", "0003_version_files_in_storage"),
}


def _migrate(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migrations_move_existing_rows_bytes_into_the_storage_and_back() -> None:
    office = make_office()
    attachment = attach(office)
    notice = Notice.objects.get(application=registered(office))
    version = ReportVersion.objects.get(report=published_year(office, 2024))
    expected = {
        ("publishing_itemattachment", attachment.pk): {"content": PNG},
        ("applications_notice", notice.pk): {"docx": notice.docx, "pdf": notice.pdf},
        ("reports_reportversion", version.pk): {"html": version.file("html"), "pdf": b""},
    }
    names = {
        ("publishing_itemattachment", attachment.pk): {"file": attachment.file.name},
        ("applications_notice", notice.pk): {
            "docx_file": notice.docx_file.name,
            "pdf_file": notice.pdf_file.name,
        },
        ("reports_reportversion", version.pk): {
            "html_file": version.html_file.name,
            "pdf_file": "",
        },
    }
    try:
        # Backwards: the bytes go back into their columns.
        _migrate([(app, before) for app, (before, _after) in MOVES.items()])
        assert _columns(expected) == expected
        for name in list(every_stored()):
            default_storage.delete(name)

        # Forwards: into the storage again, under the same names, the columns gone.
        _migrate([(app, after) for app, (_before, after) in MOVES.items()])
        assert _columns(names) == names
        stored = every_stored()
        assert stored[attachment.file.name] == PNG
        assert stored[notice.pdf_file.name] == notice.pdf
        assert (
            stored[version.html_file.name]
            == expected[("reports_reportversion", version.pk)]["html"]
        )
    finally:
        _migrate([(app, after) for app, (_before, after) in MOVES.items()])
    # The versions are append-only again after the rebuilds (SQLite drops triggers with them).
    from gongkai.core.append_only import append_only_tables

    assert "reports_reportversion" in append_only_tables()


def _columns(wanted: dict[tuple[str, int], dict[str, Any]]) -> dict[tuple[str, int], dict]:
    found = {}
    with connection.cursor() as cursor:
        for (table, pk), columns in wanted.items():
            cursor.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE id = %s", [pk])
            row = cursor.fetchone()
            found[(table, pk)] = {
                column: bytes(value) if isinstance(value, memoryview | bytes) else value
                for column, value in zip(columns, row, strict=True)
            }
    return found


# --- S3 ----------------------------------------------------------------------------------

BUCKET = "gongkai-test"


@pytest.fixture
def s3(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The default storage in moto's in-memory S3, set up as settings.py does for
    GONGKAI_S3_BUCKET."""
    for variable, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "cn-north-1",
    }.items():
        monkeypatch.setenv(variable, value)
    with mock_aws():
        client = boto3.client("s3", region_name="cn-north-1")
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "cn-north-1"}
        )
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": BUCKET,
                    "region_name": "cn-north-1",
                    "file_overwrite": False,
                    "default_acl": None,
                },
            },
        }
        yield client


def _bucket(client: Any) -> dict[str, bytes]:
    listed = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return {
        entry["Key"]: client.get_object(Bucket=BUCKET, Key=entry["Key"])["Body"].read()
        for entry in listed
    }


def test_with_an_s3_bucket_attachments_and_notices_go_there_and_read_back(
    office: Office, s3: Any
) -> None:
    from storages.backends.s3 import S3Storage

    attachment = attach(office)
    assert isinstance(default_storage._wrapped, S3Storage)
    notice = Notice.objects.get(application=registered(office))

    bucket = _bucket(s3)
    assert bucket[attachment.file.name] == PNG
    assert bucket[notice.pdf_file.name].startswith(b"%PDF")
    assert ItemAttachment.objects.get(pk=attachment.pk).content == PNG
    assert Notice.objects.get(pk=notice.pk).pdf == bucket[notice.pdf_file.name]
    # The same bytes again: still one object.
    attach(office, draft_item(office, title="再一条"))
    assert len([k for k in _bucket(s3) if k.startswith("attachments/")]) == 1
    # Backed up the same way as a local folder: listed through the storage API.
    assert set(stored_files(default_storage)) == set(bucket)


def test_the_orphans_command_lists_and_deletes_only_unreferenced_files(
    office: Office, settings: Any
) -> None:
    kept = attach(office).file.name
    orphan = stored_put("attachments", b"named by no row", extension="bin")

    out = io.StringIO()
    call_command("storage_orphans", "--older-than-hours", "0", stdout=out)
    assert out.getvalue().splitlines() == [orphan, "共 1 个无引用的文件（早于 0 小时）"]
    assert default_storage.exists(orphan)

    call_command("storage_orphans", stdout=io.StringIO())  # a young file is left alone
    assert default_storage.exists(orphan)
    out = io.StringIO()
    call_command("storage_orphans", "--delete", "--older-than-hours", "0", stdout=out)
    assert out.getvalue().splitlines()[-1] == "已删除 1 个无引用的文件（早于 0 小时）"
    assert list(every_stored()) == [kept]


def test_the_orphans_command_never_deletes_a_file_the_platform_did_not_store(
    office: Office,
) -> None:
    # A bucket or folder shared with something else: its files are listed apart, and kept.
    foreign = default_storage.save("exports/2026-年报汇总.xlsx", ContentFile(b"not ours"))
    out = io.StringIO()
    call_command("storage_orphans", "--delete", "--older-than-hours", "0", stdout=out)
    assert f"{foreign}（不是平台存储的文件，未处理）" in out.getvalue().splitlines()
    assert default_storage.exists(foreign)


def test_a_remover_puts_back_a_file_a_row_named_while_it_was_deleting(
    office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The orphan is reused by a new row that commits between the remover's check and its delete
    # (the writer's own check after its commit found the file still there): the remover sees the
    # row after deleting and writes the bytes back.
    name = stored_put("attachments", PNG, extension="png")
    checks = iter([False, True])
    monkeypatch.setattr(store, "_referenced", lambda *_: next(checks))
    assert stored_delete_if_unreferenced(name) is False
    assert stored_read(name) == PNG


# --- settings ----------------------------------------------------------------------------


def test_the_default_storage_is_the_media_folder_unless_a_bucket_is_set() -> None:
    from tests.test_settings import settings_in_a_fresh_process

    local = settings_in_a_fresh_process('s.STORAGES["default"]["BACKEND"]')
    assert local.stdout.strip() == "django.core.files.storage.FileSystemStorage", local.stderr
    s3 = settings_in_a_fresh_process(
        's.STORAGES["default"]',
        GONGKAI_S3_BUCKET="gongkai-files",
        GONGKAI_S3_ENDPOINT_URL="https://s3.example.cn",
        GONGKAI_S3_REGION="cn-north-1",
    )
    assert s3.returncode == 0, s3.stderr
    assert "storages.backends.s3.S3Storage" in s3.stdout
    for part in ("'bucket_name': 'gongkai-files'", "https://s3.example.cn", "cn-north-1"):
        assert part in s3.stdout
