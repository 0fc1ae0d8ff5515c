"""Reading a published report from text, HTML, DOCX, PDF, XLSX, JSON or CSV.

Each reader returns a report with its diagnostics, or raises one ReadError that says what is wrong
with the input. The format is detected from the content; a filename only helps to name it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module

from ..model import Report
from .detect import detect_format
from .lines import Diagnostic, ReadError
from .structure import mixed_layout_note, parse_lines


@dataclass
class ReadResult:
    report: Report
    diagnostics: list[Diagnostic] = field(default_factory=list)
    format: str = ""


def read_report(data: bytes, filename: str | None = None) -> ReadResult:
    """The report in `data`, whatever its format; ReadError if it is not one."""
    if not data or not data.strip():
        raise ReadError("文件为空，没有可读取的内容")
    fmt = detect_format(data, filename)
    if fmt in ("json", "csv"):
        from . import contract

        report = contract.read_json(data) if fmt == "json" else contract.read_csv(data)
        return ReadResult(report, [mixed_layout_note(report.edition)] if report.mixed else [], fmt)
    lines = _line_reader(fmt)(data)
    report, diagnostics = parse_lines(lines)
    return ReadResult(report, diagnostics, fmt)


# format → (module, function) turning the bytes into lines; imported on use, so that reading a
# text file does not pay for loading the PDF and Office libraries.
_LINE_READERS = {
    "txt": ("text", "text_to_lines"),
    "html": ("html", "html_to_lines"),
    "docx": ("docx", "docx_to_lines"),
    "pdf": ("pdf", "pdf_to_lines"),
    "xlsx": ("xlsx", "xlsx_to_lines"),
}


def _line_reader(fmt: str):
    module, function = _LINE_READERS[fmt]
    return getattr(import_module(f".{module}", __package__), function)


__all__ = ["Diagnostic", "ReadError", "ReadResult", "read_report"]
