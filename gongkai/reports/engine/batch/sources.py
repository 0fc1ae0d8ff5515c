"""What the user named — files, folders, ZIP archives, standard input — as one list of reports.

A folder is walked in name order (hidden files skipped); a ``.zip`` that is not an Office
document is an archive of reports, read with limits (archive.py). Nothing is read here but
standard input and the archives' directories: a file is read by whoever checks it, so that a
folder of a thousand reports is not held in memory at once.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from zipfile import ZipInfo

from .archive import Archive, ArchiveError, ArchiveLimits, member_name

STDIN = "-"
STDIN_NAME = "（标准输入）"
ARCHIVE_SUFFIX = ".zip"
_OFFICE_MARK = "[Content_Types].xml"  # the first member of every .docx and .xlsx


@dataclass(frozen=True)
class Source:
    """One file to check: by path, by content already read, or refused with a reason."""

    name: str  # as the user sees it: the path as given, "（标准输入）", "a.zip/2020/x.pdf"
    path: str | None = None  # read by the worker
    data: bytes | None = None  # read already (standard input, a member of an archive)
    problem: str = ""  # why it cannot be read at all, known before reading


@dataclass(frozen=True)
class _Member:
    """A member of an open archive, inflated only when its turn comes."""

    name: str
    archive: Archive
    info: ZipInfo

    def load(self) -> Source:
        try:
            return Source(self.name, data=self.archive.read(self.info))
        except ArchiveError as exc:
            return Source(self.name, problem=str(exc))


Pending = Source | _Member


class Inputs:
    """The reports named on the command line, in order; close() closes the archives."""

    def __init__(self, names: Sequence[str], limits: ArchiveLimits | None = None) -> None:
        self.limits = limits or ArchiveLimits()
        self._archives: list[Archive] = []
        self.pending: list[Pending] = [item for name in names for item in self._expand(name)]

    def __len__(self) -> int:
        return len(self.pending)

    def __enter__(self) -> Inputs:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for archive in self._archives:
            archive.close()

    def loaded(self) -> Iterator[Source]:
        """Each source, an archive's member inflated just before it is handed on."""
        for item in self.pending:
            yield item.load() if isinstance(item, _Member) else item

    def _expand(self, name: str) -> Iterator[Pending]:
        if name == STDIN:
            yield Source(STDIN_NAME, data=sys.stdin.buffer.read())
            return
        path = Path(name)
        if path.is_dir():
            for file in _walk(path):
                yield from self._file(str(file))
        else:
            yield from self._file(name)

    def _file(self, name: str) -> Iterator[Pending]:
        if not name.lower().endswith(ARCHIVE_SUFFIX) or not os.path.isfile(name):
            yield Source(name, path=name)
            return
        try:
            archive = Archive(name, self.limits)
        except ArchiveError as exc:
            yield Source(name, problem=str(exc))
            return
        if any(info.filename == _OFFICE_MARK for info in archive.members):
            archive.close()  # a Word or Excel document that was named .zip: one report
            yield Source(name, path=name)
            return
        self._archives.append(archive)
        for info in archive.members:
            yield _Member(f"{name}/{member_name(info)}", archive, info)


def _walk(folder: Path) -> Iterator[Path]:
    """Every regular file under ``folder``, in name order; hidden files and folders skipped."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "__MACOSX")))
        for file in sorted(files):
            if not file.startswith("."):
                yield Path(root) / file
