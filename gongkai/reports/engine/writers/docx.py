"""The report as a Word document (.docx), set as an official document (公文) is set.

A4 with the margins of GB/T 9704 (top 3.7 cm, bottom 3.5 cm, left 2.8 cm, right 2.6 cm); the text
in 仿宋 三号, headings in 黑体, the title and the tables in 宋体. Word picks the font of Chinese
characters from w:rFonts/@w:eastAsia, not from the font name python-docx sets, so every style and
every run gets its East-Asian font explicitly, and the template's theme fonts (which would
override it) are removed. The tables are painted from the one grid of layout.py, with merges.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ..model import Report
from .layout import Grid, GridCell, Heading, Paragraph, Table, Title, outline, title_lines

FANGSONG = "仿宋"
SONG = "宋体"
HEI = "黑体"
LATIN = "Times New Roman"

BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
TABLE_SIZE = Pt(9)  # 小五: the 15 columns of table 四 have to fit the page width

PAGE_WIDTH = Cm(21.0)
PAGE_HEIGHT = Cm(29.7)
MARGINS = {"top": Cm(3.7), "bottom": Cm(3.5), "left": Cm(2.8), "right": Cm(2.6)}
TEXT_WIDTH_CM = 21.0 - 2.8 - 2.6

# Label-column widths in cm per table; the value columns share what is left.
_LABEL_WIDTHS = {"二": (5.2,), "三": (1.3, 2.0, 4.2), "四": ()}
_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def render_docx(report: Report) -> bytes:
    document = Document()
    _setup(document, report)
    for part in outline(report):
        if isinstance(part, Title):
            title_paragraph(document, part.text)
        elif isinstance(part, Heading):
            paragraph = document.add_paragraph(style="Heading 1")
            styled_run(paragraph, part.text, HEI, BODY_SIZE)
        elif isinstance(part, Paragraph):
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.first_line_indent = BODY_SIZE * 2  # two characters
            styled_run(paragraph, part.text, FANGSONG, BODY_SIZE)
        elif isinstance(part, Table):
            _table(document, part.grid)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _setup(document, report: Report) -> None:
    official_page(
        document,
        title="".join(title_lines(report)),
        subject=f"政府信息公开工作年度报告（{report.edition.name}）",
    )
    heading = document.styles["Heading 1"]
    _style_fonts(heading, HEI, BODY_SIZE)
    heading.font.bold = False  # 黑体 is heavy enough; 公文 headings are not bolded
    heading.font.color.rgb = RGBColor(0, 0, 0)
    heading.paragraph_format.space_before = Pt(6)
    heading.paragraph_format.space_after = Pt(6)
    heading.paragraph_format.first_line_indent = BODY_SIZE * 2


def official_page(document, *, title: str, subject: str, author: str = "") -> None:
    """The page and body text of an official document (公文, GB/T 9704): A4 with its margins,
    仿宋 三号 on exactly 28 pt lines; shared by the report and the agency's notices."""
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    for side, size in MARGINS.items():
        setattr(section, f"{side}_margin", size)
    document.core_properties.title = title
    document.core_properties.subject = subject
    document.core_properties.author = author
    document.core_properties.language = "zh-CN"

    normal = document.styles["Normal"]
    _style_fonts(normal, FANGSONG, BODY_SIZE)
    normal.paragraph_format.line_spacing = Pt(28)  # 公文: 22 lines a page, exactly 28 pt
    normal.paragraph_format.space_after = Pt(0)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    normal.element.get_or_add_rPr().append(lang)


def _style_fonts(style, east_asia: str, size: Pt) -> None:
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
    run = paragraph.add_run(text)
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


def _table(document, grid: Grid) -> None:
    table = document.add_table(rows=grid.nrows, cols=grid.ncols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _cell_margins(table, Cm(0.08))
    widths = _widths(grid)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    by_position = {(c.row, c.col): c for c in grid.cells}
    for r, row in enumerate(table.rows):
        _row_properties(row, header=r < grid.header_rows)
        for c, cell in enumerate(row.cells):
            cell.width = widths[c]  # Word reads the cell widths, not the grid's
            if (r, c) in by_position:
                _fill(cell, by_position[(r, c)])
    # Merge last: the cells are empty but their top-left one, so no text is moved about.
    for spec in grid.merges():
        corner = table.cell(spec.row, spec.col)
        corner.merge(table.cell(spec.row + spec.rowspan - 1, spec.col + spec.colspan - 1))
    document.add_paragraph()  # Word needs a paragraph between two tables, and it reads better


def _widths(grid: Grid) -> list:
    labels = _LABEL_WIDTHS[grid.section]
    rest = (TEXT_WIDTH_CM - sum(labels)) / (grid.ncols - len(labels))
    return [Cm(w) for w in (*labels, *[rest] * (grid.ncols - len(labels)))]


def _fill(cell, spec: GridCell) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.line_spacing = 1.0
    paragraph.paragraph_format.first_line_indent = Pt(0)
    left = spec.role in ("label", "block")
    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if left else WD_ALIGN_PARAGRAPH.CENTER
    bold = spec.role in ("column", "block")
    font = HEI if spec.role == "block" else SONG
    styled_run(paragraph, spec.text, font, TABLE_SIZE, bold=bold and font == SONG)


def _row_properties(row, header: bool) -> None:
    """Rows never break across pages; header rows repeat on the next page."""
    trpr = row._tr.get_or_add_trPr()
    cant_split = OxmlElement("w:cantSplit")
    trpr.append(cant_split)
    if header:
        trpr.append(OxmlElement("w:tblHeader"))


def _cell_margins(table, size) -> None:
    """Narrow left/right cell margins, so five-digit numbers fit table 三's columns."""
    tblpr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(int(size.twips)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    tblpr.append(margins)
