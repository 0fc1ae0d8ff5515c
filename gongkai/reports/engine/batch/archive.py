"""Reading a ZIP of reports with limits, so that a small upload cannot unpack into gigabytes.

Every limit is checked twice: first against the sizes the archive declares (its central
directory), before anything is inflated; then while inflating, because a hand-made archive can
declare one size and unpack into another. A member is never inflated whole into memory before
its size is known to fit.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from gongkai.documents.sizes import human_size

# The limit names, as ArchiveLimitError.limit says which one was passed (the web maps them to
# its translated messages).
MEMBERS = "members"
COMPRESSED = "compressed"
UNPACKED = "unpacked"
DECLARED = "declared"  # a member inflating past the size the archive declares for it

_CHUNK = 64 * 1024
# Names that archivers add beside the files (macOS resource forks, Windows thumbnails).
_JUNK_DIRS = ("__MACOSX/",)
_UTF8_FLAG = 0x800


@dataclass(frozen=True)
class ArchiveLimits:
    members: int = 10_000  # files in the archive (folders are not counted)
    compressed: int = 1024**3  # bytes of the archive's members as stored
    unpacked: int = 2 * 1024**3  # bytes of the members once inflated, all of them together


class ArchiveError(Exception):
    """The file cannot be read as a ZIP archive; the message says why, in Chinese."""


class ArchiveLimitError(ArchiveError):
    """The archive passes one of its limits: ``limit`` names it, ``found`` and ``allowed``
    size it (a count or bytes)."""

    def __init__(self, limit: str, found: int, allowed: int, *, while_inflating: bool = False):
        self.limit, self.found, self.allowed = limit, found, allowed
        self.while_inflating = while_inflating
        super().__init__(_limit_message(limit, found, allowed, while_inflating))


def _limit_message(limit: str, found: int, allowed: int, while_inflating: bool) -> str:
    if limit == MEMBERS:
        return f"压缩包内文件过多：共 {found} 个，上限为 {allowed} 个"
    if limit == DECLARED:
        return (
            f"解压出的内容超过压缩包为该文件声明的大小 {human_size(allowed)}，"
            "压缩包已损坏或被刻意构造，已停止解压"
        )
    if limit == COMPRESSED:
        return f"压缩包过大：压缩后共 {human_size(found)}，上限为 {human_size(allowed)}"
    if while_inflating:
        return (
            f"压缩包解压后超过上限 {human_size(allowed)}（实际解压的内容比压缩包声明的大，"
            "压缩包可能已损坏或被刻意构造），已停止解压"
        )
    return f"压缩包解压后过大：共 {human_size(found)}，上限为 {human_size(allowed)}"


class Archive:
    """An open ZIP whose members are read one at a time, within the limits.

    The declared sizes are checked when it is opened; ``read`` enforces the unpacked limit (the
    total over every member read so far) and each member's declared size while inflating.
    """

    def __init__(self, file: str | BinaryIO, limits: ArchiveLimits | None = None) -> None:
        limits = limits or ArchiveLimits()
        try:
            self._zip = zipfile.ZipFile(file)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise ArchiveError(f"不是有效的 ZIP 压缩包，或压缩包已损坏（{exc}）") from None
        self.limits = limits
        entries = [info for info in self._zip.infolist() if not info.is_dir()]
        self.members = [info for info in entries if _is_report_candidate(info)]
        self._unpacked = 0
        try:
            # Junk entries count too: they are parsed and stored all the same.
            _check_declared(entries, limits)
        except ArchiveLimitError:
            self._zip.close()
            raise

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()

    def read(self, info: zipfile.ZipInfo) -> bytes:
        """The member's bytes; ArchiveLimitError past a limit, ArchiveError if unreadable."""
        declared = info.file_size
        budget = self.limits.unpacked - self._unpacked
        parts: list[bytes] = []
        size = 0
        try:
            with self._zip.open(info) as member:
                while chunk := member.read(_CHUNK):
                    size += len(chunk)
                    if size > budget:
                        found = self._unpacked + size
                        size = budget  # the budget is spent: nothing more is inflated
                        raise ArchiveLimitError(
                            UNPACKED, found, self.limits.unpacked, while_inflating=True
                        )
                    if size > declared:
                        raise ArchiveLimitError(DECLARED, size, declared, while_inflating=True)
                    parts.append(chunk)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
            raise ArchiveError(f"压缩包内的文件已损坏，无法解压（{exc}）") from None
        except RuntimeError as exc:  # zipfile's word for an encrypted member
            raise ArchiveError(f"压缩包内的文件有密码保护，无法解压（{exc}）") from None
        except NotImplementedError as exc:
            raise ArchiveError(f"压缩包内的文件使用了不支持的压缩方式（{exc}）") from None
        finally:
            self._unpacked += size
        return b"".join(parts)


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's path as its author wrote it.

    Archivers on Chinese Windows store names in GBK without the UTF-8 flag, which zipfile then
    decodes as CP437 (mojibake); such a name is decoded again as UTF-8, then GBK.
    """
    if info.flag_bits & _UTF8_FLAG:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    for encoding in ("utf-8", "gbk"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def _is_report_candidate(info: zipfile.ZipInfo) -> bool:
    if info.filename.startswith(_JUNK_DIRS):
        return False
    base = info.filename.rsplit("/", 1)[-1]
    return not base.startswith(".") and base.lower() != "thumbs.db"


def _check_declared(members: list[zipfile.ZipInfo], limits: ArchiveLimits) -> None:
    if len(members) > limits.members:
        raise ArchiveLimitError(MEMBERS, len(members), limits.members)
    compressed = sum(info.compress_size for info in members)
    if compressed > limits.compressed:
        raise ArchiveLimitError(COMPRESSED, compressed, limits.compressed)
    unpacked = sum(info.file_size for info in members)
    if unpacked > limits.unpacked:
        raise ArchiveLimitError(UNPACKED, unpacked, limits.unpacked)
