"""The report as a Word document (.docx), set as an official document (公文) is set.

The page, the fonts and the East-Asian text runs are gongkai.documents.docx's (GB/T 9704: A4,
仿宋 三号 text, 黑体 headings, 宋体 title and tables), shared with the agency's notices. The tables
are painted from the one grid of layout.py, with merges. Charts (charts.report_charts) follow
table 三, as in the HTML: each its PNG as an inline picture whose description (docPr/@descr, what
Word calls alt text) is the chart's alt text, then its caption, 图1　title.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from gongkai.documents.docx import (
    BODY_SIZE,
    FANGSONG,
    HEI,
    SONG,
    TEXT_WIDTH_CM,
    docx_bytes,
    official_page,
    style_fonts,
    styled_run,
    title_paragraph,
)

from ..charts import Chart, figure_caption
from ..model import Report
from .layout import Grid, GridCell, Heading, Paragraph, Table, Title, outline, title_lines

TABLE_SIZE = Pt(9)  # 小五: the 15 columns of table 四 have to fit the page width
CAPTION_SIZE = Pt(12)  # 小四

# Label-column widths in cm per table; the value columns share what is left.
_LABEL_WIDTHS = {"二": (5.2,), "三": (1.3, 2.0, 4.2), "四": ()}


def render_docx(report: Report, *, charts: Sequence[Chart] = ()) -> bytes:
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
            if part.grid.section == "三":  # under table 三, as in the HTML (html.py says why)
                for number, chart in enumerate(charts, start=1):
                    _chart(document, number, chart)
    return docx_bytes(document)


def _chart(document, number: int, chart: Chart) -> None:
    """The chart's PNG across the text width, its alt text, and its caption below it."""
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    form = paragraph.paragraph_format
    form.line_spacing = 1.0  # Normal's exact 28 pt would crop the picture to one line
    form.first_line_indent = Pt(0)
    form.keep_with_next = True  # the picture and its caption on one page
    picture = paragraph.add_run().add_picture(io.BytesIO(chart.png), width=Cm(TEXT_WIDTH_CM))
    properties = picture._inline.docPr
    properties.set("name", f"图{number}")
    properties.set("title", chart.title)
    properties.set("descr", chart.alt)
    caption = document.add_paragraph()
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.first_line_indent = Pt(0)
    styled_run(caption, figure_caption(number, chart), HEI, CAPTION_SIZE)


def _setup(document, report: Report) -> None:
    official_page(
        document,
        title="".join(title_lines(report)),
        subject=f"政府信息公开工作年度报告（{report.edition.name}）",
    )
    heading = document.styles["Heading 1"]
    style_fonts(heading, HEI, BODY_SIZE)
    heading.font.bold = False  # 黑体 is heavy enough; 公文 headings are not bolded
    heading.font.color.rgb = RGBColor(0, 0, 0)
    heading.paragraph_format.space_before = Pt(6)
    heading.paragraph_format.space_after = Pt(6)
    heading.paragraph_format.first_line_indent = BODY_SIZE * 2


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
