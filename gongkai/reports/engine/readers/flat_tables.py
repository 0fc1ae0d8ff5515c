"""Finding the tables' rows in running text and reading each row's run of values.

Table 二 is read by its block headings (第二十条第（一）项 …) and row labels, which are short
and fixed; its header is skipped, as it holds "本年增/减". Table 三's rows are the runs of values
between labels, paired in order with the edition's rows by how well the text before each run
matches a row's label (labels drift). Table 四's row is the last run of its section.

Each run is cut into cells by flat_split: a run only one way can be cut is read as such; else the
rules decide (R2 per row, R4 per stream, then R1 and R3 over table 三's rows together). Where
several cuts remain, the cells on which they all agree are read and the others left blank, with
the candidates in an "ambiguous" note; a number is never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..editions import (
    CARRIED_FORWARD,
    CARRIED_IN,
    EDITIONS,
    NEW,
    RESULTS_TOTAL,
    TABLE3_RESULTS,
    Edition,
    Row,
    edition_for_year,
)
from ..model import mixed_edition
from .digits import TooAmbiguous
from .flat_split import JOINT_STEPS, ROW_STEPS, Budget, Group, Run, Summed, solve_jointly, split_run
from .labels import align, core, normalize
from .lines import LISTED_CANDIDATES, Diagnostic, Line, ReadError
from .structure import other_rows_layout

REPORT_STEPS = 600_000  # every row of one report together: the bound on a whole read
T3_WIDTH = 7
T4_WIDTH = 15
_SHORTEST_RUN = 2
_T3_ROW: tuple[Group, ...] = (Summed(6),)  # R2: six applicant columns, then 总计
_T4_ROW: tuple[Group, ...] = (Summed(4),) * 3  # R4: 维持, 纠正, 其他, 尚未审结, 总计, per stream
_T3_RUN = re.compile(r"[0-9./\-—–― ]+")
_T2_VALUES = re.compile(r"(?:[0-9./\-—–―+ ]|万元|元)*")
# Width-folding that keeps every character one character, so positions still point into the text.
FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x2212: ord("-")}
_FOLDABLE = re.compile("[\uff01-\uff5e\u2212]")
_YEAR = re.compile(r"(\d{4})年度?(?:的)?政府信息公开(?:工作)?年度?报告")


def fold(text: str) -> str:
    """text.translate(FOLD), faster on long Chinese text: translate() looks each character up
    in the table (most are not there, and a miss is slow), where here each kind of form found
    is replaced throughout at once (a text holds few kinds of them, many times over)."""
    for char in set(_FOLDABLE.findall(text)):
        text = text.replace(char, chr(FOLD[ord(char)]))
    return text


@dataclass(frozen=True)
class Found:
    """A run of values in table 三 and the label text before it."""

    context: str
    run: Run


class _Steps:
    """The steps left for one report; each row's search takes its share from them."""

    def __init__(self) -> None:
        self.left = REPORT_STEPS

    def split(self, run: Run, groups: Sequence[Group], limit: int | None = None):
        budget = Budget(min(ROW_STEPS, self.left))
        try:
            if limit is None:
                return split_run(run, groups, budget)
            return split_run(run, groups, budget, limit)
        finally:
            self.left -= min(ROW_STEPS, self.left) - max(budget.left, 0)


# ---------------------------------------------------------------- the edition


def choose_edition(text: str, headings: dict[str, tuple[int, int]]) -> Edition:
    """The edition from the labels only one edition has: table 二's first, then the year in the
    title, then table 三's (a table 三 may mix the editions)."""
    start = min(headings[n][0] for n in ("二", "三") if n in headings)
    end = headings["四"][0] if "四" in headings else len(text)
    tables = normalize(text[start:end])
    for labels_of in (_table2_labels, None, _table3_labels):
        if labels_of is None:
            year = _YEAR.search(text[:start])
            if year and int(year.group(1)) >= 2019:
                return edition_for_year(int(year.group(1)))
            continue
        best = _decisive(tables, labels_of)
        if best is not None:
            return best
    raise ReadError("无法判断报告采用 2019 年版还是 2021 年版格式：表二的栏目和年度都未能识别")


def _decisive(text: str, labels_of) -> Edition | None:
    labels = {key: labels_of(edition) for key, edition in EDITIONS.items()}
    shared = set.intersection(*labels.values())
    owner = {label: key for key, own in labels.items() for label in own - shared}
    scores = dict.fromkeys(EDITIONS, 0)
    for label in sorted(owner, key=len, reverse=True):  # "本年处理决定数量" before "处理决定数量"
        scores[owner[label]] += text.count(label)
        text = text.replace(label, "\x00")
    (best, high), (_, low) = sorted(scores.items(), key=lambda item: -item[1])
    return EDITIONS[best] if high > low else None


def _table2_labels(edition: Edition) -> set[str]:
    found = set()
    for block in edition.table2:
        found.update(normalize(row.path[-1]) for row in block.rows)
        found.update(normalize(col.short) for col in block.columns)
    return {label for label in found if len(label) >= 4}


def _table3_labels(edition: Edition) -> set[str]:
    return {label for row in edition.table3_rows if len(label := normalize(row.path[-1])) >= 4}


# ---------------------------------------------------------------- a row's cells


def _run(text: str, where: str) -> Run:
    """A run as printed: its spaces become the places a cell must end."""
    chars, breaks = [], set()
    for ch in text.strip():
        if ch == " ":
            breaks.add(len(chars))
        else:
            chars.append(ch)
    return Run("".join(chars), frozenset(breaks), where)


def _read_run(steps: _Steps, run: Run, groups: tuple[Group, ...]) -> list | None:
    """The ways the rules allow to read a run; None when there are too many to list.

    A run that can be cut only one way is not taken on that ground alone: a blank cell leaves
    no trace in running text, so "1111013" may be 1 1 1 1 0 1 3 or, blanks lost, 1 1 1 10 13.
    Only a cut the row's sums hold for is read.
    """
    try:
        return steps.split(run, groups)
    except TooAmbiguous:
        return None


def _settle(
    name: str, run: Run, width: int, candidates: list[tuple[str, ...]] | None, notes: list
) -> list[str]:
    """The cells to read: those every candidate agrees on; a note for whatever stays open."""
    if candidates is None:
        notes.append(
            Diagnostic(
                "ambiguous",
                f"{name}：数值“{run.shown()}”间的分隔符已丢失，可能的拆分过多，无法确定，未读取",
                run.where,
            )
        )
        return [""] * width
    if not candidates:
        notes.append(
            Diagnostic(
                "ambiguous",
                f"{name}：数值“{run.shown()}”无法拆分为 {width} 个符合勾稽关系的数值"
                "（可能有空白单元格或报告本身的数字有误），未读取",
                run.where,
            )
        )
        return [""] * width
    agreed = [cells[0] if len(set(cells)) == 1 else "" for cells in zip(*candidates, strict=True)]
    if len(candidates) > 1:
        some = "，各种拆分一致的单元格已读取，其余未读取" if any(agreed) else "，未读取"
        listed = (
            f"（共 {len(candidates)} 种，列出前 {LISTED_CANDIDATES} 种）"
            if len(candidates) > LISTED_CANDIDATES
            else ""
        )
        notes.append(
            Diagnostic(
                "ambiguous",
                f"{name}：数值“{run.shown()}”间的分隔符已丢失，有 {len(candidates)} 种符合"
                f"勾稽关系的拆分{some}{listed}",
                run.where,
                tuple(candidates),
            )
        )
    return agreed


# ---------------------------------------------------------------- the tables


def table_lines(
    flat, number: str, span: tuple[int, int], edition: Edition, notes: list[Diagnostic]
) -> list[Line]:
    """The lines of table `number` read from the running text in `span`."""
    steps = _Steps()
    if number == "二":
        return _table2(flat, span, edition, steps, notes)
    if number == "三":
        return _table3(flat, span, edition, steps, notes)
    return _table4(flat, span, steps, notes)


def _table2(flat, span, edition: Edition, steps: _Steps, notes: list) -> list[Line]:
    text, (position, stop) = flat.text, span
    starts = []
    for block in edition.table2:
        heading = block.heading.translate(FOLD)
        at = text.find(heading, position, stop)
        if at >= 0:
            starts.append((block, at, at + len(heading)))
            position = at + len(heading)
    out: list[Line] = []
    for index, (block, at, body) in enumerate(starts):
        end = starts[index + 1][1] if index + 1 < len(starts) else stop
        out.append(Line(text=block.heading, where=flat.where(at)))
        out += _table2_rows(flat, block, (body, end), steps, notes)
    if not starts:
        notes.append(Diagnostic("warning", "表二：在连续文字中未找到第二十条各项的表格"))
    return out


def _table2_rows(flat, block, span, steps: _Steps, notes: list) -> list[Line]:
    text, (position, end) = flat.text, span
    found = []  # (row, where its label starts, where its values start)
    for row in block.rows:
        label = row.path[-1].translate(FOLD)
        at = text.find(label, position, end)
        if at >= 0:
            found.append((row, at, at + len(label)))
            position = at + len(label)
    out = []
    kinds = tuple(column.kind for column in block.columns)
    for index, (row, _, start) in enumerate(found):
        stop = found[index + 1][1] if index + 1 < len(found) else end
        name = f"表二{block.heading}“{row.path[-1]}”"
        values = _T2_VALUES.match(text, start, stop)
        if re.search(r"\d", text[values.end() : stop]):
            notes.append(
                Diagnostic("warning", f"{name}：数值后有无法识别的文字，未读取", flat.where(start))
            )
            continue
        run = _run(values.group(), flat.where(start))
        if run.text:
            cells = _settle(name, run, len(kinds), _read_run(steps, run, kinds), notes)
            if any(cells):
                out.append(Line.row([row.path[-1], *cells], run.where))
    return out


def _table3(flat, span, edition: Edition, steps: _Steps, notes: list) -> list[Line]:
    found = _table3_runs(flat, span)
    # A table 三 may hold the other edition's （六） rows: pair the runs with the rows it holds.
    # The lines then carry those rows' labels, and the parser says the layout is mixed when it
    # reads them (structure._table3_layout), as for a report that kept its line breaks.
    if (rows_of := other_rows_layout(found)) is not None:
        edition = mixed_edition(edition, rows_of)
    rows = edition.table3_rows
    pairs = _align(rows, found)
    paired = {id(f) for _, f in pairs}
    for extra in (f for f in found if id(f) not in paired):
        notes.append(
            Diagnostic(
                "warning", f"表三中多出的一行数值“{extra.run.shown()}”未读取", extra.run.where
            )
        )
    candidates: dict[str, list[tuple[str, ...]]] = {}
    runs: dict[str, Run] = {}
    settled: dict[str, list[tuple[str, ...]] | None] = {}
    for row, line in pairs:
        runs[row.key] = line.run
        settled[row.key] = _read_run(steps, line.run, _T3_ROW)
        if settled[row.key]:
            candidates[row.key] = settled[row.key]
    if any(found == [] for found in settled.values()):
        notes.append(
            Diagnostic(
                "warning",
                "表三有的行在连续文字中数值不足 7 个：空白单元格不留痕迹，"
                "按勾稽关系拆分的其余各行也可能因此有误，请对照原文核对",
            )
        )
    settled.update(_together(edition, candidates, notes))
    out = []
    for row in rows:
        if row.key in runs:
            name = f"表三“{row.name}”"
            cells = _settle(name, runs[row.key], T3_WIDTH, settled[row.key], notes)
            where = runs[row.key].where
        else:
            notes.append(Diagnostic("warning", f"表三未找到“{row.name}”一行，按空白处理"))
            cells, where = [""] * T3_WIDTH, ""
        out.append(Line.row([_row_label(row), *cells], where))
    return out


def _together(edition: Edition, candidates: dict, notes: list) -> dict:
    """Table 三's rows chosen together: R3 down each column, R1 across the sections."""
    equations = [
        {**{row.key: 1 for row in edition.result_rows}, RESULTS_TOTAL.key: -1},
        {NEW.key: 1, CARRIED_IN.key: 1, RESULTS_TOTAL.key: -1, CARRIED_FORWARD.key: -1},
    ]
    if all(len(c) == 1 for c in candidates.values()):
        return {}
    try:
        solved = solve_jointly(candidates, equations, Budget(min(JOINT_STEPS, REPORT_STEPS)))
    except TooAmbiguous:
        notes.append(Diagnostic("info", "表三：各行可能的拆分组合过多，未能按 R1、R3 一并确定"))
        return {}
    if solved is None:
        notes.append(
            Diagnostic(
                "warning",
                "表三：各行的拆分无法同时满足 R1、R3（报告本身的数字可能有误），"
                "只按各行自身的 R2 拆分",
            )
        )
        return {}
    return solved


def _table3_runs(flat, span) -> list[Found]:
    """The runs of values in table 三, each with the label text before it.

    A row label's numbering ("3." or "3、") follows the run before it directly; it is taken back
    from the run. A lone digit is part of a label (a numbering without its dot); a run too short
    for seven cells is still a row's, whose blanks were lost: it is reported, not skipped.
    """
    text, (start, stop) = flat.text, span
    found, label, previous = [], "", start
    for match in _T3_RUN.finditer(text, start, stop):
        label += text[previous : match.start()]
        previous = match.end()
        piece, numbering = _numbering_after(match.group(), text[match.end() : match.end() + 1])
        if len(piece.replace(" ", "")) < _SHORTEST_RUN:
            label += match.group()
            continue
        where = flat.where(match.start() + len(match.group()) - len(match.group().lstrip()))
        found.append(Found(normalize(label), _run(piece, where)))
        label = numbering
    return found


def _numbering_after(run: str, after: str) -> tuple[str, str]:
    """A run and the next label's numbering that ends it: ("00000003", "3.") from "00000003."."""
    if not after or after.isdigit():
        return run, ""
    if run.endswith(".") and run[-2:-1].isdigit():
        return run[:-2], run[-2:]
    if after == "、" and run[-1:].isdigit():
        return run[:-1], run[-1]
    return run, ""


def _align(rows: tuple[Row, ...], found: list[Found]) -> list[tuple[Row, Found]]:
    """Rows and value lines paired in order, as many as can be, matching labels best."""
    cores = [core(row.path[-1]) for row in rows]
    pairs = align(cores, [f.context for f in found])
    return [(rows[i], found[j]) for i, j in pairs]


def _row_label(row: Row) -> str:
    """A table-三 row's labels in one cell, without the outer 三、本年度办理结果."""
    path = row.path[1:] if row.path[0] == TABLE3_RESULTS else row.path
    return " ".join(path)


def _table4(flat, span, steps: _Steps, notes: list) -> list[Line]:
    start, stop = span
    runs = [
        _run(m.group(), flat.where(m.start()))
        for m in _T3_RUN.finditer(flat.text, start, stop)
        if m.group().strip()
    ]
    wide = [run for run in runs if len(run.text) >= T4_WIDTH] or runs[-1:]
    if not wide:
        notes.append(Diagnostic("warning", "表四：在连续文字中未找到数据"))
        return []
    run = wide[-1]
    cells = _settle("表四", run, T4_WIDTH, _read_run(steps, run, _T4_ROW), notes)
    return [Line.row(cells, run.where)] if any(cells) else []
