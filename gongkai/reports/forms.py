"""The public checker's forms: the upload (which files, how large, saying so when refused) and the
download, which posts the checked report back as one compact cell contract."""

from __future__ import annotations

import json
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .engine import Report
from .engine.editions import NARRATIVE_SECTIONS, edition_by_key
from .engine.writers.contract import cell_record, omitted_list

# What a published report comes as, and what Gongkai writes (so a download can be re-checked).
ACCEPTED = {
    ".txt": gettext_lazy("文本"),
    ".htm": gettext_lazy("网页"),
    ".html": gettext_lazy("网页"),
    ".docx": "Word",
    ".pdf": "PDF",
    ".xlsx": "Excel",
    ".json": "JSON",
    ".csv": "CSV",
}


class ReportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("年度报告文件"),
        help_text=gettext_lazy(
            "支持文本、网页（HTML）、Word（.docx）、PDF，以及 Excel、JSON、CSV。"
        ),
        error_messages={
            "required": gettext_lazy("请选择要检查的年度报告文件"),
            "empty": gettext_lazy("上传的文件是空的"),
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = PurePath(upload.name or "").suffix.lower()
        if suffix not in ACCEPTED:
            raise forms.ValidationError(
                _("不支持“%(suffix)s”文件；请上传 %(kinds)s 文件")
                % {"suffix": suffix or _("无扩展名"), "kinds": "、".join(sorted(ACCEPTED))}
            )
        limit = settings.GONGKAI_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("文件过大（%(size)s），上限为 %(limit)s")
                % {"size": _mib(upload.size), "limit": _mib(limit)}
            )
        return upload


def _mib(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


# The compact contract ---------------------------------------------------------------------------
#
# The checker page carries the report it shows once more, for its download buttons to post back
# (the server keeps nothing of an upload). The cell contract (writers/contract.py) names every
# cell by its four labels, 50 KB for the seed's 5.7 KB; here the cells are one list of values in
# `edition.cell_keys()` order, the edition saying which cell each is:
#
#     {"edition": "2019", "agency": str, "year": int | null, "values": [...],
#      "sections": {"一": str, ...}, "omitted": [...]}
#
# A value is the cell's text as written, or for short: null for a blank cell, and a number for a
# text that is that integer written plainly ("0", "17", "-3"; not "007", which stays a string).
# `sections` leaves out the empty ones and `omitted` is there only when the report leaves
# sections out. Expanded again, it is the cell contract, read by the engine's own contract reader,
# so a tampered post is refused for the same reasons as a tampered JSON file.


def compact_contract(report: Report) -> str:
    document: dict = {
        "edition": report.edition.key,
        "agency": report.agency,
        "year": report.year,
        "values": [_compact(report.cells[key]) for key in report.edition.cell_keys()],
        "sections": {n: report.sections[n] for n in NARRATIVE_SECTIONS if report.sections.get(n)},
    }
    if report.omitted:
        document["omitted"] = omitted_list(report)
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def _compact(text: str) -> str | int | None:
    if not text:
        return None
    digits = text[1:] if text[0] == "-" else text
    # A number only where str() gives the same text back: no sign alone, no leading zero, no
    # "-0", nothing but ASCII digits (str.isdigit takes "²" and "٣"); 15 digits, exact in JSON.
    plain = digits.isascii() and digits.isdigit() and len(digits) <= 15
    if plain and (digits[0] != "0" or text == "0"):
        return int(text)
    return text


def expanded_contract(document: dict) -> bytes:
    """The cell contract (JSON) of a compact one, parsed; ValueError saying what is wrong."""
    edition = edition_by_key(document.get("edition"))
    keys, values = edition.cell_keys(), document["values"]
    if not isinstance(values, list) or len(values) != len(keys):
        raise ValueError(
            _("%(edition)s 有 %(cells)d 个单元格，values 与之不符")
            % {"edition": edition.name, "cells": len(keys)}
        )
    cells = []
    for n, (key, value) in enumerate(zip(keys, values, strict=True)):
        if value is None:
            value = ""
        elif isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        elif not isinstance(value, str):
            raise ValueError(_("values[%(n)d] 应为文字、整数或 null") % {"n": n})
        cells.append(cell_record(key, value))
    full = {key: document[key] for key in ("agency", "year", "omitted") if key in document}
    full.update(edition=edition.key, cells=cells, sections=document.get("sections", {}))
    return json.dumps(full, ensure_ascii=False).encode("utf-8")


class DownloadForm(forms.Form):
    """The report posted back by the checker page: the compact contract, or (from a page written
    before it) the whole cell contract as JSON, which the engine reads as it is."""

    report = forms.CharField(strip=False, error_messages={"required": gettext_lazy("没有报告数据")})

    def clean_report(self) -> bytes:
        """The cell contract to read, as bytes."""
        text = self.cleaned_data["report"]
        try:
            document = json.loads(text)
        except (ValueError, RecursionError):
            # Not JSON, a number too long for int(), or nesting too deep: the contract reader
            # (which refuses each of these with its reason) says what is wrong with it.
            document = None
        if not isinstance(document, dict) or "values" not in document:
            return text.encode("utf-8")  # the contract reader says what is wrong with it
        try:
            return expanded_contract(document)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None
