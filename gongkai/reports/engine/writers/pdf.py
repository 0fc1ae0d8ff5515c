"""The report as PDF, printed from the HTML writer's page by gongkai.documents.pdf.

The printing (WeasyPrint, the Chinese font it is set in, the check that the PDF embeds that
font, RenderError saying what to install otherwise) is the documents package's, shared with the
agency's notices; this writer only hands it the page. Charts are in that page as inline SVG, so
WeasyPrint draws them as vector graphics and sets their labels, real text, in the same CJK font,
which the embedding check then covers too.
"""

from __future__ import annotations

from collections.abc import Sequence

from gongkai.documents.pdf import html_to_pdf

from ..charts import Chart
from ..findings import Finding
from ..model import Report
from .html import html_document


def render_pdf(
    report: Report, *, findings: Sequence[Finding] = (), charts: Sequence[Chart] = ()
) -> bytes:
    return html_to_pdf(
        lambda family: html_document(report, findings, font_family=family, charts=charts)
    )
