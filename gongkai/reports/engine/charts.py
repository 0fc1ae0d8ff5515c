"""The charts of an annual report: what the numbers of table 三 look like, for HTML, PDF and DOCX.

Four charts, each left out when its data is absent:
  by_month        新收 by month (needs ChartData.by_month: the report itself has no months);
  by_applicant    一、本年新收 by the six applicant columns of table 三;
  outcomes        the six result groups of 三、本年度办理结果, summed over their rows (both
                  editions);
  year_over_year  新收 and 办结 per year, up to five years (needs ChartData.history).
The three table-三 charts are left out when the report omits table 三 or its cells there are blank
or unreadable (the checker names such cells; a chart drawn from a guess would mislead).

Every label is read from editions.py, never retyped. The charts are drawn by matplotlib, imported
only here and only when a chart is drawn (its import costs ~0.3 s that `gongkai report check`
must not pay), on figures of their own (never pyplot's global state). The text is set in the CJK
font the PDF writer uses (gongkai.documents.fonts); without one RenderError is raised, never a
chart whose 汉字 are empty boxes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .editions import (
    NEW,
    RESULTS_TOTAL,
    TABLE3_APPLICANT_COLUMNS,
    TABLE3_APPLICANTS,
    TABLE3_RESULTS,
    Column,
    Row,
)
from .model import Report

MONTHS = tuple(f"{m}月" for m in range(1, 13))
YEARS_SHOWN = 5  # the year-over-year chart shows at most this many years, the latest ones
UNIT = "件"


@dataclass(frozen=True)
class ChartData:
    """What a chart needs that the report does not hold.

    `by_month`: the applications received in each month of the report year, January first (12
    counts), or None. `history`: the reports of earlier years, any edition, oldest first; the
    report being charted is the last year of the year-over-year chart.
    """

    by_month: tuple[int, ...] | None = None
    history: tuple[Report, ...] = ()

    def __post_init__(self) -> None:
        if self.by_month is not None:
            months = tuple(self.by_month)
            if len(months) != 12:
                raise ValueError(f"by_month 应为 12 个月的申请数，实为 {len(months)} 个")
            for month, count in zip(MONTHS, months, strict=True):
                if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                    raise ValueError(f"by_month 中{month}的申请数应为非负整数：{count!r}")
            object.__setattr__(self, "by_month", months)
        history = tuple(self.history)
        for earlier in history:
            if not isinstance(earlier, Report):
                raise TypeError(f"history 应为 Report 的序列，其中有 {type(earlier).__name__}")
        object.__setattr__(self, "history", history)


@dataclass(frozen=True)
class Chart:
    """One drawn chart: `svg` for HTML and PDF (its text stays text), `png` for DOCX.

    `alt` says in Chinese what the chart shows, with every number: the text alternative for
    readers who cannot see it, and the DOCX picture's description.
    """

    key: str  # by_month, by_applicant, outcomes or year_over_year
    title: str
    alt: str
    svg: bytes = field(repr=False)
    png: bytes = field(repr=False)


@dataclass(frozen=True)
class Series:
    name: str  # shown in a legend when a chart has more than one series
    values: tuple[int, ...]


@dataclass(frozen=True)
class ChartSpec:
    """A chart before it is drawn: categories along the x axis, one bar per series in each."""

    key: str
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    alt: str


def report_charts(report: Report, data: ChartData | None = None) -> list[Chart]:
    """The report's charts, drawn, in the order they are printed; [] when none has data.

    Raises RenderError when no CJK font is installed (or matplotlib is missing), ValueError when
    `data.history` is not a run of earlier years.
    """
    specs = chart_specs(report, data)
    if not specs:
        return []
    from .plot import draw  # matplotlib is loaded there, when there is something to draw

    return [Chart(s.key, s.title, s.alt, *draw(s)) for s in specs]


def chart_specs(report: Report, data: ChartData | None = None) -> list[ChartSpec]:
    """What report_charts draws, without drawing it (no matplotlib, no font)."""
    data = data or ChartData()
    made = [
        _by_month(report, data.by_month),
        _by_applicant(report),
        _outcomes(report),
        _year_over_year(report, data.history),
    ]
    return [spec for spec in made if spec is not None]


# The four charts ------------------------------------------------------------------------------


def _by_month(report: Report, months: tuple[int, ...] | None) -> ChartSpec | None:
    if months is None:
        return None
    # 一、本年新收政府信息公开申请数量 → 2020年各月新收政府信息公开申请数量
    title = f"{_year(report)}各月{_new_phrase(None).removeprefix('本年')}"
    alt = f"{title}：{_listing(MONTHS, months)}；合计{sum(months)}{UNIT}。"
    return ChartSpec("by_month", title, MONTHS, (Series(title, months),), alt)


def _by_applicant(report: Report) -> ChartSpec | None:
    columns = TABLE3_APPLICANT_COLUMNS
    values = _t3_values(report, [(NEW, c) for c in columns])
    if values is None:
        return None
    labels = tuple(c.short for c in columns)
    title = f"{_new_phrase(report.year)}（按{TABLE3_APPLICANTS}）"
    alt = f"{title}：{_listing(labels, values)}；合计{sum(values)}{UNIT}。"
    return ChartSpec("by_applicant", title, labels, (Series(title, values),), alt)


def _outcomes(report: Report) -> ChartSpec | None:
    groups = result_groups(report)
    total = report.edition.table3_columns[-1]
    values = _t3_values(report, [(r, total) for rows in groups.values() for r in rows])
    if values is None:
        return None
    sums: list[int] = []
    for rows in groups.values():
        sums.append(sum(values[: len(rows)]))
        values = values[len(rows) :]
    labels = tuple(groups)
    year = f"{report.year}年度" if report.year is not None else "本年度"
    # 三、本年度办理结果 → 2020年度政府信息公开申请办理结果
    title = f"{year}政府信息公开申请{_strip_number(TABLE3_RESULTS).removeprefix('本年度')}"
    alt = f"{title}：{_listing(labels, sums)}；合计{sum(sums)}{UNIT}。"
    return ChartSpec("outcomes", title, labels, (Series(title, tuple(sums)),), alt)


def _year_over_year(report: Report, history: Sequence[Report]) -> ChartSpec | None:
    if not history or "三" in report.omitted:
        return None
    years: list[int] = []
    for each in (*history, report):
        if each.year is None:
            raise ValueError("历年对比需要每份报告的年度（year 为空）")
        if years and each.year <= years[-1]:
            raise ValueError(
                f"history 应为本年度以前各年的报告，从早到晚排列：{years}、{each.year}"
            )
        years.append(each.year)
    points = [(r.year, p) for r in (*history, report) if (p := _new_and_done(r)) is not None]
    points = points[-YEARS_SHOWN:]
    if len(points) < 2 or points[-1][0] != report.year:  # a comparison needs this year and one more
        return None
    labels = tuple(f"{year}年" for year, _ in points)
    new = Series("新收", tuple(p[0] for _, p in points))
    done = Series("办结", tuple(p[1] for _, p in points))
    title = f"{points[0][0]}—{points[-1][0]}年新收和办结政府信息公开申请数量"
    each_year = "；".join(
        f"{label}{new.name}{n}{UNIT}、{done.name}{d}{UNIT}"
        for label, n, d in zip(labels, new.values, done.values, strict=True)
    )
    return ChartSpec("year_over_year", title, labels, (new, done), f"{title}：{each_year}。")


def _new_and_done(report: Report) -> tuple[int, int] | None:
    """一、本年新收 and （七）总计 in the 总计 column; None when the report has neither."""
    total = report.edition.table3_columns[-1]
    values = _t3_values(report, [(NEW, total), (RESULTS_TOTAL, total)])
    return None if values is None else (values[0], values[1])


def figure_caption(number: int, chart: Chart) -> str:
    """A chart's caption in HTML, PDF and DOCX, numbered as a printed report numbers its
    figures: 图1　2020年各月新收政府信息公开申请数量."""
    return f"图{number}\u3000{chart.title}"


# Reading table 三 ------------------------------------------------------------------------------


def result_groups(report: Report) -> dict[str, tuple[Row, ...]]:
    """The result groups of table 三 by their short names (予以公开 … 其他处理), with their rows.

    A group is the second label of a result row's path: （三）不予公开 holds its eight rows, and
    （六）其他处理 is one row in the 2019 edition and three in the 2021 one.
    """
    groups: dict[str, list[Row]] = {}
    for row in report.edition.result_rows:
        groups.setdefault(_strip_number(row.path[1]), []).append(row)
    return {name: tuple(rows) for name, rows in groups.items()}


def _t3_values(report: Report, cells: Sequence[tuple[Row, Column]]) -> tuple[int, ...] | None:
    """The counts in these cells of table 三, a blank or "/" read as 0 (published reports leave
    zeros blank); None when the report leaves table 三 out, every cell is blank, or one cannot be
    read as a count (the checker names that cell; a chart drawn from a guess would mislead)."""
    if "三" in report.omitted:
        return None
    values: list[int | None] = []
    for row, column in cells:
        try:
            number = report.number(report.edition.t3(row, column))
        except ValueError:
            return None
        values.append(None if number is None else int(number))
    if all(v is None for v in values):
        return None
    return tuple(v or 0 for v in values)


# Words ---------------------------------------------------------------------------------------

_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.)")
_ASIDE = re.compile(r"（[^（）]*）$")


def _strip_number(label: str) -> str:
    """An official label without its numbering and its trailing aside, e.g. 部分公开 from
    （二）部分公开（区分处理的，只计这一情形，不计其他情形）."""
    return _ASIDE.sub("", _NUMBERING.sub("", label))


def _new_phrase(year: int | None) -> str:
    """一、本年新收政府信息公开申请数量 as a title: 2020年新收… for a year, 本年新收… without."""
    phrase = _strip_number(NEW.path[-1])  # 本年新收政府信息公开申请数量
    return phrase if year is None else phrase.replace("本年", f"{year}年", 1)


def _year(report: Report) -> str:
    return f"{report.year}年" if report.year is not None else ""


def _listing(labels: Sequence[str], values: Sequence[int]) -> str:
    return "，".join(f"{label}{value}{UNIT}" for label, value in zip(labels, values, strict=True))


__all__ = [
    "Chart",
    "ChartData",
    "ChartSpec",
    "Series",
    "chart_specs",
    "figure_caption",
    "report_charts",
]
