"""Fault injection for tests/test_faults.py: a stand-in for the process being killed, a way to make
the Nth call of something fail, and an image of the whole database and of the file storage to
compare before and after a failed operation.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.core.files.storage import default_storage

from gongkai.core.backup import stored_files
from gongkai.core.stored_files import referenced_names


class Killed(BaseException):  # noqa: N818 — it stands for the process, not an error of it
    """The process killed in the middle of an operation (SIGTERM, OOM, a restart).

    A BaseException, like KeyboardInterrupt and SystemExit: it escapes every ``except Exception``
    handler on its way out, as a killed process would run none of them.
    """


@dataclass
class Injected:
    """How often the patched callable was called, and whether the fault went off."""

    calls: int = 0
    fired: bool = False


def fail_on_call(
    monkeypatch: pytest.MonkeyPatch,
    target: Any,
    name: str,
    *,
    call: int = 1,
    after: bool = False,
    error: type[BaseException] = Killed,
    when: Callable[..., bool] | None = None,
) -> Injected:
    """Make ``target.name`` raise ``error`` on its ``call``-th call (counting only the calls that
    ``when(*args, **kwargs)`` accepts, when given); with ``after``, the real call runs first, so
    the failure comes once its work is done (written, sent) but before the caller goes on."""
    original = getattr(target, name)
    injected = Injected()

    def patched(*args: Any, **kwargs: Any) -> Any:
        if when is not None and not when(*args, **kwargs):
            return original(*args, **kwargs)
        injected.calls += 1
        if injected.calls != call:
            return original(*args, **kwargs)
        if after:
            original(*args, **kwargs)
        injected.fired = True
        raise error(f"injected fault: {name}, call {call}{' (after it ran)' if after else ''}")

    monkeypatch.setattr(target, name, patched)
    return injected


def _plain(value: Any) -> Any:
    # PostgreSQL hands binary columns back as memoryview, which compares by identity.
    return bytes(value) if isinstance(value, memoryview) else value


Image = dict[str, list[tuple[Any, ...]]]


def database_image() -> Image:
    """Every row of every table of every installed model (M2M tables too), by model label, each
    row as the tuple of its column values, in primary-key order."""
    image: Image = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        columns = [field.attname for field in meta.concrete_fields]
        rows = model._base_manager.order_by("pk").values_list(*columns)
        image[meta.label] = [tuple(_plain(v) for v in row) for row in rows]
    return image


def image_changes(before: Image, after: Image) -> dict[str, dict[str, list[tuple[Any, ...]]]]:
    """The rows that differ between two images, by model: those only in ``after`` ("added") and
    those only in ``before`` ("lost"; a changed row is both). Empty when nothing changed."""
    changes = {}
    for label in sorted(before.keys() | after.keys()):
        old, new = before.get(label, []), after.get(label, [])
        if old == new:
            continue
        old_set, new_set = set(map(repr, old)), set(map(repr, new))
        changes[label] = {
            "added": [row for row in new if repr(row) not in old_set],
            "lost": [row for row in old if repr(row) not in new_set],
        }
    return changes


def storage_image() -> list[tuple[str, str]]:
    """Every file in the default storage with the SHA-256 of its content, by name."""
    image = []
    for name in stored_files(default_storage):
        with default_storage.open(name, "rb") as stream:
            image.append((name, hashlib.sha256(stream.read()).hexdigest()))
    return image


@dataclass(frozen=True)
class Before:
    """The database and the storage as they were before an operation."""

    database: Image
    storage: list[tuple[str, str]]

    def assert_unchanged(self) -> None:
        """Nothing half-written: every row of every table and every stored file as before. A
        file is written before its row (gongkai.core.stored_files), so an operation that died
        may leave new files, but only ones no row names (orphans), never a changed one."""
        assert image_changes(self.database, database_image()) == {}
        now = storage_image()
        assert set(self.storage) <= set(now)
        assert not {name for name, _digest in now} & referenced_names() - {
            name for name, _digest in self.storage
        }


def before() -> Before:
    return Before(database_image(), storage_image())
