"""Which format a file is in, from its content (a filename's extension only breaks ties)."""

from __future__ import annotations

import io
import zipfile

from .lines import ReadError

CSV_HEADER = "section,block,row,column,value"


def detect_format(data: bytes, filename: str | None = None) -> str:
    """One of txt, html, docx, pdf, xlsx, json, csv; ReadError for a format no reader knows."""
    head = data[:4096]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _office_kind(data)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError("这是旧版 Word/Excel（.doc/.xls）文件，请另存为 .docx 或 .xlsx 后再上传")
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n")
    if text.startswith("{"):
        return "json"
    # Lowercased only where it can be CSV (only "S" lowercases to "s") or HTML (no tag without
    # "<"): lower() of a page of Chinese text costs more than the rest of this together.
    if text[:1] in "sS" and text.lower().startswith(CSV_HEADER):
        return "csv"
    if "<" in text:
        text = text.lower()
        if text.startswith(("<!doctype", "<html", "<?xml")) or "<table" in text or "<body" in text:
            return "html"
    if filename and filename.lower().endswith((".htm", ".html")):
        return "html"
    return "txt"


def _office_kind(data: bytes) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError) as exc:
        raise ReadError(f"文件像是 Office 文档，但已损坏或不完整，无法打开（{exc}）") from None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    raise ReadError("压缩包既不是 Word（.docx）也不是 Excel（.xlsx）文档，无法读取")
