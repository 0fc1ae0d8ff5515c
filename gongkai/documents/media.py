"""What a file is, by its content: the few media types accepted from the public, and the check
of an uploaded file against them and a size limit.

The name and the browser's declared type of an upload are the sender's word; the first bytes are
the file's. Only the signatures below are recognised, so a renamed program or web page is never
taken for a scan.
"""

from __future__ import annotations

import hashlib
import io
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext

from gongkai.documents.sizes import human_size

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_ZIP = b"PK\x03\x04"
# The part each Office format must hold: a ZIP with it is that format (a renamed archive is not).
_OFFICE_PARTS = (("word/document.xml", DOCX), ("xl/workbook.xml", XLSX))

# (signature, media type): the opening bytes each format's specification fixes.
_SIGNATURES = (
    (b"%PDF-", PDF),
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
)
_LONGEST = max(len(signature) for signature, _ in _SIGNATURES)
# How each type is named to the user, and the extension a stored name gets if it has none.
TYPE_NAMES = {PDF: "PDF", JPEG: "JPEG", PNG: "PNG", DOCX: "DOCX", XLSX: "XLSX"}
_EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png", DOCX: ".docx", XLSX: ".xlsx"}
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
NAME_MAX_CHARS = 200


def sniff_media_type(head: bytes) -> str | None:
    """The media type the opening bytes show: PDF, JPEG or PNG, else None."""
    for signature, media_type in _SIGNATURES:
        if head.startswith(signature):
            return media_type
    return None


def office_media_type(content: bytes) -> str | None:
    """DOCX or XLSX when the content is a ZIP holding that format's main part, else None. Only
    the archive's directory is read, never a member's content."""
    if not content.startswith(_ZIP):
        return None
    try:
        names = set(zipfile.ZipFile(io.BytesIO(content)).namelist())
    except Exception:  # noqa: BLE001 — zipfile raises many kinds on a crafted archive: not Office
        return None
    for part, media_type in _OFFICE_PARTS:
        if part in names:
            return media_type
    return None


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed the check: its content read once, its type taken from the content."""

    name: str
    media_type: str
    content: bytes
    sha256: str

    @property
    def size(self) -> int:
        return len(self.content)


def applicant_upload_max_bytes() -> int:
    return int(getattr(settings, "GONGKAI_APPLICANT_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def check_upload(
    upload: UploadedFile,
    *,
    label: str,
    allowed: Iterable[str] = (PDF, JPEG, PNG),
    max_bytes: int | None = None,
) -> CheckedFile:
    """The upload, read and checked; a ValidationError naming ``label`` when it is refused.

    Refused: an empty file, one larger than ``max_bytes`` (by default the applicant limit from
    settings), and one whose content is not of an ``allowed`` type, whatever its name says.
    """
    allowed = tuple(allowed)
    limit = applicant_upload_max_bytes() if max_bytes is None else max_bytes
    name = clean_file_name(upload.name or "")
    shown = {"label": label, "name": name}
    if upload.size is not None and upload.size > limit:
        raise _too_large(shown, limit)
    upload.seek(0)
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise _too_large(shown, limit)
    if not content:
        raise ValidationError(
            gettext("%(label)s：文件“%(name)s”是空的，请重新选择文件") % shown, code="empty"
        )
    media_type = sniff_media_type(content[:_LONGEST])
    if media_type is None and {DOCX, XLSX} & set(allowed):
        media_type = office_media_type(content)
    if media_type not in allowed:
        kinds = "、".join(TYPE_NAMES.get(t, t) for t in allowed)
        raise ValidationError(
            gettext(
                "%(label)s：文件“%(name)s”不是 %(kinds)s 文件（按文件内容判断），请重新选择文件"
            )
            % {**shown, "kinds": kinds},
            code="media_type",
        )
    return CheckedFile(
        name=_with_extension(name, media_type),
        media_type=media_type,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
    )


def _too_large(shown: dict[str, str], limit: int) -> ValidationError:
    return ValidationError(
        gettext("%(label)s：文件“%(name)s”超过 %(limit)s，请压缩或换一个较小的文件后重新选择")
        % {**shown, "limit": human_size(limit)},
        code="too_large",
    )


def clean_file_name(name: str) -> str:
    """The last part of a sent file name, without control characters, at most 200 characters
    (the extension kept); "附件" when nothing is left."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip().strip(".")
    if len(name) > NAME_MAX_CHARS:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            name = stem[: NAME_MAX_CHARS - len(extension) - 1] + "." + extension
        else:
            name = name[:NAME_MAX_CHARS]
    return name or gettext("附件")


def _with_extension(name: str, media_type: str) -> str:
    """The name, ending in its type's extension when it has no extension of that type."""
    extension = _EXTENSIONS[media_type]
    lower = name.lower()
    if lower.endswith(extension) or (media_type == JPEG and lower.endswith(".jpeg")):
        return name
    return name[: NAME_MAX_CHARS - len(extension)] + extension
