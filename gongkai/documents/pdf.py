"""HTML to PDF by WeasyPrint, set in a Chinese font and checked to embed it.

Without a CJK font every 汉字 would come out as an empty box, silently; so the font is found
first (fonts.find_cjk_font) and handed to the page, which names it in its CSS, and the finished
PDF is checked to embed it. Either failure raises RenderError saying what to install. WeasyPrint
subsets fonts with libharfbuzz-subset; without that library one render takes ~25 s, not ~0.2 s.

The font configuration is the process's (fonts.font_configuration), not one per render: see
fonts.py for the memory that saves. Its Pango font map is not safe for two threads at once, so
renders of one process take turns (the page is made before the turn; a render holds the GIL for
most of its time anyway).
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Callable

from gongkai.documents.errors import RenderError
from gongkai.documents.fonts import INSTALL_HINT, find_cjk_font, font_configuration

_turn = threading.Lock()  # one render at a time through the shared font configuration


def html_to_pdf(page_in: Callable[[str], str], *, what: str = "PDF") -> bytes:
    """A page of HTML, made for the CJK family it is given, printed by WeasyPrint; RenderError
    (naming ``what``) rather than a PDF whose 汉字 would show as empty boxes."""
    family = find_cjk_font()
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: WeasyPrint found no Pango/HarfBuzz library
        raise RenderError(
            f"无法生成{what}：PDF 渲染组件 WeasyPrint 不可用（{exc}）。"
            "请安装 weasyprint 及其系统库（libpango、libharfbuzz-subset0）"
        ) from None
    page = page_in(family)
    with _turn:
        data = HTML(string=page).write_pdf(font_config=font_configuration())
    if not data or not data.startswith(b"%PDF"):
        raise RenderError(f"无法生成{what}：渲染结果为空")
    embedded = embedded_fonts(data)
    if not any(_squash(family) in _squash(name) for name in embedded):
        found = "、".join(embedded) or "无"
        raise RenderError(
            f"无法生成{what}：中文字体“{family}”未能嵌入（已嵌入的字体：{found}），"
            f"汉字将显示为方框。{INSTALL_HINT}"
        )
    return data


def embedded_fonts(data: bytes) -> list[str]:
    """The names of the fonts a PDF embeds (those whose descriptor carries a font file)."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    document = PDFDocument(PDFParser(io.BytesIO(data)))
    names: list[str] = []
    for xref in document.xrefs:
        for objid in xref.get_objids():
            try:
                obj = document.getobj(objid)
            except Exception:  # noqa: BLE001 - a damaged object is simply not a font
                continue
            if isinstance(obj, dict) and {"FontFile", "FontFile2", "FontFile3"} & obj.keys():
                name = getattr(obj.get("FontName"), "name", obj.get("FontName"))
                names.append(str(name))
    return list(dict.fromkeys(names))


def _squash(name: str) -> str:
    """A font name without case, spaces or dashes, so "ABCDEF+Noto-Serif-CJK-SC" (the name in
    the PDF) contains "Noto Serif CJK SC" (the family)."""
    return re.sub(r"[\s_-]+", "", name).lower()
