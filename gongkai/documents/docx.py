"""The page and text runs of an official document (公文) in Word, after GB/T 9704.

A4 with the margins of GB/T 9704 (top 3.7 cm, bottom 3.5 cm, left 2.8 cm, right 2.6 cm); the text
in 仿宋 三号 on exactly 28 pt lines, headings in 黑体, titles in 宋体 二号. Word picks the font of
Chinese characters from w:rFonts/@w:eastAsia, not from the font name python-docx sets, so every
style and every run gets its East-Asian font explicitly, and the template's theme fonts (which
would override it) are removed. Shared by the annual report and the agency's notices, so the
documents an agency sends out look alike.
"""

from __future__ import annotations

import io

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from .xml_text import xml_text

FANGSONG = "仿宋"
SONG = "宋体"
HEI = "黑体"
LATIN = "Times New Roman"

BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号

PAGE_WIDTH = Cm(21.0)
PAGE_HEIGHT = Cm(29.7)
MARGINS = {"top": Cm(3.7), "bottom": Cm(3.5), "left": Cm(2.8), "right": Cm(2.6)}
TEXT_WIDTH_CM = 21.0 - 2.8 - 2.6

_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def official_page(document, *, title: str, subject: str, author: str = "") -> None:
    """The page and body text of an official document (公文, GB/T 9704): A4 with its margins,
    仿宋 三号 on exactly 28 pt lines."""
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    for side, size in MARGINS.items():
        setattr(section, f"{side}_margin", size)
    document.core_properties.title = xml_text(title)
    document.core_properties.subject = xml_text(subject)
    document.core_properties.author = xml_text(author)
    document.core_properties.language = "zh-CN"

    normal = document.styles["Normal"]
    style_fonts(normal, FANGSONG, BODY_SIZE)
    normal.paragraph_format.line_spacing = Pt(28)  # 公文: 22 lines a page, exactly 28 pt
    normal.paragraph_format.space_after = Pt(0)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    normal.element.get_or_add_rPr().append(lang)


def style_fonts(style, east_asia: str, size: Pt) -> None:
    """A style set in the Latin face and the given East-Asian one."""
    style.font.name = LATIN
    style.font.size = size
    _east_asia(style.element.get_or_add_rPr(), east_asia)


def _east_asia(rpr, east_asia: str) -> None:
    fonts = rpr.get_or_add_rFonts()
    for attr in _THEME_ATTRS:  # a theme font wins over the named one; drop it
        if fonts.get(qn(attr)) is not None:
            del fonts.attrib[qn(attr)]
    fonts.set(qn("w:ascii"), LATIN)
    fonts.set(qn("w:hAnsi"), LATIN)
    fonts.set(qn("w:eastAsia"), east_asia)


def styled_run(paragraph, text: str, east_asia: str, size: Pt, bold: bool = False):
    """Text in a Latin face and an East-Asian one (Word picks per character)."""
    run = paragraph.add_run(xml_text(text))
    run.font.name = LATIN
    run.font.size = size
    run.font.bold = bold
    _east_asia(run._element.get_or_add_rPr(), east_asia)
    return run


def title_paragraph(document, text: str) -> None:
    """The document's title: 宋体 二号, bold, centred."""
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.line_spacing = Pt(36)
    styled_run(paragraph, text, SONG, TITLE_SIZE, bold=True)


def docx_bytes(document) -> bytes:
    """The document as the bytes of a .docx file."""
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
