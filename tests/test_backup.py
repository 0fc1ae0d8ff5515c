"""``gongkai backup`` and ``gongkai restore``: a populated instance comes back row for row and
file for file, byte for byte; a damaged or newer archive and a non-empty instance are refused
before anything is written; a backup interrupted half way leaves nothing under its name.

The instance is the demo (agencies in a tree, users in every role, applications with their
events and notices, published items with DOCX and PDF attachments, reports) with the files
those rows name in the default storage (gongkai.core.stored_files), plus a few more files there,
built once for the module with its data committed: pg_dump sees only committed rows. The module
puts the migrated data back at its end, as serialized_rollback would.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import subprocess
import tarfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder
from django.test import override_settings

from gongkai.agencies.models import Agency
from gongkai.applications.models import Application, Notice
from gongkai.core import backup as backup_module
from gongkai.core.backup import BackupError, BackupResult, backup_create, stored_files
from gongkai.core.restore import archive_check, backup_restore, instance_contents
from gongkai.core.stored_files import file_fields, stored_read
from gongkai.publishing.models import Item, ItemAttachment
from tests.applications.test_demo import run_demo

SCRATCH = "restored"


@dataclass(frozen=True)
class Instance:
    media: Path
    files: dict[str, bytes]


@pytest.fixture(autouse=True)
def _isolated_storage() -> None:
    """The module's instance has its own storage folder (conftest's per-test one would hide it)."""


@pytest.fixture(scope="module")
def instance(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Instance]:
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media)):
        migrated = connection.creation.serialize_db_to_string()
        try:
            run_demo()
            yield Instance(media=media, files=_store_files())
        finally:
            call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
            connection.creation.deserialize_db_from_string(migrated)
            ContentType.objects.clear_cache()


def _store_files() -> dict[str, bytes]:
    """What the storage holds: the demo's attachments, notices, applicants' files and report
    files (stored by the services, under their SHA-256), and a few files more — with Chinese
    names, nested folders, an empty file and every byte value."""
    extra = {
        "uploads/identity/申请人身份证明.jpg": bytes(range(256)) * 40,
        "uploads/empty.txt": b"",
    }
    for name, content in extra.items():
        assert default_storage.save(name, ContentFile(content)) == name
    files = stored(default_storage)
    named = {name: stored_read(name) for name in named_files("default")}
    # Every row's file is in the storage, and real ones of each kind are among them.
    assert named and named.items() <= files.items()
    for prefix in ("attachments/", "notices/", "reports/"):
        assert any(name.startswith(prefix) for name in named), prefix
    assert ItemAttachment.objects.exists() and Notice.objects.exclude(pdf_file="").exists()
    return files


def named_files(using: str) -> set[str]:
    """Every file a row of the database names (any model's FileField)."""
    names: set[str] = set()
    for model, field in file_fields():
        rows = model._base_manager.using(using).exclude(**{field.name: ""})
        names.update(rows.values_list(field.name, flat=True))
    return names


@pytest.fixture(scope="module")
def backup(instance: Instance, tmp_path_factory: pytest.TempPathFactory) -> BackupResult:
    return backup_create(out_dir=tmp_path_factory.mktemp("backups"))


@pytest.fixture
def archive(backup: BackupResult) -> Path:
    """The module's archive. Its tests run outside a test transaction (the module's fixture
    opened the database for them): a backup inside one would not see committed rows only."""
    return backup.archive


# --- the archive -------------------------------------------------------------------------


def test_the_archive_is_named_by_its_time_and_sha256sum_checks_its_side_file(
    backup: BackupResult,
) -> None:
    assert re.fullmatch(r"gongkai-backup-\d{8}T\d{6}Z\.tar\.gz", backup.archive.name)
    assert backup.checksum_file.name == backup.archive.name + ".sha256"
    assert sorted(p.name for p in backup.archive.parent.iterdir()) == sorted(
        [backup.archive.name, backup.checksum_file.name]
    )
    if shutil.which("sha256sum"):
        checked = subprocess.run(
            ["sha256sum", "-c", backup.checksum_file.name],
            cwd=backup.archive.parent,
            capture_output=True,
            text=True,
        )
        assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_manifest_lists_every_member_with_its_sha256_the_vendor_migrations_and_version(
    backup: BackupResult, instance: Instance
) -> None:
    with tarfile.open(backup.archive) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())
        contents = {name: tar.extractfile(name).read() for name in names if name != "manifest.json"}

    assert names[-1] == "manifest.json"
    assert manifest == backup.manifest
    listed = {m["name"]: m for m in manifest["members"]}
    assert set(listed) == set(contents)
    for name, data in contents.items():
        assert listed[name] == {
            "name": name,
            "sha256": hashlib.sha256(data).hexdigest(),
            "size": len(data),
        }
    database = {"sqlite": "database/gongkai.sqlite3", "postgresql": "database/gongkai.pgdump"}
    assert database[connection.vendor] in listed
    assert {f"files/{name}": data for name, data in instance.files.items()} == {
        name: data for name, data in contents.items() if name.startswith("files/")
    }
    assert manifest["database_vendor"] == connection.vendor
    applied = MigrationRecorder(connection).applied_migrations()
    assert manifest["migrations"]["applications"] == max(
        name for app, name in applied if app == "applications"
    )
    assert set(manifest["migrations"]) == {app for app, _ in applied}
    assert manifest["gongkai_version"]
    created = datetime.fromisoformat(manifest["created_at"])
    assert abs((datetime.now(UTC) - created).total_seconds()) < 3600


def test_the_command_writes_the_archive_and_says_where(instance: Instance, tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("backup", str(tmp_path), stdout=out)

    (archive,) = tmp_path.glob("gongkai-backup-*.tar.gz")
    assert f"已写入备份：{archive}" in out.getvalue()
    assert f"文件 {len(instance.files)} 个" in out.getvalue()
    assert (tmp_path / f"{archive.name}.sha256").is_file()


def test_a_missing_out_dir_is_an_error_naming_it(instance: Instance, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="备份目录 .*missing 不存在"):
        call_command("backup", str(tmp_path / "missing"))


def test_a_local_storage_without_media_root_is_refused_not_walked(
    db: None, tmp_path: Path, settings: Any
) -> None:
    # Else the working directory (the checkout, .venv and all) would be "the stored files".
    settings.MEDIA_ROOT = ""
    with pytest.raises(BackupError, match="未设置 MEDIA_ROOT"):
        backup_create(out_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_backup_inside_a_database_transaction_is_refused(
    db: None, tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    with pytest.raises(BackupError, match="不能在数据库事务中"):
        backup_create(out_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []


# --- an interrupted backup ---------------------------------------------------------------


def test_a_backup_that_fails_half_way_through_the_files_leaves_nothing_in_out_dir(
    instance: Instance, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    walk = stored_files

    def failing_walk(storage: Any, path: str = "") -> Iterator[str]:
        for count, name in enumerate(walk(storage, path)):
            if count == 3:
                raise OSError("磁盘已满（测试注入）")
            yield name

    monkeypatch.setattr(backup_module, "stored_files", failing_walk)
    with pytest.raises(OSError, match="测试注入"):
        backup_create(out_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_backup_that_fails_at_the_final_rename_leaves_nothing_either(
    instance: Instance, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    replace = backup_module.os.replace

    def failing_replace(source: Any, target: Any) -> None:
        if str(target).endswith(".tar.gz"):
            raise OSError("进程被终止（测试注入）")
        replace(source, target)

    monkeypatch.setattr(backup_module.os, "replace", failing_replace)
    with pytest.raises(OSError, match="测试注入"):
        backup_create(out_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []


# --- restore: the round trip -------------------------------------------------------------


@contextmanager
def scratch_instance(tmp_path: Path) -> Iterator[tuple[str, FileSystemStorage]]:
    """A second, empty instance: a new database (a file in tmp_path, or a new PostgreSQL
    database made and dropped here) under the alias SCRATCH, and an empty storage folder."""
    settings_dict = {**connection.settings_dict}
    if connection.vendor == "postgresql":
        name = f"gk_restore_{uuid.uuid4().hex[:12]}"
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        settings_dict["NAME"] = name
    else:
        settings_dict["NAME"] = str(tmp_path / "restored.sqlite3")
    connections.settings[SCRATCH] = settings_dict
    storage = FileSystemStorage(location=tmp_path / "restored-media")
    try:
        yield SCRATCH, storage
    finally:
        connections[SCRATCH].close()
        del connections[SCRATCH]
        del connections.settings[SCRATCH]
        if connection.vendor == "postgresql":
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def every_row(using: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every model (many-to-many tables too), as value tuples ordered by pk."""
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = [field.attname for field in model._meta.concrete_fields]
        values = model._base_manager.using(using).order_by("pk").values_list(*fields)
        rows[model._meta.label] = [tuple(map(_plain, row)) for row in values]
    return rows


def every_table(using: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every table, models' or not (the FTS index, the append-only lift table, the cache)."""
    database = connections[using]
    tables = {}
    with database.cursor() as cursor:
        for table in database.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {database.ops.quote_name(table)}")
            tables[table] = sorted((tuple(map(_plain, row)) for row in cursor.fetchall()), key=repr)
    return tables


def _plain(value: Any) -> Any:
    return bytes(value) if isinstance(value, memoryview) else value


def stored(storage: Any) -> dict[str, bytes]:
    files = {}
    for name in stored_files(storage):
        with storage.open(name, "rb") as stream:
            files[name] = stream.read()
    return files


def assert_same_instance(scratch: str, storage: FileSystemStorage, instance: Instance) -> None:
    source, restored = every_row("default"), every_row(scratch)
    assert source.keys() == restored.keys()
    for label in source:
        assert restored[label] == source[label], label
    # The comparison is over a real instance, not an empty one.
    assert len(source["applications.Application"]) == Application.objects.count() > 10
    assert any(row for row in Agency.objects.exclude(parent=None))
    assert ItemAttachment.objects.exists() and Item.objects.exists() and Notice.objects.exists()
    assert every_table(scratch) == every_table("default")
    # Every stored file back byte for byte, and each file a restored row names among them, its
    # bytes those of its SHA-256.
    restored_files = stored(storage)
    assert restored_files == stored(default_storage) == instance.files
    restored_names = named_files(scratch)
    assert restored_names == named_files("default") and restored_names <= restored_files.keys()
    for name in restored_names:
        assert hashlib.sha256(restored_files[name]).hexdigest() in name


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite round trip")
def test_sqlite_a_restore_into_a_new_database_file_brings_back_every_row_and_file(
    instance: Instance, archive: Path, tmp_path: Path
) -> None:
    with scratch_instance(tmp_path) as (scratch, storage):
        result = backup_restore(archive=archive, using=scratch, storage=storage)

        assert result.files == len(instance.files) and result.pending_migrations == []
        assert_same_instance(scratch, storage, instance)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL round trip")
def test_postgresql_a_restore_into_a_new_database_brings_back_every_row_and_file(
    instance: Instance, archive: Path, tmp_path: Path
) -> None:
    with scratch_instance(tmp_path) as (scratch, storage):
        result = backup_restore(archive=archive, using=scratch, storage=storage)

        assert result.files == len(instance.files) and result.pending_migrations == []
        assert_same_instance(scratch, storage, instance)
        # The sequences came back too: a new row does not collide with a restored one.
        agency = Agency.objects.using(scratch).get(code="hlj")
        child = Agency.objects.using(scratch).create(
            code="new-after-restore", name="新", parent=agency
        )
        assert child.pk > max(Agency.objects.values_list("pk", flat=True))


def test_a_freshly_migrated_instance_counts_as_empty_and_takes_the_restore(
    instance: Instance, archive: Path, tmp_path: Path
) -> None:
    with scratch_instance(tmp_path) as (scratch, storage):
        call_command("migrate", database=scratch, verbosity=0)
        assert instance_contents(using=scratch, storage=storage) == []

        backup_restore(archive=archive, using=scratch, storage=storage)

        assert Application.objects.using(scratch).count() == Application.objects.count()
        assert stored(storage) == instance.files


# --- restore: refusals -------------------------------------------------------------------


def test_a_restore_into_a_non_empty_instance_is_refused_and_points_to_force(
    instance: Instance, archive: Path
) -> None:
    with pytest.raises(BackupError) as refused:
        backup_restore(archive=archive)

    assert "目标实例不是空的" in refused.value.message
    assert "applications.Application 有" in refused.value.message
    assert "文件存储中已有" in refused.value.message
    assert "--force" in refused.value.message


def test_a_non_empty_storage_alone_makes_the_instance_non_empty(
    instance: Instance, archive: Path, tmp_path: Path
) -> None:
    with scratch_instance(tmp_path) as (scratch, storage):
        storage.save("left-over.txt", ContentFile(b"x"))
        with pytest.raises(BackupError, match="文件存储中已有 1 个.*--force"):
            backup_restore(archive=archive, using=scratch, storage=storage)
        assert connections[scratch].introspection.table_names() == []


def test_the_restore_command_refuses_a_non_empty_instance_with_exit_code_1(
    instance: Instance, archive: Path
) -> None:
    with pytest.raises(CommandError, match="未恢复：目标实例不是空的.*--force") as refused:
        call_command("restore", str(archive))
    assert refused.value.returncode == 1


def test_the_restore_command_checks_an_archive_without_writing(
    instance: Instance, archive: Path
) -> None:
    out = io.StringIO()
    call_command("restore", str(archive), "--check", stdout=out)
    assert f"归档完好：{archive}" in out.getvalue()
    assert f"{len(instance.files)} 个文件" in out.getvalue()


def repack(
    archive: Path,
    folder: Path,
    change: Callable[[str, bytes], bytes] = lambda name, data: data,
    extra: dict[str, bytes] | None = None,
) -> Path:
    """A copy of ``archive`` with members changed, and a side file that matches the copy (as
    if the damage happened before the checksum was taken)."""
    folder.mkdir(exist_ok=True)
    copy = folder / archive.name
    with tarfile.open(archive) as source, tarfile.open(copy, "w:gz") as target:
        for info in source:
            data = change(info.name, source.extractfile(info).read())
            info.size = len(data)
            target.addfile(info, io.BytesIO(data))
        for name, data in (extra or {}).items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            target.addfile(info, io.BytesIO(data))
    digest = hashlib.sha256(copy.read_bytes()).hexdigest()
    (folder / f"{copy.name}.sha256").write_text(f"{digest}  {copy.name}\n")
    return copy


def assert_refused_writing_nothing(archive: Path, tmp_path: Path, message: str) -> None:
    """Refused even with --force, and neither the database nor the storage was touched."""
    storage = FileSystemStorage(location=tmp_path / "untouched")
    before = Application.objects.count()
    with pytest.raises(BackupError, match=message):
        backup_restore(archive=archive, storage=storage, force=True)
    assert Application.objects.count() == before
    assert not (tmp_path / "untouched").exists()


def test_one_changed_byte_in_a_member_is_refused_naming_the_member(
    instance: Instance, archive: Path, tmp_path: Path
) -> None:
    member = "files/uploads/identity/申请人身份证明.jpg"

    def flip(name: str, data: bytes) -> bytes:
        return data[:100] + bytes([data[100] ^ 1]) + data[101:] if name == member else data

    tampered = repack(archive, tmp_path / "tampered", flip)
    assert_refused_writing_nothing(tampered, tmp_path, f"成员 {member} 的 SHA-256 与清单不符")


def test_one_changed_byte_in_the_database_dump_is_refused_naming_it(
    instance: Instance, archive: Path, tmp_path: Path
) -> None:
    def flip(name: str, data: bytes) -> bytes:
        return data[:-1] + bytes([data[-1] ^ 1]) if name.startswith("database/") else data

    tampered = repack(archive, tmp_path / "tampered", flip)
    assert_refused_writing_nothing(tampered, tmp_path, "成员 database/gongkai\\..* 的 SHA-256")


def test_an_archive_that_does_not_match_its_side_file_is_refused(
    instance: Instance, archive: Path, tmp_path: Path
) -> None:
    copy = tmp_path / archive.name
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 1
    copy.write_bytes(bytes(data))
    shutil.copy(f"{archive}.sha256", f"{copy}.sha256")
    assert_refused_writing_nothing(copy, tmp_path, f"归档 {archive.name} 的 SHA-256 与校验文件")


def test_an_archive_without_its_side_file_is_refused(
    instance: Instance, archive: Path, tmp_path: Path
) -> None:
    copy = tmp_path / archive.name
    shutil.copy(archive, copy)
    assert_refused_writing_nothing(copy, tmp_path, "找不到校验文件")


def test_a_member_missing_from_the_manifest_or_outside_the_layout_is_refused(
    instance: Instance, archive: Path, tmp_path: Path
) -> None:
    extra = repack(archive, tmp_path / "extra", extra={"files/slipped-in.txt": b"x"})
    assert_refused_writing_nothing(extra, tmp_path, "成员 files/slipped-in.txt 未列入清单")
    climbing = repack(archive, tmp_path / "climbing", extra={"files/../../etc/cron.d/x": b"x"})
    assert_refused_writing_nothing(climbing, tmp_path, "不属于备份归档的结构")


def test_a_member_the_manifest_lists_but_the_archive_lacks_is_refused(
    instance: Instance, archive: Path, tmp_path: Path
) -> None:
    def list_more(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["members"].append({"name": "files/lost.pdf", "sha256": "0" * 64, "size": 1})
        return json.dumps(manifest).encode()

    missing = repack(archive, tmp_path / "missing", list_more)
    assert_refused_writing_nothing(missing, tmp_path, "归档缺少清单所列的成员 files/lost.pdf")


def test_a_backup_from_newer_code_is_refused_naming_the_app_and_migration(
    instance: Instance, archive: Path, tmp_path: Path
) -> None:
    def from_the_future(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["migrations"]["applications"] = "9999_from_the_future"
        return json.dumps(manifest).encode()

    newer = repack(archive, tmp_path / "newer", from_the_future)
    assert_refused_writing_nothing(
        newer, tmp_path, "应用 applications 的迁移 9999_from_the_future 在本程序中没有"
    )
    with pytest.raises(BackupError, match="9999_from_the_future"):
        archive_check(archive=newer)


def test_a_backup_from_older_code_is_restorable_and_asks_for_migrate(
    instance: Instance, archive: Path, tmp_path: Path
) -> None:
    def older(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["migrations"]["applications"] = "0001_initial"
        return json.dumps(manifest).encode()

    result = archive_check(archive=repack(archive, tmp_path / "older", older))
    assert any(name.startswith("applications.") for name in result.pending_migrations)
