"""The notices (告知书) of an application, with their download links, for the two audiences.

The applicant gets the PDF of the notices addressed to them (never a letter to a third party);
staff get every notice, as PDF and DOCX. The notices app decides who may download what; these
are only the lists the pages show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.urls import reverse

from gongkai.applications.models import Application, Notice
from gongkai.applications.notices.selectors import notices_for_applicant, notices_of_application


@dataclass(frozen=True)
class NoticeLink:
    number: str
    title: str
    issued_on: date
    pdf_url: str
    docx_url: str = ""


def public_notices(application: Application) -> list[NoticeLink]:
    return [
        NoticeLink(n.number, n.title, n.issued_on, _url("applicant_download", n, "pdf"))
        for n in notices_for_applicant(application)
    ]


def staff_notices(application: Application) -> list[NoticeLink]:
    return [
        NoticeLink(
            n.number,
            n.title,
            n.issued_on,
            _url("staff_download", n, "pdf"),
            _url("staff_download", n, "docx"),
        )
        for n in notices_of_application(application)
    ]


def _url(name: str, notice: Notice, fmt: str) -> str:
    return reverse(f"notices:{name}", args=[notice.pk, fmt])
