"""Reading tables 二, 三 and 四 from the lines of their sections.

A line gives a label (its text) and trailing values (its numbers, blanks and dashes). Table 三's
rows are found by aligning the lines that hold values with the edition's rows in order, using how
well the text before each line's values matches the row's label; this copes with labels that drift,
that PDF extraction splits around the numbers, and with rows that are missing. Rows whose cell
separators were lost are split again under R2–R4 (digits.py).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache

from ..editions import (
    CARRIED_FORWARD,
    CARRIED_IN,
    NEW,
    RESULTS_TOTAL,
    TABLE2_ROW_HEADER,
    TABLE4_COLUMNS,
    Block,
    CellKey,
    Edition,
    Row,
)
from ..model import Report
from ..values import clean, is_value, may_be_value
from .digits import SumRule, TooAmbiguous, split_row
from .labels import align, coverage, normalize, official, official_core
from .lines import Diagnostic, Line
from .wild import DRIFT, drift_note, label_note, misaligned_cells

TABLE3_RULES: tuple[SumRule, ...] = ((0, 7),)  # R2: the six applicant columns add up to 总计
TABLE4_RULES: tuple[SumRule, ...] = ((0, 5), (5, 10), (10, 15))  # R4, per stream
MAX_COMBINATIONS = 20_000  # bound on resolving ambiguous rows together under R1/R3


@dataclass
class ValueLine:
    """A line that holds values, with the label text since the previous such line."""

    context: str
    values: list[str]
    where: str
    exact: bool
    # Per value: True where a cell of the row starts (lines.Line.own); None when not known.
    own: list[bool] | None = None
    label: str = ""  # the label text on the line itself, as printed


def split_line(line: Line) -> tuple[str, list[str]]:
    """A line's label text and its trailing values (numbers, dashes, "/" and blank cells)."""
    parts = line.cells if line.cells is not None else line.text.split()
    values: list[str] = []  # from the last part back, each cleaned once, to test it and keep it
    for part in reversed(parts):
        if not part or (part.isdigit() and part.isascii()):
            values.append(part)  # most cells: blank, or a count in ASCII digits (clean as it is)
            continue
        if not may_be_value(part):
            break  # the label's text, told by one character
        value = clean(part)
        if value and not is_value(value):
            break  # neither blank (only whitespace) nor a value: the label ends here
        values.append(value)
    end = len(parts) - len(values)
    label = " ".join([p for p in parts[:end] if p.strip()])
    values.reverse()
    return label, values


def own_run(line: Line) -> tuple[str, list[str], list[bool] | None]:
    """split_line, with which of the values start a cell of their own (None when not known).

    Positions at the end of a row where no cell starts hold nothing: the grid is wider there
    because another row is (a span of Word's), or the row's last cell spans them. They are left
    out, so that a row that lines up with its header is read as it is.
    """
    label, run = split_line(line)
    if line.own is None:
        return label, run, None
    own = list(line.own[len(line.own) - len(run) :])
    while own and not own[-1]:
        own.pop()
        run.pop()
    return label, run, own


def value_lines(lines: list[Line], width: int, merge_bare: bool = False) -> list[ValueLine]:
    """The lines holding values. `merge_bare` joins consecutive lines that hold only values (a
    wide row that a PDF wrapped)."""
    found: list[ValueLine] = []
    pending: list[str] = []
    for index, line in enumerate(lines):
        label, run, own = own_run(line)
        if _numbering_cut(line, run, lines[index + 1 : index + 2]):
            label, run = f"{label} {run[0]}", []
        # Positions a span covers are no cells: a header spanning the grid holds no values.
        cells = len(run) if own is None else sum(own)
        has_values = any(run) or (line.exact and bool(label) and cells >= width)
        if not has_values:
            if label:
                pending.append(label)
            continue
        context = normalize("".join(pending) + label)
        if merge_bare and found and not context and len(found[-1].values) < width:
            last = found[-1]
            last.values.extend(run)
            last.own = None if last.own is None or own is None else [*last.own, *own]
            continue
        found.append(ValueLine(context, run, line.where, line.exact, own, label))
        pending = []
    return found


def _drifted(found: ValueLine, width: int) -> tuple[list[tuple[str, ...]], str] | None:
    cells = misaligned_cells(found.values, found.own, width)
    if cells is None:
        return None
    readable, note = drift_note(cells, width)
    return ([tuple(cells)] if readable else []), note


def _numbering_cut(line: Line, run: list[str], following: list[Line]) -> bool:
    """A label broken right after its number ("（三）不予公开 4" / ".保护第三方合法权益 …"):
    the number is the row's numbering, not a value."""
    return (
        line.cells is None
        and len(run) == 1
        and run[0].isdigit()
        and len(run[0]) <= 2
        and bool(following)
        and following[0].text.lstrip().startswith((".", "、", "．"))
    )


def fit(
    found: ValueLine, width: int, rules: tuple[SumRule, ...]
) -> tuple[list[tuple[str, ...]], str]:
    """The ways to read a line's values as `width` cells, and a note on how (for diagnostics)."""
    drifted = _drifted(found, width)
    if drifted is not None:
        return drifted
    run = list(found.values)
    if not found.exact:  # layout tabs trail after the last cell of tab-separated text
        while len(run) > width and not run[-1]:
            run.pop()
    if len(run) >= width:
        extra = [v for v in run[:-width] if v]
        note = f"多出的数值 {' '.join(extra)} 未计入" if extra else ""
        return [tuple(run[-width:])], note
    tokens = [v for v in run if v]
    if len(tokens) < len(run):
        return (
            [],
            f"只有 {len(run)} 个单元格，应有 {width} 个，且其中有空白，无法确定各数值所在的栏目",
        )
    try:
        loose = split_row(tokens, width)
        if len(loose) == 1:
            return loose, "数值间的分隔符已丢失，按唯一可能的拆分读取"
        candidates = split_row(tokens, width, rules)
    except TooAmbiguous:
        return [], "数值间的分隔符已丢失，可能的拆分过多，无法确定"
    if not candidates:
        return [], (
            f"只找到 {len(tokens)} 个数值（{' '.join(tokens)}），应有 {width} 个；"
            "没有符合勾稽关系的拆分，可能有空白单元格"
        )
    return candidates, "数值间的分隔符已丢失，按“总计等于各项之和”拆分"


# ---------------------------------------------------------------- table 二


def read_table2(report: Report, lines: list[Line], diagnostics: list[Diagnostic]) -> None:
    block: Block | None = None
    pending = ""
    for line in lines:
        heading = _block_for(report, line.text)
        if heading is not None:
            block, pending = heading, ""
            continue
        if block is None:
            continue
        label, run, own = own_run(line)
        if normalize(label).startswith(TABLE2_ROW_HEADER) or not (label or any(run)):
            pending = ""
            continue
        if not any(run):
            pending += label
            continue
        row, similar = _table2_row(block, pending + label)
        pending = ""
        if similar:
            diagnostics.append(
                Diagnostic(
                    "info",
                    f"表二{block.heading}：标签印作“{label}”，"
                    f"与格式的“{row.path[-1]}”不完全一致（缺字、多字或错字），按相似度读作该行",
                    line.where,
                )
            )
        if row is None:
            diagnostics.append(
                Diagnostic(
                    "warning", f"表二{block.heading}中无法识别的行“{label}”，未读取", line.where
                )
            )
            continue
        _set_table2_row(report, block, row, (run, own), line, diagnostics)


_PARENS = re.compile(r"[()（）]")


def _heading_key(text: str) -> str:
    return _PARENS.sub("", normalize(text))


@cache  # editions are data (and compare by identity): their keys are the same for every report
def _block_keys(edition: Edition) -> tuple[tuple[Block, str], ...]:
    return tuple((block, _heading_key(block.heading)) for block in edition.table2)


def _block_for(report: Report, text: str) -> Block | None:
    key = _heading_key(text)
    for block, heading in _block_keys(report.edition):
        if heading in key and len(key) <= len(heading) + 4:
            return block
    return None


def _table2_row(block: Block, label: str) -> tuple[Row | None, bool]:
    """The block's row a label names, and whether it names it only by similarity (a misprint)."""
    text = normalize(label)
    labels = [(row, official(row)) for row in block.rows]
    exact = [row for row, official_label in labels if official_label == text]
    if exact:
        return exact[0], False
    inside = [row for row, official_label in labels if official_label in text]
    if inside:
        return max(inside, key=lambda row: len(row.path[-1])), False
    scored = [(coverage(official_label, text), row) for row, official_label in labels]
    score, row = max(scored, key=lambda pair: pair[0])
    return (row, True) if score >= 0.6 else (None, False)


def _set_table2_row(report, block, row, run_own, line, diagnostics) -> None:
    width = len(block.columns)
    run, own = run_own
    # Table 二's values lead the row (a narrow block's last cell spans the rest of the grid).
    cells = misaligned_cells(run, own, width, leading=True)
    if cells is not None:
        readable, note = drift_note(cells, width)
        level = "info" if readable else "ambiguous"
        diagnostics.append(Diagnostic(level, f"表二“{row.path[-1]}”：{note}", line.where))
        if not readable:
            return
        run = cells
    values = list(run)
    if len(values) < width and not line.exact and all(values):
        try:
            splits = split_row(values, width)
        except TooAmbiguous:
            splits = []
        if len(splits) == 1:
            values = list(splits[0])
    if len([v for v in values[width:] if v]):
        diagnostics.append(
            Diagnostic(
                "warning", f"表二“{row.path[-1]}”多出的数值未读取：{values[width:]}", line.where
            )
        )
    if len(values) < width:
        diagnostics.append(
            Diagnostic(
                "warning",
                f"表二“{row.path[-1]}”只有 {len(values)} 个数值，应有 {width} 个，其余按空白处理",
                line.where,
            )
        )
    report.set_cells(
        (
            (CellKey("二", block.heading, row.label, column.label), value)
            for column, value in zip(block.columns, values, strict=False)
        ),
        line.where,
    )


# ---------------------------------------------------------------- table 三


def read_table3(report: Report, found: list[ValueLine], diagnostics: list[Diagnostic]) -> None:
    """Table 三's rows from the value lines of its region (value_lines)."""
    edition = report.edition
    rows = edition.table3_rows
    width = len(edition.table3_columns)
    if not found:
        diagnostics.append(
            Diagnostic("warning", "未找到表三（收到和处理政府信息公开申请情况）的数据")
        )
        return
    pairs = _align(rows, found)
    matched = {id(f) for _, f in pairs}
    for skipped in (f for f in found if id(f) not in matched):
        diagnostics.append(
            Diagnostic(
                "warning", f"表三中多出的一行数值未读取：{' '.join(skipped.values)}", skipped.where
            )
        )
    seen = {row.key for row, _ in pairs}
    for row in rows:
        if row.key not in seen:
            diagnostics.append(Diagnostic("warning", f"表三未找到“{row.name}”一行，按空白处理"))
    ambiguous: dict[str, tuple[Row, ValueLine, list[tuple[str, ...]]]] = {}
    after = {id(line): following for line, following in itertools.pairwise(found)}
    for row, line in pairs:
        said, readable = label_note(row, line, after.get(id(line)), rows)
        if said is not None:
            diagnostics.append(said)
        if not readable:
            continue
        candidates, note = fit(line, width, TABLE3_RULES)
        if len(candidates) == 1:
            _set_row(report, row, candidates[0], line.where)
            if note:
                diagnostics.append(Diagnostic("info", f"表三“{row.name}”：{note}", line.where))
        else:
            ambiguous[row.key] = (row, line, candidates)
            if not candidates:
                diagnostics.append(Diagnostic("ambiguous", f"表三“{row.name}”：{note}", line.where))
    if ambiguous:
        _resolve_together(report, ambiguous, diagnostics)


def _align(rows: tuple[Row, ...], found: list[ValueLine]) -> list[tuple[Row, ValueLine]]:
    """Rows and value lines paired in order, as many as can be, matching labels best."""
    cores = [official_core(row) for row in rows]
    pairs = align(cores, [f.context for f in found])
    return [(rows[i], found[j]) for i, j in pairs]


def _set_row(report: Report, row: Row, values: tuple[str, ...], where: str) -> None:
    report.set_cells(zip(report.edition.t3_cells(row), values, strict=True), where)


def _resolve_together(report, ambiguous, diagnostics) -> None:
    """Rows with several possible splits: keep the one combination that satisfies R1 and R3."""
    choices = [(row, line, c) for row, line, c in ambiguous.values() if len(c) > 1]
    sizes = [len(c) for _, _, c in choices]
    total = 1
    for size in sizes:
        total *= size
    fitting = []
    if choices and total <= MAX_COMBINATIONS:
        for combo in itertools.product(*(c for _, _, c in choices)):
            for (row, line, _), values in zip(choices, combo, strict=True):
                _set_row(report, row, values, line.where)
            if _table3_balances(report):
                fitting.append(combo)
                if len(fitting) > 1:
                    break
    if len(fitting) == 1:
        for (row, line, _), values in zip(choices, fitting[0], strict=True):
            _set_row(report, row, values, line.where)
            diagnostics.append(
                Diagnostic(
                    "info",
                    f"表三“{row.name}”：分隔符已丢失，按表内勾稽关系唯一确定拆分",
                    line.where,
                )
            )
        return
    for row, line, candidates in choices:
        _set_row(report, row, ("",) * len(report.edition.table3_columns), line.where)
        diagnostics.append(
            Diagnostic(
                "ambiguous",
                f"表三“{row.name}”：数值间的分隔符已丢失，有多种符合勾稽关系的拆分，未读取",
                line.where,
                tuple(candidates),
            )
        )


def _table3_balances(report: Report) -> bool:
    """R1 and R3 over every column, blanks as 0 (used only to choose among splits)."""
    e = report.edition

    def n(key: CellKey) -> int:
        text = report.cells[key]
        return int(text) if text.isdigit() else 0

    for col in e.table3_columns:
        results = sum(n(e.t3(row, col)) for row in e.result_rows)
        total = n(e.t3(RESULTS_TOTAL, col))
        if results != total:
            return False
        if n(e.t3(NEW, col)) + n(e.t3(CARRIED_IN, col)) != total + n(e.t3(CARRIED_FORWARD, col)):
            return False
    return True


# ---------------------------------------------------------------- table 四


def read_table4(report: Report, lines: list[Line], diagnostics: list[Diagnostic]) -> None:
    width = len(TABLE4_COLUMNS)
    found = value_lines(lines, width, merge_bare=True)
    for line in reversed(found):
        candidates, note = fit(line, width, TABLE4_RULES)
        if len(candidates) == 1:
            report.set_cells(
                (
                    (CellKey("四", "", "", column.label), value)
                    for column, value in zip(TABLE4_COLUMNS, candidates[0], strict=True)
                ),
                line.where,
            )
            if note:
                diagnostics.append(Diagnostic("info", f"表四：{note}", line.where))
            return
        if len(candidates) > 1:
            diagnostics.append(
                Diagnostic(
                    "ambiguous",
                    "表四：数值间的分隔符已丢失，有多种符合勾稽关系的拆分，未读取",
                    line.where,
                    tuple(candidates),
                )
            )
            return
        if DRIFT in note:  # the table's one row is there, but cannot be read: say why
            diagnostics.append(Diagnostic("ambiguous", f"表四：{note}", line.where))
            return
    diagnostics.append(Diagnostic("warning", "未找到表四（行政复议、行政诉讼情况）的数据行"))
