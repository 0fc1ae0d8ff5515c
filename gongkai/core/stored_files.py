"""Stored files: the one way content goes into Django's storage (``default_storage``) and back.

Every uploaded or generated file (an item's attachment, an applicant's proof of identity, the
information served, a notice's DOCX and PDF, a report version's HTML/DOCX/PDF and imported
original) is written here under a name made of its content::

    <kind>/<sha256[:2]>/<sha256>.<extension>

and a model keeps only that name, in a ``FileField`` (``file``, ``pdf_file``…), whose value is
never written through the field itself (that would rename on a clash).

Why content addressing, and in which order:

* The file is written **before** the row that names it is saved, so a committed row never names
  a file that is not there.
* The same name always means the same bytes, so a file is never overwritten: writing what is
  already stored is a no-op, and a retried or rolled-back transaction leaves at most a file no row
  names, never a row naming a missing or different file. A crash between the write and the commit
  leaves the same: an orphan, harmless and listed by ``gongkai storage_orphans`` (which can
  remove the ones older than a day).
* Reading checks the bytes against the hash in the name: a file changed in the store raises
  instead of being served.

Removing: one file may be named by several rows (the same scan uploaded with two applications),
so ``stored_release`` deletes a name only once the transaction has committed and no row of any
model names it any more. A writer that found a file stored and a remover of the same name
(a release, the orphans command) could cross, in two ways, and each side closes one: the writer
checks, once its own transaction has committed, that the file is still there, and writes it
again if not (so ``stored_put`` belongs inside the row's transaction); the remover reads the
file before deleting it and, if a row naming it has committed meanwhile, puts it back.

Files are never served by their storage URL: downloads go through the permission-checked views,
which read the bytes here.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db import DEFAULT_DB_ALIAS, models, transaction
from django.utils.translation import gettext as _

from gongkai.core.backup import stored_files
from gongkai.core.errors import DomainError

NAME_MAX_LENGTH = 200
_NAME = re.compile(r"^[a-z0-9_-]+(?:/[a-z0-9_-]+)*/([0-9a-f]{2})/([0-9a-f]{64})\.[a-z0-9]{1,10}$")
_KIND = re.compile(r"^[a-z0-9_-]+(?:/[a-z0-9_-]+)*$")
_EXTENSION = re.compile(r"^[a-z0-9]{1,10}$")


class StoredFileError(DomainError):
    """A stored file that is missing or not what its name says."""


def stored_name(kind: str, data: bytes, extension: str) -> str:
    """The name ``data`` is stored under: its kind, then its SHA-256."""
    extension = extension.lower().lstrip(".") or "bin"
    if not _KIND.match(kind) or not _EXTENSION.match(extension):
        raise ValueError(f"not a stored file kind or extension: {kind!r}, {extension!r}")
    digest = hashlib.sha256(data).hexdigest()
    return f"{kind}/{digest[:2]}/{digest}.{extension}"


def extension_of(filename: str) -> str:
    """The extension a stored name gets from a file's name: its own if plain, else "bin"."""
    suffix = filename.rpartition(".")[2].lower() if "." in filename else ""
    return suffix if _EXTENSION.match(suffix) else "bin"


def stored_put(
    kind: str,
    data: bytes,
    *,
    extension: str = "bin",
    storage: Storage | None = None,
    recheck: bool = True,
) -> str:
    """Store ``data`` (unless the same bytes are stored already) and return the name to keep in
    the row. Call it before saving the row, inside the row's transaction. ``recheck=False`` is
    for migrations: they run while nothing else does, and keeping every file's bytes until the
    commit for the check would hold a whole instance's files in memory."""
    storage = default_storage if storage is None else storage
    name = stored_name(kind, data, extension)
    _write(storage, name, data)
    if recheck:  # after the commit, the file must still be there (see the module's docstring)
        transaction.on_commit(lambda: _write(storage, name, data))
    return name


def stored_read(value: str | models.fields.files.FieldFile | None) -> bytes:
    """The bytes of a stored file (a name or a FileField's value); b"" for no file. Raises
    StoredFileError when the file is missing or its bytes do not match its name."""
    name = getattr(value, "name", value) or ""
    if not name:
        return b""
    storage = getattr(value, "storage", None) or default_storage
    try:
        with storage.open(name, "rb") as stream:
            data = stream.read()
    except FileNotFoundError:
        raise StoredFileError(_("存储的文件 %(name)s 不存在") % {"name": name}) from None
    if (match := _NAME.match(name)) and hashlib.sha256(data).hexdigest() != match[2]:
        raise StoredFileError(_("存储的文件 %(name)s 与其 SHA-256 不符：已被改动") % {"name": name})
    return data


def stored_release(*names: str, using: str = DEFAULT_DB_ALIAS) -> None:
    """Delete these files once the transaction commits, each only if no row names it then."""
    wanted = sorted({name for name in names if name})
    if wanted:
        transaction.on_commit(lambda: _delete_all_unreferenced(wanted, using), using=using)


def stored_delete_if_unreferenced(
    name: str, *, storage: Storage | None = None, using: str = DEFAULT_DB_ALIAS
) -> bool:
    """Delete one stored file unless a row names it; True when it was deleted. A row naming it
    that commits while this runs keeps it (see the module's docstring)."""
    storage = default_storage if storage is None else storage
    if _referenced(name, using):
        return False
    try:
        with storage.open(name, "rb") as stream:
            data = stream.read()
    except FileNotFoundError:
        return False
    storage.delete(name)
    if _referenced(name, using):
        _write(storage, name, data)
        return False
    return True


def is_stored_name(name: str) -> bool:
    """Whether ``name`` is one this module gives (``<kind>/<ab>/<sha256>.<ext>``)."""
    return _NAME.match(name) is not None


def file_fields() -> Iterator[tuple[type[models.Model], models.FileField]]:
    """Every FileField of every installed model: the rows that may name a stored file."""
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        for field in meta.concrete_fields:
            if isinstance(field, models.FileField):
                yield model, field


def referenced_names(*, using: str = DEFAULT_DB_ALIAS) -> set[str]:
    names: set[str] = set()
    for model, field in file_fields():
        rows = model._base_manager.using(using).exclude(**{field.name: ""})
        names.update(rows.values_list(field.name, flat=True).distinct())
    return names


def storage_orphans(
    *,
    storage: Storage | None = None,
    using: str = DEFAULT_DB_ALIAS,
    older_than: timedelta | None = None,
) -> list[str]:
    """The files in the storage no row names, sorted: stored files left by a crash between write
    and commit or by a rolled back transaction, and any other file put there (which
    ``is_stored_name`` tells apart); with ``older_than``, only those last modified longer ago (a
    younger one may belong to a transaction still running)."""
    storage = default_storage if storage is None else storage
    referenced = referenced_names(using=using)
    cutoff = None if older_than is None else datetime.now(UTC) - older_than
    orphans = []
    for name in stored_files(storage):
        if name in referenced:
            continue
        if cutoff is not None and storage.get_modified_time(name) > cutoff:
            continue
        orphans.append(name)
    return orphans


def _write(storage: Storage, name: str, data: bytes) -> None:
    if storage.exists(name):
        return  # the same name is the same bytes: never overwritten
    saved = storage.save(name, ContentFile(data))
    if saved != name:
        # Another writer stored the same bytes in between and the storage gave this copy another
        # name: the first copy stands.
        storage.delete(saved)


def _referenced(name: str, using: str) -> bool:
    return any(
        model._base_manager.using(using).filter(**{field.name: name}).exists()
        for model, field in file_fields()
    )


def _delete_all_unreferenced(names: Iterable[str], using: str) -> None:
    for name in names:
        stored_delete_if_unreferenced(name, using=using)
