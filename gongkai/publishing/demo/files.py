"""Attachments for the demo's items: a DOCX and a PDF with the item's text in them, so that
search and the personal-information scan read real files."""

from __future__ import annotations

import html
import re

import docx

from gongkai.documents.docx import docx_bytes, official_page, title_paragraph
from gongkai.documents.pdf import html_to_pdf

_TAG = re.compile(r"<[^>]+>")


def _paragraphs(body: str) -> list[str]:
    return [html.unescape(_TAG.sub("", p)) for p in body.split("</p>") if _TAG.sub("", p)]


def demo_docx(title: str, body: str) -> bytes:
    document = docx.Document()
    official_page(document, title=title, subject="演示附件")
    title_paragraph(document, title)
    for text in _paragraphs(body):
        document.add_paragraph(text)
    return docx_bytes(document)


def demo_pdf(title: str, body: str) -> bytes:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in _paragraphs(body))

    def page(family: str) -> str:
        return (
            f"<html lang='zh'><head><style>body{{font-family:'{family}';}}</style></head>"
            f"<body><h1>{html.escape(title)}</h1>{paragraphs}</body></html>"
        )

    return html_to_pdf(page, what="演示附件")
