"""Opening files that strangers send, within limits set before the work starts.

Two defences, for every reader of uploads (the report checker, the ledger and register imports,
item attachments):

- ``check_package`` reads the central directory of a ZIP-based office file (DOCX, XLSX) and
  refuses it when its parts would unpack past a limit. It is enough to check the declared sizes:
  Python's zipfile, which python-docx and openpyxl read through, never inflates a member past its
  declared size (it truncates, and the CRC check then fails).
- ``run_bounded`` runs a parse in a child process with a memory limit (RLIMIT_AS) and a time
  limit, killed when it passes either, so that no upload holds a web worker past its limit. The
  children are forked from multiprocessing's fork server, a small single-threaded process: a
  fork of a threaded web worker could copy a lock another thread holds (PDFium's, logging's)
  and hang.

No Django here: the report engine (which imports no Django) reads through it too.
"""

from __future__ import annotations

import multiprocessing
import resource
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from gongkai.documents.sizes import human_size


class LimitError(Exception):
    """The file passes a limit; the message names it, in Chinese. ``limit`` is its key."""

    def __init__(self, limit: str, message: str) -> None:
        self.limit = limit
        super().__init__(message)

    def __reduce__(self):  # it crosses from run_bounded's child to the parent
        return LimitError, (self.limit, str(self))


@dataclass(frozen=True)
class PackageLimits:
    parts: int = 2_000  # files inside the package; a report's DOCX has a few dozen
    part: int = 32 * 1024**2  # one part unpacked (a sheet's XML, the document's XML, an image)
    unpacked: int = 128 * 1024**2  # every part together


PACKAGE_LIMITS = PackageLimits()


def check_package(data: bytes, kind: str, limits: PackageLimits = PACKAGE_LIMITS) -> None:
    """Refuse an office file (`kind` names it: "Word 文件") whose parts unpack past a limit.

    A file that is not a ZIP at all is left to its reader, which says so in its own words.
    """
    try:
        with zipfile.ZipFile(BytesIO(data)) as package:
            members = package.infolist()
    except Exception:  # noqa: BLE001 — not a ZIP it can read (damaged, an unknown version…)
        return
    if len(members) > limits.parts:
        raise LimitError(
            "parts", f"{kind}内含 {len(members)} 个部件，超过 {limits.parts} 个的上限，不予读取"
        )
    total = 0
    for member in members:
        if member.file_size > limits.part:
            raise LimitError(
                "part",
                f"{kind}的部件“{member.filename}”解压后有 {human_size(member.file_size)}，"
                f"超过单个部件 {human_size(limits.part)} 的上限，不予读取",
            )
        total += member.file_size
    if total > limits.unpacked:
        raise LimitError(
            "unpacked",
            f"{kind}解压后共 {human_size(total)}，"
            f"超过 {human_size(limits.unpacked)} 的上限，不予读取",
        )


@dataclass(frozen=True)
class RunLimits:
    seconds: float = 20.0  # wall time of one parse; a real report reads in well under a second
    memory: int = 1024 * 1024**2  # address space of the child (Python and the C libraries)


RUN_LIMITS = RunLimits()
# Modules the fork server imports once, so that a child starts with them loaded (an import in
# each child would cost more than the parse of a small file). Each reader of uploads names its
# own (``preload``) when it is imported, before the first parse starts the server.
_PRELOAD: list[str] = []
_context: Any = None


def preload(*modules: str) -> None:
    """Have the fork server import `modules` (names) before it forks its first child."""
    _PRELOAD.extend(module for module in modules if module not in _PRELOAD)


def _fork_server() -> Any:
    global _context
    if _context is None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_PRELOAD)
        _context = context
    return _context


def start() -> None:
    """Start the fork server now rather than on the first upload (a web worker calls it when it
    boots: the server's imports take about a second, which a first upload would otherwise wait
    for, and which would compete with the pages being served). Call it after the readers have
    named their modules (``preload``)."""
    _fork_server()
    from multiprocessing import forkserver

    forkserver.ensure_running()


def _child(connection, limits: RunLimits, func: Callable, args: tuple, kwargs: dict) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory, limits.memory))
    try:
        outcome = ("ok", func(*args, **kwargs))
    except MemoryError:
        outcome = ("memory", None)
    except BaseException as error:  # handed to the parent, which raises it there
        outcome = ("error", error)
    try:
        connection.send(outcome)
    except Exception as error:  # an exception or result that does not pickle
        connection.send(("error", RuntimeError(f"{type(error).__name__}: {error}")))
    connection.close()


def run_bounded(func: Callable, *args: Any, limits: RunLimits = RUN_LIMITS, **kwargs: Any) -> Any:
    """``func(*args, **kwargs)`` in a child process within `limits`; what it returns or raises.

    `func` and its arguments must pickle (a module-level function). LimitError when the child
    passes the time or memory limit, or dies (a C library that aborts on a failed allocation).
    """
    context = _fork_server()
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, limits, func, args, kwargs), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(limits.seconds):
            raise LimitError(
                "seconds", f"文件在 {limits.seconds:g} 秒内未能读完，已停止读取（文件过于复杂）"
            )
        status, value = receiver.recv()
    except EOFError:  # the child died without a word
        status, value = "died", None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    if status == "ok":
        return value
    if status == "error":
        raise value
    if status == "died":  # a C library that aborts on a failed allocation, or crashes
        raise LimitError(
            "died",
            f"读取文件时超出内存上限（{human_size(limits.memory)}）或遇到无法处理的内容，已停止读取",
        )
    raise LimitError(
        "memory",
        f"读取文件所需内存超过 {human_size(limits.memory)} 的上限，已停止读取（文件过于复杂）",
    )
