"""``gongkai backup``: the database and every stored file in one archive that proves itself.

The archive (``gongkai-backup-YYYYMMDDTHHMMSSZ.tar.gz``) holds

    database/gongkai.sqlite3  or  database/gongkai.pgdump   the database
    files/<name>                                           every file of the default storage
    manifest.json                                          last: every member with its SHA-256
                                                           and size, the database vendor, the
                                                           migration state, the version, the time

and beside it ``<archive>.sha256`` in sha256sum's format, so ``sha256sum -c`` checks it without
Gongkai. The manifest comes last because it can only be written once every member is hashed; the
side file covers the manifest too.

SQLite is copied through its online backup API and PostgreSQL dumped by ``pg_dump``: both give
a consistent copy while the site keeps running. Files are walked through the storage API, so a
shared (S3-compatible) store is backed up the same way as a local folder.

The archive is written under a hidden temporary name in OUT_DIR and renamed into place only when
it and its side file are complete: an archive under its final name is always whole, and a backup
that fails half way leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import IO, Any

from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.postgresql.client import DatabaseClient
from django.db.migrations.recorder import MigrationRecorder

from gongkai.core.errors import DomainError

FORMAT = 1
MANIFEST = "manifest.json"
FILES_DIR = "files/"
DATABASE_MEMBERS = {"sqlite": "database/gongkai.sqlite3", "postgresql": "database/gongkai.pgdump"}
ARCHIVE_PREFIX = "gongkai-backup-"
ARCHIVE_SUFFIX = ".tar.gz"
CHECKSUM_SUFFIX = ".sha256"
_CHUNK = 1 << 20


class BackupError(DomainError):
    """A backup or restore that cannot be done; the message says why, in Chinese."""


@dataclass(frozen=True)
class Member:
    name: str
    sha256: str
    size: int


@dataclass(frozen=True)
class BackupResult:
    archive: Path
    checksum_file: Path
    manifest: dict[str, Any]

    @property
    def file_count(self) -> int:
        return sum(1 for m in self.manifest["members"] if m["name"].startswith(FILES_DIR))


def backup_create(
    *,
    out_dir: Path,
    using: str = DEFAULT_DB_ALIAS,
    storage: Storage | None = None,
    now: datetime | None = None,
) -> BackupResult:
    """Write the archive and its side file into ``out_dir``; raise BackupError when it cannot."""
    storage = default_storage if storage is None else storage
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in DATABASE_MEMBERS:
        raise BackupError(f"不支持备份 {vendor} 数据库：只支持 SQLite 和 PostgreSQL")
    check_storage_configured(storage)
    if connection.in_atomic_block:
        # pg_dump would not see the transaction's rows, and SQLite's backup API waits for ever
        # on a shared-cache database the same connection is writing to.
        raise BackupError("备份不能在数据库事务中进行：请在事务之外运行")
    if not out_dir.is_dir():
        raise BackupError(f"备份目录 {out_dir} 不存在或不是目录")
    moment = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    stamp = moment.strftime("%Y%m%dT%H%M%SZ")
    final = out_dir / f"{ARCHIVE_PREFIX}{stamp}{ARCHIVE_SUFFIX}"
    checksum_final = final.with_name(final.name + CHECKSUM_SUFFIX)
    if final.exists() or checksum_final.exists():
        # Never replace a backup: it may be the only good one.
        raise BackupError(f"{final} 已存在：同一秒内只能写一份备份，请稍后再试")

    partial = _temporary(out_dir, final.name)
    checksum_partial = partial.with_name(partial.name + CHECKSUM_SUFFIX)
    try:
        with tempfile.TemporaryDirectory(prefix="gongkai-backup-") as work:
            dump = Path(work) / "database"
            _dump_database(connection, dump)
            manifest = _write_archive(
                partial,
                database=(DATABASE_MEMBERS[vendor], dump),
                storage=storage,
                header={
                    "format": FORMAT,
                    "created_at": moment.isoformat().replace("+00:00", "Z"),
                    "gongkai_version": gongkai_version(),
                    "database_vendor": vendor,
                    "migrations": migration_state(connection),
                },
                mtime=int(moment.timestamp()),
            )
        digest = file_sha256(partial)
        checksum_partial.write_text(f"{digest}  {final.name}\n", encoding="utf-8")
        _fsync(checksum_partial)
        # The side file first, the archive last: the archive's final name means "complete".
        os.replace(checksum_partial, checksum_final)
        os.replace(partial, final)
        _fsync_dir(out_dir)
    except BaseException:
        for leftover in (partial, checksum_partial):
            leftover.unlink(missing_ok=True)
        if not final.exists():
            checksum_final.unlink(missing_ok=True)
        raise
    return BackupResult(archive=final, checksum_file=checksum_final, manifest=manifest)


def check_storage_configured(storage: Storage) -> None:
    """A local storage without MEDIA_ROOT stores under the working directory: backing that up
    (or restoring into it) would take or scatter whatever happens to be there, so refuse."""
    if isinstance(storage, FileSystemStorage) and not storage.base_location:
        raise BackupError(
            "未设置 MEDIA_ROOT：默认文件存储指向当前工作目录，无法确定哪些是平台保存的文件；"
            "请先配置 MEDIA_ROOT（或对象存储）"
        )


def stored_files(storage: Storage, path: str = "") -> Iterator[str]:
    """Every file name in ``storage``, depth first and sorted, through listdir only (the one
    walk every storage backend offers)."""
    directories, files = storage_listdir(storage, path)
    for name in sorted(files):
        yield f"{path}{name}"
    for name in sorted(directories):
        yield from stored_files(storage, f"{path}{name}/")


def storage_listdir(storage: Storage, path: str = "") -> tuple[list[str], list[str]]:
    """``storage.listdir``, where a local storage whose folder was never made (no file stored
    yet) is empty rather than an error."""
    try:
        return storage.listdir(path)
    except FileNotFoundError:
        if path:
            raise
        return [], []


def migration_state(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """The latest applied migration of each app. Django's migration names begin with a
    zero-padded number, so the greatest name is the latest (a squash sorts before its successor)."""
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        if name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


def gongkai_version() -> str | None:
    try:
        return metadata.version("gongkai")
    except metadata.PackageNotFoundError:
        return None


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def postgres_command(
    tool: str, settings_dict: dict[str, Any], arguments: list[str]
) -> tuple[list[str], dict[str, str]]:
    """``pg_dump``/``pg_restore`` with the connection of ``settings_dict``, the password and SSL
    options in the environment (as Django's dbshell passes them), never on the command line."""
    if shutil.which(tool) is None:
        raise BackupError(
            f"找不到 {tool}：请安装 PostgreSQL 客户端（Debian：apt-get install postgresql-client）"
        )
    _args, extra = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    env = {**os.environ, **(extra or {})}
    command = [tool, "--no-password"]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            command += [flag, str(settings_dict[key])]
    if settings_dict.get("NAME"):
        command += ["--dbname", str(settings_dict["NAME"])]
    return [*command, *arguments], env


def run_tool(command: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = result.stderr.strip() or f"退出码 {result.returncode}"
        raise BackupError(f"{what}失败（{command[0]}）：{detail}")


def _dump_database(connection: BaseDatabaseWrapper, dest: Path) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        # Django's own connection, not a new one on the file: it also works for an in-memory
        # database, and a page written meanwhile by another connection restarts the copy.
        target = sqlite3.connect(dest)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return
    command, env = postgres_command(
        "pg_dump", connection.settings_dict, ["--format=custom", "--file", str(dest)]
    )
    run_tool(command, env, "数据库导出")


def _write_archive(
    path: Path,
    *,
    database: tuple[str, Path],
    storage: Storage,
    header: dict[str, Any],
    mtime: int,
) -> dict[str, Any]:
    members: list[Member] = []
    with (
        path.open("wb") as raw,
        tarfile.open(fileobj=raw, mode="w:gz", format=tarfile.PAX_FORMAT, compresslevel=6) as tar,
    ):
        name, dump = database
        with dump.open("rb") as stream:
            members.append(_add(tar, name, stream, mtime))
        for stored in stored_files(storage):
            with storage.open(stored, "rb") as stream:
                members.append(_add(tar, FILES_DIR + stored, stream, mtime))
        manifest = {**header, "members": [m.__dict__ for m in members]}
        data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
        _add_bytes(tar, MANIFEST, data, mtime)
    _fsync(path)
    return manifest


def _add(tar: tarfile.TarFile, name: str, stream: IO[bytes], mtime: int) -> Member:
    """Spool the member while hashing it: a storage's file may not tell its size up front."""
    digest = hashlib.sha256()
    with tempfile.SpooledTemporaryFile(max_size=8 * _CHUNK) as spool:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
            spool.write(chunk)
        size = spool.tell()
        spool.seek(0)
        tar.addfile(_info(name, size, mtime), spool)
    return Member(name=name, sha256=digest.hexdigest(), size=size)


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes, mtime: int) -> None:
    with tempfile.SpooledTemporaryFile() as spool:
        spool.write(data)
        spool.seek(0)
        tar.addfile(_info(name, len(data), mtime), spool)


def _info(name: str, size: int, mtime: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, mtime, 0o600
    return info


def _temporary(out_dir: Path, final_name: str) -> Path:
    # mkstemp: mode 600 (the archive holds personal information) and a name no one else has.
    handle, name = tempfile.mkstemp(dir=out_dir, prefix=f".{final_name}.", suffix=".partial")
    os.close(handle)
    return Path(name)


def _fsync(path: Path) -> None:
    with path.open("rb") as stream:
        os.fsync(stream.fileno())


def _fsync_dir(path: Path) -> None:
    """Make the renames durable too (a crash right after must not undo them)."""
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
