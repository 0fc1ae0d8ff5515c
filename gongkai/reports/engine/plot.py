"""Drawing a chart of charts.py with matplotlib: an SVG whose text stays text, a PNG for print.

Imported only when a chart is drawn, so that nothing else pays for loading matplotlib. Each chart
is a Figure of its own on the Agg canvas, never pyplot and its global figures. The settings a
Figure cannot carry (the SVG text mode, the salt of the SVG's ids) are matplotlib's global
rcParams, so they are set in an rc_context, and charts are drawn one at a time under a lock.

The text is set in the CJK font the PDF writer uses: the family fonts.find_cjk_font chooses, in the
file fontconfig gives WeasyPrint for it. In the SVG the labels are text naming that family
(svg.fonttype "none"), so a browser or WeasyPrint sets them in the page's CJK font and they can be
searched and read back; the PNG carries them as glyphs drawn from the file. A glyph the font
lacks would come out as a box, so matplotlib's warning about one is turned into RenderError.

Nothing drawn is a filled box around text or a grid of lines: the PDF reader finds table cells by
their rules and rectangles, so there is no background, no frame and no gridline, and bars stand
apart by more than pdfplumber's snapping distance (3 pt).
"""

from __future__ import annotations

import io
import re
import subprocess
import threading
import warnings
from dataclasses import dataclass
from html import escape

from gongkai.documents import fonts
from gongkai.documents.errors import RenderError

from .charts import UNIT, ChartSpec

WIDTH_CM = 15.5  # about the text width of the DOCX page (15.6 cm) and of the HTML page
HEIGHT_CM = 7.0
PNG_DPI = 300  # print resolution; a chart is ~1830 × 830 px
FONT_SIZE = 9  # pt at the printed size
COLOURS = ("#1f4e79", "#9dc3e6")  # dark and light blue: the two series stay apart in grey too
GROUP_WIDTH = 0.72  # of one category's slot, for all its bars
BAR_SHARE = 0.82  # of a bar's place within the group: a gap of ≥ 6 pt between touching bars

# No Date (the same input gives the same bytes), no Creator/Format/Type: an SVG inline in HTML
# would otherwise carry RDF metadata whose text a reader of the page might pick up.
_SVG_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}
_PNG_METADATA = {"Software": None}

_turn = threading.Lock()  # rcParams and warning filters are global to the process
_files: dict[str, ChartFont] = {}


@dataclass(frozen=True)
class ChartFont:
    family: str
    path: str
    index: int  # the face in a collection (.ttc): Noto CJK's SC face is not its first


def chart_font() -> ChartFont:
    """The PDF writer's CJK family and the file fontconfig gives for it; RenderError if none."""
    try:
        family = fonts.find_cjk_font()
    except RenderError:  # its message speaks of the PDF; this is about a chart
        raise RenderError(
            f"无法生成图表：未找到中文字体，汉字将无法显示。{fonts.INSTALL_HINT}"
        ) from None
    if family not in _files:
        _files[family] = _font_file(family)
    return _files[family]


def _font_file(family: str) -> ChartFont:
    pattern = re.sub(r"([\\:,=-])", r"\\\1", family) + ":weight=regular:slant=roman"
    try:
        done = subprocess.run(
            ["fc-match", "--format=%{file}\n%{index}\n%{family}\n", pattern],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        path, index, families = done.stdout.split("\n")[:3]
        face = int(index)
    except (OSError, subprocess.TimeoutExpired, ValueError):
        path, face, families = "", 0, ""
    # fc-match always answers with some font; only the family asked for will do.
    if not path or family not in [name.strip() for name in families.split(",")]:
        raise RenderError(
            f"无法生成图表：找不到中文字体“{family}”的字体文件，汉字将无法显示。{fonts.INSTALL_HINT}"
        )
    return ChartFont(family, path, face)


def draw(spec: ChartSpec) -> tuple[bytes, bytes]:
    """The chart as (SVG, PNG)."""
    font = chart_font()
    try:
        import matplotlib
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise RenderError(
            f"无法生成图表：绘图组件 matplotlib 不可用（{exc}）。"
            "请按 requirements.txt 安装 matplotlib"
        ) from None
    rc = {
        "svg.fonttype": "none",  # labels as <text>, not as paths
        "svg.hashsalt": f"gongkai-{spec.key}",  # fixed ids, and distinct between two charts
        "font.family": [font.family],
        "font.size": FONT_SIZE,
        "axes.unicode_minus": False,
    }
    with _turn, matplotlib.rc_context(rc), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure = Figure(figsize=(WIDTH_CM / 2.54, HEIGHT_CM / 2.54), layout="constrained")
        FigureCanvasAgg(figure)
        _paint(figure, spec, font)
        figure.patch.set_visible(False)  # no background box in the page's PDF
        svg = _save(figure, format="svg", metadata=_SVG_METADATA)
        figure.patch.set_visible(True)  # a PNG on its own is read on white
        figure.patch.set_facecolor("white")
        png = _save(figure, format="png", dpi=PNG_DPI, metadata=_PNG_METADATA)
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    if missing:
        raise RenderError(f"无法生成图表：字体“{font.family}”缺少字形（{missing[0]}）")
    return _accessible_svg(svg, spec), png


def _paint(figure, spec: ChartSpec, font: ChartFont) -> None:
    from matplotlib.font_manager import FontPath, FontProperties

    # The file is named, so matplotlib draws from it; the family is what the SVG's text names.
    text = FontProperties(family=[font.family], fname=FontPath(font.path, font.index))
    axes = figure.add_subplot()
    axes.patch.set_visible(False)
    # No value axis: each bar carries its number with the unit (12件), which a reader of the
    # PDF's text cannot take for a row of table values, as it would a column of tick numbers.
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    axes.set_yticks([])
    slots = range(len(spec.categories))
    place = GROUP_WIDTH / len(spec.series)
    for i, series in enumerate(spec.series):
        at = [x - GROUP_WIDTH / 2 + place * (i + 0.5) for x in slots]
        bars = axes.bar(
            at, series.values, width=place * BAR_SHARE, color=COLOURS[i], label=series.name
        )
        labels = [f"{v}{UNIT}" for v in series.values]
        axes.bar_label(bars, labels=labels, padding=1.5, fontproperties=text)
    axes.set_xticks(list(slots), spec.categories, fontproperties=text)
    axes.tick_params(axis="x", length=0)
    highest = max((v for s in spec.series for v in s.values), default=0)
    axes.set_ylim(0, max(highest, 1) * 1.12)  # room above the highest bar for its number
    if len(spec.series) > 1:
        axes.legend(
            prop=text,
            frameon=False,
            loc="lower right",  # above the bars, whichever year is the highest
            bbox_to_anchor=(1.0, 1.0),
            ncols=len(spec.series),
            borderaxespad=0.0,
        )


def _save(figure, **options) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, **options)
    return out.getvalue()


_ID = re.compile(rb'\sid="([^"]*)"')


def _accessible_svg(svg: bytes, spec: ChartSpec) -> bytes:
    """The SVG with its title and description (the alt text) and role="img", and without the ids
    nothing refers to (matplotlib names every group figure_1, axes_1 …, which would repeat
    between two charts inline in one page)."""
    referred = set(re.findall(rb"#([^\s\"')]+)", svg))
    svg = _ID.sub(lambda m: m.group(0) if m.group(1) in referred else b"", svg)
    start = svg.index(b"<svg")
    end = svg.index(b">", start)
    label = (
        f"<title>{escape(spec.title, quote=False)}</title>\n"
        f"<desc>{escape(spec.alt, quote=False)}</desc>\n"
    ).encode()
    return svg[:start] + svg[start:end] + b' role="img">\n' + label + svg[end + 1 :].lstrip(b"\n")
