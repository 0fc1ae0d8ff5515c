"""The report as PDF, printed by WeasyPrint from the HTML writer's page.

Without a CJK font every 汉字 would come out as an empty box, silently; so the font is looked up
first (fontconfig, as WeasyPrint itself uses) and named in the CSS, and the finished PDF is checked
to embed it. Either failure raises RenderError saying what to install. WeasyPrint subsets fonts
with libharfbuzz-subset; without that library one render takes ~25 s instead of ~1 s.
"""

from __future__ import annotations

import io
import re
import subprocess
from collections.abc import Callable, Sequence

from ..findings import Finding
from ..model import Report
from . import RenderError
from .html import html_document

# Simplified-Chinese faces first; the Mono variants of Noto are a last resort (narrow Latin).
PREFERRED_FONTS = (
    "Noto Serif CJK SC",
    "Noto Sans CJK SC",
    "Source Han Serif SC",
    "Source Han Sans SC",
    "SimSun",
    "Songti SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "AR PL UMing CN",
)
INSTALL_HINT = "请安装 fonts-noto-cjk（Debian/Ubuntu：apt-get install fonts-noto-cjk）后重试"


def zh_font_families() -> list[str]:
    """The families fontconfig knows that cover Chinese; [] when fontconfig is missing."""
    try:
        done = subprocess.run(
            ["fc-list", ":lang=zh", "family"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return []
    families: list[str] = []
    for line in done.stdout.splitlines():
        # A font lists its family in several languages: "WenQuanYi Zen Hei,文泉驿正黑".
        for name in line.split(","):
            name = name.strip()
            if name and name not in families:
                families.append(name)
    return families


def find_cjk_font() -> str:
    """The CJK family the PDF is set in; RenderError when none is installed."""
    families = zh_font_families()
    for name in PREFERRED_FONTS:
        if name in families:
            return name
    others = [f for f in families if "mono" not in f.lower()] or families
    if others:
        return others[0]
    raise RenderError(f"无法生成 PDF：未找到中文字体，汉字将无法显示。{INSTALL_HINT}")


def render_pdf(report: Report, *, findings: Sequence[Finding] = ()) -> bytes:
    return html_to_pdf(lambda family: html_document(report, findings, font_family=family))


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
    data = HTML(string=page_in(family)).write_pdf()
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
