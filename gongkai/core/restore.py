"""``gongkai restore``: a backup archive (gongkai.core.backup) back into an empty instance.

Everything is checked before anything is written, each refusal naming what is wrong:
1. the archive against the SHA-256 in its side file,
2. every member against the manifest: nothing missing, nothing extra, each size and SHA-256,
   and no name that is not a plain file inside the archive's own layout,
3. the migration state against the code's migrations (a backup from newer code is refused:
   its tables would not match the models),
4. the database vendor against the configured database,
5. the instance is empty — no row in the project's tables (or users), no stored file — unless
   ``force``.
Only then the database (SQLite: its backup API copies the file over the configured database;
PostgreSQL: ``pg_restore --clean --if-exists --no-owner`` in one transaction) and then every file
through the storage API.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import sqlite3
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader

from gongkai.core.backup import (
    CHECKSUM_SUFFIX,
    DATABASE_MEMBERS,
    FILES_DIR,
    FORMAT,
    MANIFEST,
    BackupError,
    check_storage_configured,
    file_sha256,
    postgres_command,
    run_tool,
    storage_listdir,
)

_CHUNK = 1 << 20
# Rows that ``migrate`` itself writes into the project's tables (workdays 0002 seeds the
# statutory holiday calendar): a freshly migrated instance has them and is still empty.
FILLED_BY_MIGRATIONS = frozenset({"workdays.calendarday", "workdays.calendaryear"})


class RestoreFailed(BackupError):
    """The restore began writing and then failed: the instance may be partly restored."""


@dataclass(frozen=True)
class VerifiedArchive:
    manifest: dict[str, Any]
    # Member name → its verified copy in the work folder.
    members: dict[str, Path]


@dataclass(frozen=True)
class RestoreResult:
    manifest: dict[str, Any]
    files: int
    # The code's migrations the backup had not applied yet: run migrate after the restore.
    pending_migrations: list[str]


def archive_check(*, archive: Path) -> RestoreResult:
    """Every check a restore makes of the archive itself; nothing is written to the instance."""
    with tempfile.TemporaryDirectory(prefix="gongkai-restore-") as work:
        verified = archive_verify(archive, Path(work))
    pending = check_migrations(verified.manifest["migrations"])
    return RestoreResult(verified.manifest, _file_count(verified), pending)


def backup_restore(
    *,
    archive: Path,
    using: str = DEFAULT_DB_ALIAS,
    storage: Storage | None = None,
    force: bool = False,
) -> RestoreResult:
    storage = default_storage if storage is None else storage
    connection = connections[using]
    check_storage_configured(storage)
    with tempfile.TemporaryDirectory(prefix="gongkai-restore-") as work:
        verified = archive_verify(archive, Path(work))
        manifest = verified.manifest
        pending = check_migrations(manifest["migrations"])
        vendor = manifest["database_vendor"]
        if vendor != connection.vendor:
            raise BackupError(
                f"备份的数据库是 {vendor}，当前配置的数据库是 {connection.vendor}：不能跨数据库恢复"
            )
        if not force and (contents := instance_contents(using=using, storage=storage)):
            raise BackupError(
                "目标实例不是空的（" + "；".join(contents) + "）：恢复会覆盖这些数据，已拒绝；"
                "确需覆盖请加 --force"
            )
        try:
            _restore_database(connection, verified.members[DATABASE_MEMBERS[vendor]])
            files = _restore_files(storage, verified)
        except BackupError as error:
            raise RestoreFailed(f"{error.message}；实例可能只恢复了一部分") from error
        except Exception as error:
            raise RestoreFailed(f"恢复中途失败（{error}）；实例可能只恢复了一部分") from error
    return RestoreResult(manifest, files, pending)


def archive_verify(archive: Path, work: Path) -> VerifiedArchive:
    """Check the archive and copy out each member while hashing it; raise on the first fault."""
    checksum_file = archive.with_name(archive.name + CHECKSUM_SUFFIX)
    if not archive.is_file():
        raise BackupError(f"找不到备份归档 {archive}")
    if not checksum_file.is_file():
        raise BackupError(f"找不到校验文件 {checksum_file}：无法确认归档完整，拒绝恢复")
    expected = checksum_file.read_text(encoding="utf-8", errors="replace").split()[:1]
    if expected != [file_sha256(archive)]:
        raise BackupError(
            f"归档 {archive.name} 的 SHA-256 与校验文件 {checksum_file.name} 不符："
            "归档已损坏或被改动，拒绝恢复"
        )
    found: dict[str, tuple[Path, str, int]] = {}
    seen: set[str] = set()
    manifest_data = b""
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            for index, info in enumerate(tar):
                _check_member(info, seen=seen)
                seen.add(info.name)
                stream = tar.extractfile(info)
                assert stream is not None  # a regular file, checked above
                if info.name == MANIFEST:
                    manifest_data = stream.read()
                    continue
                path = work / f"{index:08d}"
                found[info.name] = (path, *_copy_hashing(stream, path))
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise BackupError(f"归档 {archive.name} 无法读取（{error}）：已损坏，拒绝恢复") from None
    manifest = _manifest(manifest_data, archive.name)
    listed = {member["name"]: member for member in manifest["members"]}
    for name, member in listed.items():
        if name not in found:
            raise BackupError(f"归档缺少清单所列的成员 {name}，拒绝恢复")
        _path, sha256, size = found[name]
        if size != member["size"]:
            raise BackupError(
                f"成员 {name} 的大小与清单不符（清单 {member['size']} 字节，归档 {size} 字节）："
                "已损坏或被改动，拒绝恢复"
            )
        if sha256 != member["sha256"]:
            raise BackupError(f"成员 {name} 的 SHA-256 与清单不符：已损坏或被改动，拒绝恢复")
    if extra := sorted(found.keys() - listed.keys()):
        raise BackupError(f"成员 {extra[0]} 未列入清单：归档被改动过，拒绝恢复")
    database = DATABASE_MEMBERS.get(manifest["database_vendor"])
    if database not in listed:
        raise BackupError(f"归档中没有数据库（{manifest['database_vendor']}），拒绝恢复")
    return VerifiedArchive(manifest, {name: entry[0] for name, entry in found.items()})


def check_migrations(recorded: dict[str, str]) -> list[str]:
    """Refuse a backup whose migrations the code does not have; the code's later ones."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        # A squashed migration stands for the ones it replaces, even once their files are gone.
        known.update(tuple(key) for key in migration.replaces)
    for app, name in sorted(recorded.items()):
        if (app, name) not in known:
            raise BackupError(
                f"备份的数据库比本程序新：应用 {app} 的迁移 {name} 在本程序中没有；"
                "请先把 Gongkai 升级到做备份时的版本再恢复"
            )
    return sorted(
        f"{app}.{name}"
        for app, name in loader.graph.leaf_nodes()
        if recorded.get(app, "") < name  # numbered names: see backup.migration_state
    )


def instance_contents(*, using: str = DEFAULT_DB_ALIAS, storage: Storage) -> list[str]:
    """What the instance already holds, one phrase each; an empty list for an empty instance
    (a new database, or one that was only migrated)."""
    connection = connections[using]
    tables = set(connection.introspection.table_names())
    user_model = get_user_model()
    held = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        ours = meta.app_config.name.startswith("gongkai.") or model is user_model
        if not ours or meta.proxy or not meta.managed or meta.label_lower in FILLED_BY_MIGRATIONS:
            continue
        if meta.db_table in tables and (count := model._base_manager.using(using).count()):
            held.append(f"{meta.label} 有 {count} 行")
    directories, files = storage_listdir(storage)
    if directories or files:
        held.append(f"文件存储中已有 {len(directories) + len(files)} 个文件或目录")
    return held


def _check_member(info: tarfile.TarInfo, *, seen: set[str]) -> None:
    name = info.name
    parts = PurePosixPath(name).parts
    inside = (
        not name.startswith("/")
        and "\\" not in name
        and all(part not in ("", ".", "..") for part in parts)
        and (
            name == MANIFEST
            or name in DATABASE_MEMBERS.values()
            or (name.startswith(FILES_DIR) and len(parts) > 1)
        )
    )
    if not inside:
        raise BackupError(f"成员 {name} 不属于备份归档的结构，拒绝恢复")
    if not info.isreg():
        raise BackupError(f"成员 {name} 不是普通文件，拒绝恢复")
    if name in seen:
        raise BackupError(f"成员 {name} 在归档中出现了两次，拒绝恢复")


def _copy_hashing(stream: Any, path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("wb") as out:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return digest.hexdigest(), size


def _manifest(data: bytes, archive_name: str) -> dict[str, Any]:
    if not data:
        raise BackupError(f"归档 {archive_name} 中没有清单 {MANIFEST}，拒绝恢复")
    try:
        manifest = json.loads(data)
    except ValueError:
        raise BackupError(f"清单 {MANIFEST} 不是有效的 JSON，拒绝恢复") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise BackupError(f"清单格式 {found!r} 不受支持（本程序读格式 {FORMAT}），拒绝恢复")
    for key, kind in (("members", list), ("migrations", dict), ("database_vendor", str)):
        if not isinstance(manifest.get(key), kind):
            raise BackupError(f"清单缺少或写错了 {key}，拒绝恢复")
    for member in manifest["members"]:
        fields = (("name", str), ("sha256", str), ("size", int))
        if not isinstance(member, dict) or not all(
            isinstance(member.get(key), kind) for key, kind in fields
        ):
            raise BackupError(f"清单中的成员 {member!r} 缺少名称、SHA-256 或大小，拒绝恢复")
    return manifest


def _restore_database(connection: BaseDatabaseWrapper, dump: Path) -> None:
    if connection.vendor == "sqlite":
        source = sqlite3.connect(f"{dump.as_uri()}?mode=ro", uri=True)
        try:
            connection.ensure_connection()
            # Page by page into the configured database, through its own connection: the file
            # is replaced as a whole, with SQLite's locking, never copied over by the filesystem.
            source.backup(connection.connection)
        finally:
            source.close()
        return
    # pg_restore's own connection drops and recreates the tables; ours must not hold them.
    connection.close()
    command, env = postgres_command(
        "pg_restore",
        connection.settings_dict,
        # One transaction: a restore that fails leaves the database as it was. No owners or
        # grants: the roles of the backed-up server need not exist on this one.
        ["--clean", "--if-exists", "--no-owner", "--no-acl", "--single-transaction", str(dump)],
    )
    run_tool(command, env, "数据库恢复")


def _restore_files(storage: Storage, verified: VerifiedArchive) -> int:
    count = 0
    for member, path in sorted(verified.members.items()):
        if not member.startswith(FILES_DIR):
            continue
        name = member.removeprefix(FILES_DIR)
        if storage.exists(name):
            storage.delete(name)  # only with --force: the backup's copy wins
        with path.open("rb") as stream:
            saved = storage.save(name, File(stream, name=name))
        if saved != name:
            raise BackupError(f"文件 {name} 被存储改名为 {saved}，未按原名恢复")
        count += 1
    return count


def _file_count(verified: VerifiedArchive) -> int:
    return sum(1 for name in verified.members if name.startswith(FILES_DIR))
