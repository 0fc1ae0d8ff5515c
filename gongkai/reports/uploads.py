"""Reading a report someone uploaded, within the limits for files from strangers.

Every web path that reads an uploaded report (the public checker, its ZIP batch, the import of
a published report, the provincial upload) reads it here. Office files and PDFs are parsed by C
libraries (lxml, PDFium) whose memory a crafted file can blow up, so they are read in a child
process with a memory and time limit (documents.untrusted.run_bounded). Text, JSON and CSV up to
IN_PROCESS_BYTES are read in the worker itself: the engine's own Python reads them in time and
memory proportional to their size (the seed, 5.7 KB, in about 3 ms; a child would cost ten
times that).
"""

from __future__ import annotations

from gongkai.documents.untrusted import LimitError, preload, run_bounded

from .engine import ReadError, ReadResult, read_report
from .engine.readers.detect import detect_format

IN_PROCESS_FORMATS = frozenset({"txt", "json", "csv"})
IN_PROCESS_BYTES = 1024 * 1024
preload(
    "gongkai.reports.engine",
    *(f"gongkai.reports.engine.readers.{name}" for name in ("docx", "html", "pdf", "xlsx")),
    "docx",
    "openpyxl",
    "pypdfium2",
)


def read_upload(data: bytes, filename: str | None = None) -> ReadResult:
    """The report in an uploaded file; ReadError (in Chinese) when there is none or it passes
    a limit."""
    if len(data) <= IN_PROCESS_BYTES and detect_format(data, filename) in IN_PROCESS_FORMATS:
        return read_report(data, filename)
    try:
        return run_bounded(read_report, data, filename)
    except LimitError as error:
        raise ReadError(str(error)) from None
