"""A notice as a Word document, set like the annual report's DOCX (GB/T 9704 page, 仿宋 三号).

The page, fonts, sizes and East-Asian font handling are gongkai.documents.docx's, shared with the
report writer, so the two documents an agency sends out look alike.
"""

from __future__ import annotations

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from gongkai.applications.notices.compose import Composed
from gongkai.documents.docx import (
    BODY_SIZE,
    FANGSONG,
    docx_bytes,
    official_page,
    styled_run,
    title_paragraph,
)


def render_docx(notice: Composed) -> bytes:
    document = Document()
    official_page(document, title=notice.title, subject=notice.number, author=notice.agency_name)
    title_paragraph(document, notice.title)
    _line(document, notice.number_line, WD_ALIGN_PARAGRAPH.CENTER)
    document.add_paragraph()

    _line(document, notice.salutation, WD_ALIGN_PARAGRAPH.LEFT)
    paragraph = None
    for text in (*notice.body, *notice.legal, *notice.closing):
        paragraph = _line(document, text, WD_ALIGN_PARAGRAPH.JUSTIFY)
        paragraph.paragraph_format.first_line_indent = BODY_SIZE * 2  # two characters

    # The last paragraph, agency, date and seal stay on one page: a seal alone seals nothing.
    if paragraph is not None:
        paragraph.paragraph_format.keep_with_next = True
    document.add_paragraph().paragraph_format.keep_with_next = True
    for text in (notice.agency_name, notice.date_text):
        _line(document, text, WD_ALIGN_PARAGRAPH.RIGHT).paragraph_format.keep_with_next = True
    _line(document, notice.seal, WD_ALIGN_PARAGRAPH.RIGHT)

    return docx_bytes(document)


def _line(document, text: str, alignment):
    paragraph = document.add_paragraph()
    paragraph.alignment = alignment
    styled_run(paragraph, text, FANGSONG, BODY_SIZE)
    return paragraph
