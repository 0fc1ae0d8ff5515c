"""Attachments of an item: PDF, DOCX, XLSX and images, checked by their content and size, with
their text read once at upload for the personal-information scan and for search.

Reading is bounded (pages, rows, characters) so that a large file costs a bounded time, and runs
in a child process with a memory and time limit; a file that cannot be read is refused with its
name, never stored with an empty text by accident.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from gongkai.documents.media import DOCX, JPEG, PDF, PNG, XLSX, CheckedFile, check_upload
from gongkai.documents.untrusted import LimitError, check_package, preload, run_bounded

ALLOWED = (PDF, DOCX, XLSX, JPEG, PNG)
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# Bounds of the text read: enough for search and the scan of any ordinary document.
MAX_PAGES = 300
MAX_ROWS = 20_000
MAX_CHARS = 2_000_000
preload(__name__, "pdfplumber", "docx", "openpyxl")


def attachment_max_bytes() -> int:
    return int(getattr(settings, "GONGKAI_ITEM_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def check_attachment(upload: UploadedFile) -> tuple[CheckedFile, str]:
    """The checked file and its text; a ValidationError naming the file when it is refused."""
    checked = check_upload(
        upload, label=_("附件"), allowed=ALLOWED, max_bytes=attachment_max_bytes()
    )
    try:
        text = _bounded_text(checked)
    except LimitError as error:
        raise ValidationError(
            _("附件“%(name)s”：%(error)s") % {"name": checked.name, "error": error},
            code="limit",
        ) from None
    except Exception as error:  # any parser's own error: the file is damaged or not what it says
        raise ValidationError(
            _("附件：无法读取文件“%(name)s”（%(error)s），请检查文件是否损坏")
            % {"name": checked.name, "error": type(error).__name__},
            code="unreadable",
        ) from error
    return checked, text


def _bounded_text(checked: CheckedFile) -> str:
    """The text of a document, read in a child process within the limits for strangers' files
    (documents.untrusted): PDFium, lxml and openpyxl can be made to take gigabytes."""
    if checked.media_type not in (PDF, DOCX, XLSX):
        return ""
    if checked.media_type in (DOCX, XLSX):
        check_package(checked.content, _("附件"))
    return run_bounded(attachment_text, checked.media_type, checked.content)


def attachment_text(media_type: str, content: bytes) -> str:
    """The text of a PDF, DOCX or XLSX (empty for an image), bounded by MAX_* above."""
    if media_type == PDF:
        return _pdf_text(content)[:MAX_CHARS]
    if media_type == DOCX:
        return _docx_text(content)[:MAX_CHARS]
    if media_type == XLSX:
        return _xlsx_text(content)[:MAX_CHARS]
    return ""


def _pdf_text(content: bytes) -> str:
    import pdfplumber

    parts: list[str] = []
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        for page in pdf.pages[:MAX_PAGES]:
            parts.append(page.extract_text() or "")
    return "\n".join(parts)


def _docx_text(content: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" ".join(cell.text for cell in row.cells))
    return "\n".join(p for p in parts if p)


def _xlsx_text(content: bytes) -> str:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    parts: list[str] = []
    rows = 0
    try:
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                rows += 1
                if rows > MAX_ROWS:
                    return "\n".join(parts)
                parts.append(" ".join(str(v) for v in row if v is not None))
    finally:
        book.close()
    return "\n".join(p for p in parts if p)
