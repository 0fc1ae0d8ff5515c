"""A notice as PDF, printed by WeasyPrint from HTML set in a CJK font.

Printed by gongkai.documents.pdf.html_to_pdf: it finds the Chinese font and checks that the
finished PDF embeds it, raising RenderError otherwise — without that, every 汉字 would print as
an empty box and nobody would notice until the applicant did.
"""

from __future__ import annotations

from pathlib import Path

from django.template import Context, Engine

from gongkai.applications.notices.compose import Composed
from gongkai.documents.pdf import html_to_pdf

# The notices package is not an app, so its templates are loaded from here, not by APP_DIRS.
_ENGINE = Engine(dirs=[str(Path(__file__).parent / "templates")], autoescape=True)


# A line of the A4 page holds 27 characters of 三号 text (15.6 cm); a page 22 lines.
KEEP_WHOLE_CHARS = 27 * 7


def notice_html(notice: Composed, *, font_family: str) -> str:
    template = _ENGINE.get_template("notices/notice.html")
    paragraphs = notice_paragraphs(notice)
    last = paragraphs[-1:]
    return template.render(
        Context(
            {
                "notice": notice,
                # The last paragraph is printed in one block with agency, date and seal, which
                # goes onto one page: a seal always stands under text it seals (notice.html).
                "paragraphs": paragraphs[:-1],
                "last": last,
                "keep_whole": sum(len(text) for text in last) <= KEEP_WHOLE_CHARS,
                "font_family": font_family,
            }
        )
    )


def notice_paragraphs(notice: Composed) -> list[str]:
    return [*notice.body, *notice.legal, *notice.closing]


def render_pdf(notice: Composed) -> bytes:
    return html_to_pdf(lambda family: notice_html(notice, font_family=family), what="告知书 PDF")
