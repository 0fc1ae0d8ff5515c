"""A notice as PDF, printed by WeasyPrint from HTML set in a CJK font.

The font check is the report engine's (``find_cjk_font``: raises RenderError when no Chinese font
is installed), and so is the check that the finished PDF embeds that font: without either, every
汉字 would print as an empty box and nobody would notice until the applicant did.
"""

from __future__ import annotations

from pathlib import Path

from django.template import Context, Engine

from gongkai.applications.notices.compose import Composed
from gongkai.reports.engine.writers import RenderError
from gongkai.reports.engine.writers import pdf as report_pdf

# The notices package is not an app, so its templates are loaded from here, not by APP_DIRS.
_ENGINE = Engine(dirs=[str(Path(__file__).parent / "templates")], autoescape=True)


def notice_html(notice: Composed, *, font_family: str) -> str:
    template = _ENGINE.get_template("notices/notice.html")
    paragraphs = [*notice.body, *notice.legal, *notice.closing]
    return template.render(
        Context({"notice": notice, "paragraphs": paragraphs, "font_family": font_family})
    )


def render_pdf(notice: Composed) -> bytes:
    # Looked up through the module, so that a test can take the fonts away.
    family = report_pdf.find_cjk_font()
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: no Pango/HarfBuzz library
        raise RenderError(
            f"无法生成告知书 PDF：PDF 渲染组件 WeasyPrint 不可用（{exc}）。"
            "请安装 weasyprint 及其系统库（libpango、libharfbuzz-subset0）"
        ) from None
    data = HTML(string=notice_html(notice, font_family=family)).write_pdf()
    if not data or not data.startswith(b"%PDF"):
        raise RenderError("无法生成告知书 PDF：渲染结果为空")
    embedded = report_pdf.embedded_fonts(data)
    squash = report_pdf._squash  # the engine's own name matching, not a copy of it
    if not any(squash(family) in squash(name) for name in embedded):
        raise RenderError(
            f"无法生成告知书 PDF：中文字体“{family}”未能嵌入，汉字将显示为方框。"
            f"{report_pdf.INSTALL_HINT}"
        )
    return data
