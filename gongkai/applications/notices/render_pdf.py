"""A notice as PDF, printed by WeasyPrint from HTML set in a CJK font.

Printed by the report engine's ``html_to_pdf``: it finds the Chinese font and checks that the
finished PDF embeds it, raising RenderError otherwise — without that, every 汉字 would print as
an empty box and nobody would notice until the applicant did.
"""

from __future__ import annotations

from pathlib import Path

from django.template import Context, Engine

from gongkai.applications.notices.compose import Composed
from gongkai.reports.engine.writers.pdf import html_to_pdf

# The notices package is not an app, so its templates are loaded from here, not by APP_DIRS.
_ENGINE = Engine(dirs=[str(Path(__file__).parent / "templates")], autoescape=True)


def notice_html(notice: Composed, *, font_family: str) -> str:
    template = _ENGINE.get_template("notices/notice.html")
    paragraphs = [*notice.body, *notice.legal, *notice.closing]
    return template.render(
        Context({"notice": notice, "paragraphs": paragraphs, "font_family": font_family})
    )


def render_pdf(notice: Composed) -> bytes:
    return html_to_pdf(lambda family: notice_html(notice, font_family=family), what="告知书 PDF")
