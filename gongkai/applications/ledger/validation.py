"""Checking a whole ledger before anything is stored: the header, then every row.

A row is checked by the same rules as the intake forms (``intake_problems``), with each problem
named by the spreadsheet row and the column header the office sees: "第 7 行「证件号码」：…".
Every problem of every row is collected; the caller stores nothing if there is one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from openpyxl.utils import get_column_letter

from gongkai.agencies.models import Department
from gongkai.applications.intake import Intake, intake_problems, receipt_date_problem
from gongkai.applications.ledger.cells import CellError, cell_date, cell_text, is_number
from gongkai.applications.ledger.columns import (
    BY_FIELD,
    CHOICE_ALIASES,
    COLUMNS,
    TOGETHER,
    Column,
    Kind,
    column_for_header,
)
from gongkai.applications.ledger.matching import MatchError, fold, match_choice, match_outcome
from gongkai.applications.ledger.reading import Table
from gongkai.applications.models import Application
from gongkai.applications.numbering import OWN_NUMBER

_INTAKE_FIELDS = tuple(Intake.__dataclass_fields__)
_ORDER = {c.field: i for i, c in enumerate(COLUMNS)}
# The header is the first of these rows that names at least this many columns (a title row
# such as "2025 年政府信息公开申请台账" may sit above it).
_HEADER_SEARCH_ROWS = 10
_HEADER_MIN_COLUMNS = 3
# The platform numbers applications "2025-00001" (registration); a ledger number of that shape
# must be exactly that shape, or later numbering would collide with it or fail to read it.
_OWN_SHAPE = re.compile(r"^\d{4}-")
_NUMERIC_HINT = (
    "（该单元格是数字格式，Excel 会丢失第 15 位以后的数字；请把该列设为“文本”格式后重新填写）"
)


@dataclass(frozen=True)
class LedgerError:
    row: int | None  # the spreadsheet row; None for the file or its header as a whole
    column: str  # the column header, or "" when the problem is not one column's
    message: str

    def __str__(self) -> str:
        where = f"第 {self.row} 行" if self.row else ""
        if self.column:
            where += f"「{self.column}」"
        return f"{where}：{self.message}" if where else self.message


@dataclass(frozen=True)
class LedgerRow:
    """A checked row, ready to be stored."""

    row: int
    number: str  # "" when the service is to number it
    received_on: date
    intake: Intake  # normalised
    outcome: str  # "" while still open
    closed_on: date | None
    department: Department | None


@dataclass
class Checked:
    rows: list[LedgerRow] = field(default_factory=list)
    errors: list[LedgerError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Layout:
    header_row: int
    positions: dict[str, int]  # field → cell index


def _header_row(table: Table) -> tuple[int, tuple[Any, ...]]:
    for number, cells in table.rows[:_HEADER_SEARCH_ROWS]:
        known = {c.field for v in cells if (c := column_for_header(cell_text(v)))}
        if len(known) >= _HEADER_MIN_COLUMNS:
            return number, cells
    return table.rows[0]


def _layout(table: Table, checked: Checked) -> _Layout | None:
    number, cells = _header_row(table)
    if number > 1:
        checked.warnings.append(f"表头在第 {number} 行，其上的 {number - 1} 行已忽略")
    positions: dict[str, int] = {}
    for index, value in enumerate(cells):
        text = cell_text(value)
        letter = get_column_letter(index + 1)
        column = column_for_header(text) if text else None
        if column is None:
            if text:
                checked.warnings.append(f"第 {letter} 列「{text}」不是台账的列，已忽略")
            continue
        if column.field in positions:
            first = get_column_letter(positions[column.field] + 1)
            message = f"「{column.header}」列出现了两次（第 {first} 列和第 {letter} 列）"
            checked.errors.append(LedgerError(number, "", message))
            continue
        positions[column.field] = index
    needed = [c for c in COLUMNS if c.required]
    for one, other in TOGETHER:
        if (one in positions) != (other in positions):
            needed.append(BY_FIELD[other if one in positions else one])
    missing = [c.header for c in needed if c.field not in positions]
    if missing:
        names = "".join(f"「{h}」" for h in missing)
        checked.errors.append(
            LedgerError(None, "", f"缺少必需的列：{names}（表头在第 {number} 行）")
        )
    if checked.errors:
        return None
    return _Layout(number, positions)


def check_table(
    table: Table, *, departments: Iterable[Department], taken: set[str], today: date
) -> Checked:
    """Every problem of the file, or its rows ready to store (``taken``: numbers in use)."""
    checked = Checked()
    if not table.rows:
        checked.errors.append(LedgerError(None, "", "文件中没有任何内容"))
        return checked
    layout = _layout(table, checked)
    if layout is None:
        return checked
    body = [(n, cells) for n, cells in table.rows if n > layout.header_row]
    if not body:
        checked.errors.append(LedgerError(None, "", "文件中只有表头，没有申请记录"))
        return checked
    by_name = {fold(d.name): d for d in departments}
    seen: dict[str, int] = {}
    for number, cells in body:
        values = {f: cells[i] if i < len(cells) else None for f, i in layout.positions.items()}
        row, problems = _check_row(number, values, by_name, today)
        _check_number(cell_text(values.get("number")), number, seen, taken, problems)
        for name in sorted(problems, key=lambda f: _ORDER.get(f, len(_ORDER))):
            checked.errors.append(LedgerError(number, BY_FIELD[name].header, problems[name]))
        if row is not None and not problems:
            checked.rows.append(row)
    return checked


def _check_number(
    text: str, row: int, seen: dict[str, int], taken: set[str], problems: dict[str, str]
) -> None:
    if not text or "number" in problems:
        return
    if text in seen:
        problems["number"] = f"申请编号“{text}”与第 {seen[text]} 行重复"
    elif text in taken:
        problems["number"] = f"申请编号“{text}”已被本机关的其他申请使用"
    elif _OWN_SHAPE.match(text) and not OWN_NUMBER.match(text):
        problems["number"] = (
            f"申请编号“{text}”以“年份-”开头，须为系统编号格式“年份-序号”"
            "（序号 5 位，不足补零，如 2025-00012）；"
            "其他编号请勿以“年份-”开头，或留空由系统编号"
        )
    seen.setdefault(text, row)


def _max_length(name: str) -> int | None:
    try:
        return Application._meta.get_field(name).max_length
    except Exception:
        return None


def _read_cell(column: Column, value: Any, by_name: dict[str, Department]) -> Any:
    """The cell as its column's value ("" / None when empty); CellError or MatchError if bad."""
    if column.kind == Kind.DATE:
        return cell_date(value)
    text = cell_text(value)
    if not text:
        return ""
    if column.kind == Kind.CHOICE:
        return match_choice(text, column.choices, CHOICE_ALIASES.get(column.field))
    if column.kind == Kind.OUTCOME:
        return match_outcome(text)
    if column.kind == Kind.DEPARTMENT:
        if (department := by_name.get(fold(text))) is None:
            names = "、".join(d.name for d in by_name.values()) or "（本机关尚未设置处室）"
            raise MatchError(f"本机关没有处室“{text}”，应为：{names}")
        return department
    limit = _max_length(column.field)
    if limit and len(text) > limit:
        raise CellError(f"最多 {limit} 个字符（现有 {len(text)} 个）")
    return text


def _check_row(
    number: int, values: dict[str, Any], by_name: dict[str, Department], today: date
) -> tuple[LedgerRow | None, dict[str, str]]:
    problems: dict[str, str] = {}
    read: dict[str, Any] = {}
    for name, value in values.items():
        try:
            read[name] = _read_cell(BY_FIELD[name], value, by_name)
        except (CellError, MatchError) as error:
            problems[name] = str(error)
            read[name] = None
    intake = Intake.from_mapping({n: read.get(n) for n in _INTAKE_FIELDS})
    for name, message in intake_problems(intake).items():
        problems.setdefault(name, message)
    if read.get("email") and "email" not in problems:
        try:
            validate_email(read["email"])
        except ValidationError:
            problems["email"] = f"电子邮箱“{read['email']}”格式不正确，例如 name@example.com"
    for name in ("id_number", "uscc", "phone"):
        if name in problems and is_number(values.get(name)):
            problems[name] += _NUMERIC_HINT
    received_on, closed_on, outcome = (
        read.get("received_on"),
        read.get("closed_on"),
        read.get("outcome"),
    )
    if "received_on" not in problems and (problem := receipt_date_problem(received_on, today)):
        problems["received_on"] = problem
    _check_closing(received_on, closed_on, outcome, today, problems)
    if problems:
        return None, problems
    row = LedgerRow(
        row=number,
        number=read.get("number") or "",
        received_on=received_on,
        intake=intake.normalised(),
        outcome=outcome or "",
        closed_on=closed_on,
        department=read.get("department") or None,
    )
    return row, problems


def _check_closing(
    received_on: date | None,
    closed_on: date | None,
    outcome: str | None,
    today: date,
    problems: dict[str, str],
) -> None:
    if "closed_on" in problems or "outcome" in problems:
        return
    if outcome and closed_on is None:
        problems["closed_on"] = "填写了答复结果，请填写办结日期"
    elif closed_on and not outcome:
        problems["closed_on"] = "未填写答复结果的申请尚在办理，办结日期应留空（或补填答复结果）"
    elif closed_on and closed_on > today:
        problems["closed_on"] = f"办结日期 {closed_on} 晚于今天"
    elif closed_on and received_on and closed_on < received_on:
        problems["closed_on"] = f"办结日期 {closed_on} 早于收到申请日期 {received_on}"
