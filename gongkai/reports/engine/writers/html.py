"""The report as one standalone, printable HTML5 page (A4), the source of the PDF as well.

Every value cell carries `data-cell` with its cell-contract key as JSON, so a page can link a
finding to its cell; or, for a page that links its findings to the cells (the public checker),
`id="cell-N"` instead (N the cell's position in `edition.cell_keys()`, as the province's pages
number cells), and every section `id="section-N"` (N from 1, 一 to 六): the short anchor keeps
the page small. Cells named by findings get class cell-error or cell-warning and a title listing
the findings. All text is escaped: reports come from uploads.

A table's structure (labels, merges, column widths) depends on its edition alone, so it is
written once per edition and only the values and marks are written per report.

No line is drawn but the table borders, and no box is filled but a marked cell: PDF readers find
table cells by their rules and rectangles, so a page background or an outline would add cells.
(The charts' bars are boxes too; plot.py keeps them apart, so they never form a grid.)

Charts (charts.report_charts) are inlined as SVG, each in a <figure> with its number and title as
<figcaption>, so that a browser and WeasyPrint set their labels as text in the page's CJK font.
Their SVG is the engine's own drawing and goes in as it is; every other text is escaped.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from html import escape

from gongkai.documents.errors import RenderError

from ..charts import Chart, figure_caption
from ..editions import NARRATIVE_SECTIONS, SECTION_NUMBERS, CellKey, Edition
from ..findings import Finding
from ..model import Report
from .layout import (
    GRIDS,
    Grid,
    GridCell,
    Heading,
    Paragraph,
    Title,
    heading_text,
    paragraphs,
    title_lines,
)

# Song (serif) for the text and tables, Hei (sans) for headings, as printed reports are set; the
# names cover Linux (Noto, Source Han), Windows (SimSun, SimHei) and macOS (Songti, PingFang).
SERIF = ['"Noto Serif CJK SC"', '"Source Han Serif SC"', "SimSun", '"宋体"', '"Songti SC"']
SANS = ['"Noto Sans CJK SC"', '"Source Han Sans SC"', "SimHei", '"黑体"', '"PingFang SC"']

_CSS = """
@page { size: A4; margin: 2.5cm 2cm 2.5cm 2cm; }
html { font-family: %(serif)s; font-size: 12pt; line-height: 1.6; color: #000; }
body { margin: 1.5em auto; max-width: 17cm; }
.agency { text-align: center; font-size: 16pt; margin: 0; text-indent: 0; }
h1 { text-align: center; font-size: 20pt; font-weight: bold; margin: 0.2em 0 1em; }
h2 { font-family: %(sans)s; font-size: 14pt; font-weight: bold; margin: 1.2em 0 0.5em;
     break-after: avoid; }
p { text-indent: 2em; margin: 0 0 0.4em; text-align: justify; }
table { border-collapse: collapse; width: 100%%; font-size: 9pt; line-height: 1.35;
        margin: 0.5em 0 1em; }
table.t3, table.t4 { break-inside: avoid; }
table.t4 { table-layout: fixed; }
tr { break-inside: avoid; }
th, td { border: 0.75pt solid #000; padding: 2pt 3pt; vertical-align: middle; }
th { font-weight: normal; }
th.column, th.block, th.note { font-weight: bold; text-align: center; }
th.note { font-weight: normal; font-size: 8pt; }
th.block { text-align: left; }
th.label { text-align: left; }
td { text-align: center; white-space: nowrap; }
.cell-error { background: #f8c4c4; color: #900; font-weight: bold; }
.cell-warning { background: #fde9a6; }
@media print { body { margin: 0; max-width: none; } }
"""

# Only in a page with charts, so that a page without them stays as it was.
_CHART_CSS = """
figure.chart { margin: 0.6em 0 1.2em; break-inside: avoid; }
figure.chart svg { display: block; width: 100%%; height: auto; }
figure.chart figcaption { font-family: %(sans)s; font-size: 10.5pt; text-align: center;
                          margin-top: 0.3em; }
"""


@cache  # a handful of fonts at most; pages include it on every request
def stylesheet(font_family: str | None = None, *, charts: bool = False) -> str:
    """The CSS; `font_family` (a family known to be installed) is put first in every stack;
    `charts` adds the rules for the charts' figures."""
    first = [f'"{font_family}"'] if font_family else []
    serif = ", ".join([*first, *SERIF, "serif"])
    # Headings keep a Hei face where one is installed, else fall back to the known family.
    sans = ", ".join([*SANS, *first, "sans-serif"])
    css = _CSS + _CHART_CSS if charts else _CSS
    return css % {"serif": serif, "sans": sans}


def render_html(
    report: Report,
    *,
    findings: Sequence[Finding] = (),
    font_family: str | None = None,
    charts: Sequence[Chart] = (),
) -> bytes:
    return html_document(report, findings, font_family, charts).encode("utf-8")


def html_document(
    report: Report,
    findings: Sequence[Finding] = (),
    font_family: str | None = None,
    charts: Sequence[Chart] = (),
) -> str:
    title = "".join(title_lines(report))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        f'<meta name="generator" content="gongkai; edition {escape(report.edition.key)}">\n'
        f"<style>{stylesheet(font_family, charts=bool(charts))}</style>\n</head>\n<body>\n"
        + report_article(report, findings, charts)
        + "\n</body>\n</html>\n"
    )


def report_article(
    report: Report,
    findings: Sequence[Finding] = (),
    charts: Sequence[Chart] = (),
    *,
    cell_ids: bool = False,
) -> str:
    """The report as one <article> in the official layout, for a page of its own or another's
    (whose CSS then needs stylesheet(charts=True) for the charts). `cell_ids` puts the anchors
    `id="cell-N"` and `id="section-N"` in place of the `data-cell` keys (see the module's doc)."""
    marks = _marks(findings)
    parts = _outline(report)
    titles = [p for p in parts if isinstance(p, Title)]
    body: list[str] = []
    for part in parts:
        if isinstance(part, Title):
            # The agency on its own line, the report's name as the page's one h1.
            if part is titles[-1]:
                body.append(f"<h1>{escape(part.text)}</h1>")
            else:
                body.append(f'<p class="agency">{escape(part.text)}</p>')
        elif isinstance(part, Heading):
            if part.number != "一":
                body.append("</section>")
            anchor = f' id="{section_id(part.number)}"' if cell_ids else ""
            body.append(
                f'<section data-section="{part.number}"{anchor}>\n<h2>{escape(part.text)}</h2>'
            )
        elif isinstance(part, Paragraph):
            body.append(f"<p>{escape(part.text)}</p>")
        elif isinstance(part, str):
            body.append(_table(report, part, marks, cell_ids))
            # Every chart pictures the applications of section 三 (the year-over-year one too),
            # so a reader finds them right under table 三, before 四 turns to reviews and suits.
            if part == "三":
                body += [_figure(number, chart) for number, chart in enumerate(charts, start=1)]
    body.append("</section>")
    return (
        f'<article class="report" data-edition="{escape(report.edition.key)}">\n'
        + "\n".join(body)
        + "\n</article>"
    )


def _outline(report: Report) -> list[Title | Heading | Paragraph | str]:
    """layout.outline's reading order, each table as its section number: the tables are written
    from their edition's template (_table_template), so building the report's grids would be
    wasted (they were two thirds of the article's time). Built from layout's own pieces;
    tests/test_web_checker.py holds the two in step."""
    parts: list[Title | Heading | Paragraph | str] = [Title(t) for t in title_lines(report)]
    for number in SECTION_NUMBERS:
        parts.append(Heading(number, heading_text(number)))
        if number in NARRATIVE_SECTIONS:
            parts += [Paragraph(number, p) for p in paragraphs(report.sections.get(number, ""))]
        else:
            parts.append(number)
    return parts


def cell_id(n: int) -> str:
    """The anchor of the edition's n-th cell (from 0, in `edition.cell_keys()` order)."""
    return f"cell-{n}"


def section_id(number: str) -> str:
    """The anchor of section 一 … 六, in ASCII: section-1 … section-6."""
    return f"section-{SECTION_NUMBERS.index(number) + 1}"


def _figure(number: int, chart: Chart) -> str:
    """One chart: its SVG inline (without the XML prolog) and its caption, 图1　title."""
    svg = chart.svg.decode("utf-8")
    start = svg.find("<svg")
    if start < 0:
        raise RenderError(f"图表“{chart.title}”不是 SVG 图形")
    return (
        f'<figure class="chart" data-chart="{escape(chart.key)}">\n{svg[start:].strip()}\n'
        f"<figcaption>{escape(figure_caption(number, chart))}</figcaption>\n</figure>"
    )


def _table(
    report: Report, section: str, marks: dict[CellKey, tuple[str, str]], cell_ids: bool
) -> str:
    static, slots = _table_template(report.edition, section, cell_ids)
    cells = report.cells
    out = [static[0]]
    for (key, attrs, plain), after in zip(slots, static[1:], strict=True):
        mark = marks.get(key)
        if mark is None:
            out.append(plain)  # most cells: no finding names them
        else:
            css, text = mark
            out.append(f'<td class="value {css}"{attrs} title="{escape(text)}">')
        value = cells[key]
        # Most values are digits alone, which escaping leaves as they are.
        out += [value if value.isalnum() else escape(value), after]
    return "".join(out)


@cache
def _table_template(
    edition: Edition, section: str, cell_ids: bool
) -> tuple[tuple[str, ...], tuple[tuple[CellKey, str, str], ...]]:
    """The table's HTML around its value cells, and per value cell its key, its attributes
    after the class and its opening tag when no finding marks it (the values and the marks are
    the report's; the rest is the edition's). Each piece after a value cell starts by closing
    it."""
    grid = GRIDS[section](Report.empty(edition))
    numbers = {key: n for n, key in enumerate(edition.cell_keys())}
    static: list[str] = []
    slots: list[tuple[CellKey, str, str]] = []
    run = [f'<table class="t{_TABLE_CLASS[grid.section]}">', _colgroup(grid), "<tbody>"]
    for row in grid.rows():
        line = "<tr>"
        for cell in row:
            if cell.key is None:
                line += _cell(cell)
                continue
            run.append(line)
            static.append("\n".join(run))
            run, line = [], "</td>"
            attrs = _value_attrs(cell, numbers[cell.key], cell_ids)
            slots.append((cell.key, attrs, f'<td class="value"{attrs}>'))
        run.append(line + "</tr>")
    run += ["</tbody>", "</table>"]
    # Rows are lines; a value cell cuts its row, and the piece after it goes on on that line.
    static.append("\n".join(run))
    return tuple(static), tuple(slots)


def _colgroup(grid: Grid) -> str:
    """Column widths: the label columns get what their labels need, the values share the rest.

    Values never wrap (a number broken over two lines misreads), so the browser may still widen
    a column for a long amount; these are starting widths, not limits.
    """
    label_share = _LABEL_WIDTHS.get(grid.section, ())
    values = grid.ncols - len(label_share)
    value_width = (100 - sum(label_share)) / values
    widths = [*label_share, *([value_width] * values)]
    return "<colgroup>" + "".join(f'<col style="width: {w:.2f}%">' for w in widths) + "</colgroup>"


# Percent of the table width for the label columns of tables 二 and 三 (四 has none).
_LABEL_WIDTHS = {"二": (34.0,), "三": (8.0, 13.0, 28.0)}

# CSS class names in ASCII: t2, t3, t4 for tables 二、三、四.
_TABLE_CLASS = {"二": "2", "三": "3", "四": "4"}


def _cell(cell: GridCell) -> str:
    """A header cell (a note, block, column or row label): the edition's text, no mark."""
    tag = "th" if cell.header else "td"
    attrs = [f'class="{cell.role}"', *_spans(cell)]
    if cell.role == "label":
        attrs.append('scope="row"')
    elif cell.role == "column":
        attrs.append('scope="colgroup"' if cell.colspan > 1 else 'scope="col"')
    return f"<{tag} {' '.join(attrs)}>{escape(cell.text)}</{tag}>"


def _value_attrs(cell: GridCell, n: int, cell_ids: bool) -> str:
    """A value cell's attributes after its class: its span, then its anchor or its key."""
    attrs = _spans(cell)
    if cell_ids:
        attrs.append(f'id="{cell_id(n)}"')
    else:
        data = json.dumps(cell.key._asdict(), ensure_ascii=False)
        attrs.append(f'data-cell="{escape(data)}"')
    return "".join(f" {a}" for a in attrs)


def _spans(cell: GridCell) -> list[str]:
    attrs = []
    if cell.rowspan > 1:
        attrs.append(f'rowspan="{cell.rowspan}"')
    if cell.colspan > 1:
        attrs.append(f'colspan="{cell.colspan}"')
    return attrs


def _marks(findings: Sequence[Finding]) -> dict[CellKey, tuple[str, str]]:
    """Per cell: its CSS class (an error outranks a warning) and the findings that name it."""
    named: dict[CellKey, list[Finding]] = {}
    for f in findings:
        for key in dict.fromkeys(f.cells):  # a finding that names a cell twice counts once
            named.setdefault(key, []).append(f)
    marks = {}
    for key, fs in named.items():
        css = "cell-error" if any(f.level == "error" for f in fs) else "cell-warning"
        marks[key] = (css, "\n".join(str(f) for f in fs))
    return marks
