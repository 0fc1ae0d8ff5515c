"""Files kept with an application: checked (size), stored in the database with their SHA-256 and
media type, never changed afterwards.

Any kind of file may be the information given (a spreadsheet, a scan, a map); its media type is
recorded, from the content where it is unmistakable (documents.media, the check of the public's
uploads), else from the file name's extension.
"""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Sequence

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files import File
from django.utils.translation import gettext as _

from gongkai.applications.models import ApplicationEvent, ApplicationFile, FilePurpose
from gongkai.core.errors import DomainError
from gongkai.core.stored_files import extension_of, stored_put
from gongkai.documents.media import clean_file_name, human_size, sniff_media_type

__all__ = [
    "check_information_files",
    "file_size_problem",
    "human_size",  # re-exported for the forms and the history
    "information_files_store",
    "media_type_of",
    "upload_name",
]

OCTET_STREAM = "application/octet-stream"


def upload_name(file: File) -> str:
    """The file's own name, without any folder, cut to what the record keeps (extension kept)."""
    return clean_file_name(str(file.name or ""))


def media_type_of(name: str, head: bytes) -> str:
    if sniffed := sniff_media_type(head):
        return sniffed
    guessed, _encoding = mimetypes.guess_type(name, strict=False)
    return guessed or OCTET_STREAM


def file_size_problem(file: File) -> str | None:
    """Why this file cannot be kept (empty, or larger than GONGKAI_UPLOAD_MAX_BYTES), or None."""
    limit = settings.GONGKAI_UPLOAD_MAX_BYTES
    name = upload_name(file)
    if not file.size:
        return _("文件“%(name)s”是空的") % {"name": name}
    if file.size > limit:
        return _("文件“%(name)s”过大（%(size)s），每个文件不得超过 %(limit)s") % {
            "name": name,
            "size": human_size(file.size),
            "limit": human_size(limit),
        }
    return None


def check_information_files(files: Sequence[File]) -> None:
    for file in files:
        if problem := file_size_problem(file):
            raise DomainError(problem, field="files")


def _content(file: File) -> bytes:
    file.seek(0)
    return b"".join(file.chunks())


def information_files_store(
    *, event: ApplicationEvent, files: Sequence[File], uploaded_by: AbstractBaseUser
) -> list[ApplicationFile]:
    """The information given with a reply, kept with the step that served it."""
    stored = []
    for file in files:
        content = _content(file)
        name = upload_name(file)
        stored.append(
            ApplicationFile.objects.create(
                application_id=event.application_id,
                purpose=FilePurpose.INFORMATION,
                event=event,
                name=name,
                media_type=media_type_of(name, content[:16]),
                size=len(content),
                file=stored_put("applications", content, extension=extension_of(name)),
                sha256=hashlib.sha256(content).hexdigest(),
                uploaded_by=uploaded_by,
            )
        )
    return stored
