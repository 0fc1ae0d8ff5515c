"""Importing a case register from XLSX or CSV: check the whole file, then store all of it in one
transaction, or nothing.

The file is read as the applications' ledger is (``applications.ledger.reading``: the first
sheet, or CSV in UTF-8/GB18030, with the spreadsheet's own row numbers), and each row is checked
by the rules the services use (rules.py), so that a row imports exactly when the same case
entered on the page would register. Every problem of every row is listed, each naming its row
and column; one problem and nothing is stored. Each imported case gets one "imported" event with
the file, its SHA-256 and the row; the same file is not imported into an agency twice.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from gongkai.agencies.models import Agency
from gongkai.applications.ledger.cells import CellError, cell_date, cell_text
from gongkai.applications.ledger.reading import Table, read_table
from gongkai.applications.models import Application
from gongkai.core.errors import DomainError
from gongkai.remedies.columns import (
    BY_FIELD,
    COLUMNS,
    column_for_header,
    match_result,
    match_stream,
)
from gongkai.remedies.models import Case, CaseEvent, EventKind
from gongkai.remedies.permissions import can_edit_cases
from gongkai.remedies.services.cases import record, snapshot
from gongkai.remedies.services.rules import (
    DECISION_FIELDS,
    FIELD_ORDER,
    REGISTERED_FIELDS,
    decision_problems,
    number_taken_message,
    registration_problems,
)


@dataclass(frozen=True)
class ImportProblem:
    row: int | None  # the spreadsheet row; None for the file as a whole
    column: str  # the column's header ("" when not one column's)
    letter: str  # the spreadsheet column ("" when not known)
    message: str

    def __str__(self) -> str:
        where = _("第 %(row)d 行") % {"row": self.row} if self.row else ""
        if self.letter:
            where += _(" %(letter)s 列") % {"letter": self.letter}
        if self.column:
            where += f"「{self.column}」"
        return f"{where}：{self.message}" if where else self.message


@dataclass(frozen=True)
class ImportResult:
    errors: tuple[ImportProblem, ...] = ()
    warnings: tuple[str, ...] = ()
    cases: tuple[Case, ...] = field(default=(), repr=False)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class _Row:
    row: int
    values: dict[str, Any]  # Case field → value, checked


@dataclass
class _Checked:
    rows: list[_Row] = field(default_factory=list)
    errors: list[ImportProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def cases_import(
    *, agency: Agency, actor: AbstractBaseUser, content: bytes, filename: str
) -> ImportResult:
    """Import a file of cases into ``agency``: every row, or none (``ImportResult.errors``).

    A file that cannot be read at all raises the ledger's LedgerFileError (a DomainError on the
    field "file"); so does an actor who may not edit the agency's cases (on no field)."""
    if not can_edit_cases(actor, agency):
        raise DomainError(
            _("只有%(agency)s的承办人或机关管理员可以导入复议诉讼案件") % {"agency": agency.name}
        )
    digest = hashlib.sha256(content).hexdigest()
    if _imported_before(agency, digest):
        message = _("该文件已导入过本机关（内容完全相同），没有重复导入")
        return ImportResult(errors=(ImportProblem(None, "", "", message),))
    table = read_table(content, filename, max_bytes=settings.GONGKAI_UPLOAD_MAX_BYTES)
    checked = _check(agency, table)
    warnings = tuple(checked.warnings)
    if checked.errors:
        return ImportResult(errors=tuple(checked.errors), warnings=warnings)
    with transaction.atomic():
        # One import at a time per agency: the 案号 checked above stay free until stored.
        Agency.objects.select_for_update().get(pk=agency.pk)
        raced = _taken(agency, [r.values["number"] for r in checked.rows])
        if raced or _imported_before(agency, digest):
            errors = tuple(_number_problem(r) for r in checked.rows if r.values["number"] in raced)
            message = _("该文件已导入过本机关（内容完全相同），没有重复导入")
            return ImportResult(errors=errors or (ImportProblem(None, "", "", message),))
        cases = tuple(_store(agency, actor, row, filename, digest) for row in checked.rows)
    return ImportResult(warnings=warnings, cases=cases)


def _imported_before(agency: Agency, digest: str) -> bool:
    return CaseEvent.objects.filter(
        case__agency=agency, kind=EventKind.IMPORTED, data__sha256=digest
    ).exists()


def _taken(agency: Agency, numbers: list[str]) -> set[str]:
    wanted = [n for n in numbers if n]
    found = Case.objects.filter(agency=agency, number__in=wanted).values_list("number", flat=True)
    return set(found)


def _problem(row: int, name: str, letters: dict[str, str], message: str) -> ImportProblem:
    return ImportProblem(row, BY_FIELD[name].header, letters.get(name, ""), message)


def _number_problem(row: _Row) -> ImportProblem:
    column = BY_FIELD["number"]
    return ImportProblem(row.row, column.header, "", number_taken_message(row.values["number"]))


def _layout(table: Table, checked: _Checked) -> dict[str, int] | None:
    """Field → cell index of the header (the first row), or None with the errors said."""
    number, cells = table.rows[0]
    positions: dict[str, int] = {}
    for index, value in enumerate(cells):
        text, letter = cell_text(value), get_column_letter(index + 1)
        column = column_for_header(text)
        if column is None:
            if text:
                checked.warnings.append(
                    _("第 %(letter)s 列「%(text)s」不是案件登记表的列，已忽略")
                    % {"letter": letter, "text": text}
                )
            continue
        if column.field in positions:
            first = get_column_letter(positions[column.field] + 1)
            message = _("「%(header)s」列出现了两次（第 %(first)s 列和第 %(letter)s 列）") % {
                "header": column.header,
                "first": first,
                "letter": letter,
            }
            checked.errors.append(ImportProblem(number, column.header, letter, message))
            continue
        positions[column.field] = index
    for column in COLUMNS:
        if column.required and column.field not in positions:
            message = _("缺少必需的列「%(header)s」（表头应在第一行）") % {"header": column.header}
            checked.errors.append(ImportProblem(number, column.header, "", message))
    return None if checked.errors else positions


def _check(agency: Agency, table: Table) -> _Checked:
    checked = _Checked()
    if not table.rows:
        checked.errors.append(ImportProblem(None, "", "", _("文件中没有任何内容")))
        return checked
    positions = _layout(table, checked)
    if positions is None:
        return checked
    body = table.rows[1:]
    if not body:
        checked.errors.append(ImportProblem(None, "", "", _("文件中只有表头，没有案件")))
        return checked
    letters = {name: get_column_letter(i + 1) for name, i in positions.items()}
    applications = _applications(agency, table, positions)
    taken = _taken(agency, [cell_text(_cell(c, positions, "number")) for _n, c in body])
    seen: dict[str, int] = {}
    today = timezone.localdate()
    for number, cells in body:
        values, problems = _read(cells, positions, applications)
        if "stream" not in problems and values["stream"] is None:
            values["stream"] = ""  # blank: registration_problems names the column
        for name, message in registration_problems(agency.pk, values, today=today).items():
            problems.setdefault(name, message)
        if values["decided_on"] is not None or values["result"]:
            decision = decision_problems(
                filed_on=values["filed_on"] if "filed_on" not in problems else None,
                decided_on=values["decided_on"],
                result=values["result"],
                today=today,
            )
            for name, message in decision.items():
                problems.setdefault(name, message)
        code = values["number"]
        if code and "number" not in problems:
            if code in seen:
                problems["number"] = _("案号“%(number)s”与第 %(row)d 行重复") % {
                    "number": code,
                    "row": seen[code],
                }
            elif code in taken:
                problems["number"] = number_taken_message(code)
            seen.setdefault(code, number)
        for name in sorted(problems, key=FIELD_ORDER.__getitem__):
            checked.errors.append(_problem(number, name, letters, problems[name]))
        if not problems:
            checked.rows.append(_Row(number, values))
    return checked


def _cell(cells: tuple[Any, ...], positions: dict[str, int], name: str) -> Any:
    index = positions.get(name)
    return cells[index] if index is not None and index < len(cells) else None


def _applications(
    agency: Agency, table: Table, positions: dict[str, int]
) -> dict[str, Application]:
    """The agency's applications the file names, by number (one query)."""
    if "application" not in positions:
        return {}
    numbers = {cell_text(_cell(c, positions, "application")) for _n, c in table.rows[1:]}
    found = Application.objects.filter(agency=agency, number__in=numbers - {""})
    return {a.number: a for a in found}


def _read(
    cells: tuple[Any, ...], positions: dict[str, int], applications: dict[str, Application]
) -> tuple[dict[str, Any], dict[str, str]]:
    """The row's cells as Case values, and the problems of reading them."""
    values: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for name in (*REGISTERED_FIELDS, *DECISION_FIELDS):
        raw = _cell(cells, positions, name)
        if name in ("filed_on", "decided_on"):
            try:
                values[name] = cell_date(raw)
            except CellError as error:
                values[name], problems[name] = None, str(error)
            continue
        text = cell_text(raw)
        values[name] = text
        if name == "stream" and text:
            values[name] = match_stream(text)
            if values[name] is None:
                problems[name] = _("不是案件类别“%(text)s”，应为：%(hint)s") % {
                    "text": text,
                    "hint": BY_FIELD["stream"].hint,
                }
        elif name == "result" and text:
            values[name] = match_result(text)
            if values[name] is None:
                values[name] = ""
                problems[name] = _("不是审理结果“%(text)s”，应为：维持、纠正或其他") % {
                    "text": text
                }
        elif name == "application":
            values[name] = applications.get(text) if text else None
            if text and values[name] is None:
                problems[name] = _(
                    "本机关没有申请编号为“%(number)s”的申请；平台外的申请请填在「%(other)s」列"
                ) % {"number": text, "other": BY_FIELD["application_reference"].header}
    if not values["result"] and values["decided_on"] is None:
        values["result"] = ""
    return values, problems


def _store(agency: Agency, actor: AbstractBaseUser, row: _Row, filename: str, digest: str) -> Case:
    case = Case.objects.create(agency=agency, created_by=actor, **row.values)
    record(
        case,
        EventKind.IMPORTED,
        actor,
        state_before="",
        before={},
        after=snapshot(case, (*REGISTERED_FIELDS, *DECISION_FIELDS)),
        note=_("从文件导入（%(file)s 第 %(row)d 行）") % {"file": filename, "row": row.row},
        data={"source": filename, "sha256": digest, "row": row.row},
    )
    return case
