"""Writing a report as HTML, DOCX, PDF, XLSX, JSON, CSV or plain text.

HTML, DOCX and XLSX paint the one official table layout of layout.py; PDF is printed from the HTML;
JSON and CSV are the cell contract (contract.py); text is laid out like text extracted from a
published report. A writer never returns an empty file: a missing renderer or font raises
RenderError with a message saying what to install.

Charts (charts.report_charts) go into HTML and PDF as inline SVG and into DOCX as pictures, at
the end of section 三; the other formats hold the cells and the text only, and ignore them.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import import_module

from gongkai.documents.errors import RenderError

from ..charts import Chart
from ..findings import Finding
from ..model import Report

FORMATS = ("html", "docx", "pdf", "xlsx", "json", "csv", "txt")

# format → (module, function); imported on use, so that writing CSV does not load WeasyPrint.
_WRITERS = {
    "html": ("html", "render_html"),
    "docx": ("docx", "render_docx"),
    "pdf": ("pdf", "render_pdf"),
    "xlsx": ("xlsx", "render_xlsx"),
    "json": ("contract", "render_json"),
    "csv": ("contract", "render_csv"),
    "txt": ("text", "render_text"),
}

# What a browser or a download should call each format.
MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
}


# RenderError is the documents package's, so that a notice and a report fail alike; it is named
# here too, as the engine's public error.


def render(
    report: Report,
    fmt: str,
    *,
    findings: Sequence[Finding] = (),
    charts: Sequence[Chart] = (),
) -> bytes:
    """The report as a file in `fmt`; findings mark their cells in HTML and PDF, and charts
    (from charts.report_charts) are printed in HTML, PDF and DOCX."""
    if fmt not in _WRITERS:
        supported = "、".join(FORMATS)
        raise RenderError(f"不支持的输出格式“{fmt}”，支持的格式：{supported}")
    module, function = _WRITERS[fmt]
    writer = getattr(import_module(f".{module}", __package__), function)
    if fmt in ("html", "pdf"):
        data = writer(report, findings=findings, charts=charts)
    elif fmt == "docx":
        data = writer(report, charts=charts)
    else:
        data = writer(report)
    if not data:  # a writer that produced nothing has failed, whatever it thinks
        raise RenderError(f"生成 {fmt} 文件失败：输出为空")
    return data


__all__ = ["FORMATS", "MEDIA_TYPES", "RenderError", "render"]
