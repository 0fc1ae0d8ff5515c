"""Helpers shared by the notices tests (this module holds no tests itself)."""

from __future__ import annotations

import io
from datetime import date

import pdfplumber
from docx import Document

from gongkai.applications.models import Application
from gongkai.applications.services import application_register
from tests.applications.factories import Office, person_intake

RECEIVED = date(2026, 10, 12)  # a Monday; every step below is a working day after it

REMEDY_PHRASES = (
    "如对本答复不服，可以自收到本告知书之日起60日内向",
    "申请行政复议，或者在6个月内向",
    "人民法院提起行政诉讼",
)


def squash(text: str) -> str:
    """Text without any whitespace: PDF extraction breaks lines wherever the page wraps."""
    return "".join(text.split())


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(bytes(data)))
    return "\n".join(p.text for p in document.paragraphs)


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(bytes(data))) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def assert_in_both(notice, *needles: str) -> None:
    """Each needle appears in the DOCX and in the PDF as read back, and in the frozen text."""
    texts = {
        "docx": squash(docx_text(notice.docx)),
        "pdf": squash(pdf_text(notice.pdf)),
        "text": squash(notice.text),
    }
    for needle in needles:
        for name, text in texts.items():
            assert squash(needle) in text, f"“{needle}” missing from the {name} of {notice}"


def registered(office: Office, received_on: date = RECEIVED, **intake) -> Application:
    return application_register(
        agency=office.agency,
        intake=person_intake(**intake),
        received_on=received_on,
        actor=office.clerk,
    )
