"""The cell contract, read back: a report written as CSV or JSON, one entry per cell.

CSV has the columns `section,block,row,column,value`, one line per cell, `row` and `column` the
official label paths joined with " / " (the fields of CellKey). Lines with section `meta` carry the
edition, agency and year (and `omitted`, the sections a report leaves out on purpose); lines with
section 一, 五 or 六 and column `text` carry the narrative. JSON holds the same: {"edition",
"agency", "year", "cells": [{section, block, row, column, value}], "sections": {"一", "五", "六"},
"omitted": [...]}.

Nothing is guessed: a cell the edition does not have, a cell written twice, a year that is not a
number, each is a ReadError naming the CSV line or the JSON cell and the field.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass

from ..editions import (
    EDITIONS,
    NARRATIVE_SECTIONS,
    SECTION_NUMBERS,
    TABLE_SECTIONS,
    CellKey,
    Edition,
    edition_by_key,
    edition_for_year,
)
from ..model import OTHER_ROWS, Report, mixed_edition
from .lines import ReadError

CSV_FIELDS = ("section", "block", "row", "column", "value")
META = "meta"
META_ROWS = ("edition", "agency", "year", "omitted")
TEXT_COLUMN = "text"
JSON_KEYS = ("edition", "agency", "year", "cells", "sections", "omitted")
OMITTED_SEPARATOR = ","


@dataclass(frozen=True)
class _Cell:
    place: str  # where it was written: "第 5 行" or "cells[3]"
    key: CellKey
    value: str


@dataclass
class _Parts:
    """What a CSV or JSON file says, before it is checked against an edition."""

    edition: tuple[str, str] | None = None  # (place, text)
    agency: str = ""
    year: int | None = None
    cells: list[_Cell] | None = None
    sections: dict[str, str] | None = None
    omitted: frozenset[str] = frozenset()


def _decode(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ReadError(
            f"{what} 文件不是有效的 UTF-8 文本（第 {line} 行，第 {exc.start} 字节）"
        ) from None


def _year(text: str, place: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not re.fullmatch(r"[0-9]{1,4}", text):
        raise ReadError(f"{place}：year “{text}” 不是整数年份")
    return int(text)


# ---------------------------------------------------------------------------------------- CSV


def read_csv(data: bytes) -> Report:
    text = _decode(data, "CSV")
    records = csv.reader(io.StringIO(text, newline=""))
    parts = _Parts(cells=[], sections={})
    seen: dict[tuple[str, str], str] = {}  # meta and narrative entries: where each was written
    line = 0
    try:
        header = next(records, None)
        line = records.line_num
        if header != list(CSV_FIELDS):
            found = ",".join(header or [])
            raise ReadError(f"第 1 行：CSV 表头应为“{','.join(CSV_FIELDS)}”，实为“{found}”")
        for record in records:
            place, line = f"第 {line + 1} 行", records.line_num
            if not record or record == [""]:
                continue
            _csv_record(record, place, parts, seen)
    except csv.Error as exc:
        raise ReadError(f"第 {line + 1} 行：CSV 格式错误（{exc}）") from None
    return _build(parts)


def _csv_record(record: list[str], place: str, parts: _Parts, seen: dict) -> None:
    if len(record) != len(CSV_FIELDS):
        raise ReadError(
            f"{place}：应有 {len(CSV_FIELDS)} 列（{','.join(CSV_FIELDS)}），实有 {len(record)} 列"
        )
    section, block, row, column, value = record
    if section == META:
        if row not in META_ROWS:
            raise ReadError(
                f"{place}：meta 没有“{row}”这一项（应为 edition、agency、year 或 omitted）"
            )
        _once(seen, (META, row), place, f"meta 的 {row}")
        if block or column:
            raise ReadError(f"{place}：meta 行的 block 和 column 应为空")
        if row == "edition":
            parts.edition = (place, value)
        elif row == "agency":
            parts.agency = value
        elif row == "omitted":
            parts.omitted = _omitted(value.split(OMITTED_SEPARATOR) if value else [], place)
        else:
            parts.year = _year(value, place)
    elif section in NARRATIVE_SECTIONS:
        _once(seen, (section, ""), place, f"第{section}部分的文字")
        if block or row or column != TEXT_COLUMN:
            raise ReadError(
                f"{place}：第{section}部分的文字应写在 block、row 为空、column 为 text 的一行"
            )
        assert parts.sections is not None
        parts.sections[section] = value
    elif section in TABLE_SECTIONS:
        assert parts.cells is not None
        parts.cells.append(_Cell(place, CellKey(section, block, row, column), value))
    else:
        raise ReadError(
            f"{place}：section “{section}” 不认识（应为 二、三、四、一、五、六 或 meta）"
        )


def _omitted(numbers: list[str], place: str) -> frozenset[str]:
    """The sections a report says it leaves out; each must be one of 一 … 六."""
    for number in numbers:
        if number.strip() not in SECTION_NUMBERS:
            raise ReadError(f"{place}：omitted 里的“{number}”不是报告的部分（应为 一 至 六）")
    return frozenset(n.strip() for n in numbers)


def _once(seen: dict, key: tuple[str, str], place: str, what: str) -> None:
    if key in seen:
        raise ReadError(f"{place}：与{seen[key]}重复，{what}写了两次")
    seen[key] = place


# --------------------------------------------------------------------------------------- JSON


class _Number(str):
    """A JSON number other than an integer, kept as written (1.50 stays "1.50")."""


def read_json(data: bytes) -> Report:
    text = _decode(data, "JSON")
    try:
        document = json.loads(text, parse_float=_Number, parse_constant=_Number)
    except json.JSONDecodeError as exc:
        raise ReadError(f"JSON 格式错误：第 {exc.lineno} 行第 {exc.colno} 列，{exc.msg}") from None
    except RecursionError:
        raise ReadError("JSON 嵌套过深，无法读取") from None
    except ValueError:  # an integer longer than Python converts (4,300 digits)
        raise ReadError("JSON 里有位数过多的数字，无法读取") from None
    if not isinstance(document, dict):
        raise ReadError(
            "JSON 的最外层应是一个对象（{…}），含 edition、agency、year、cells、sections"
        )
    unknown = [k for k in document if k not in JSON_KEYS]
    if unknown:
        raise ReadError(f"JSON 里有不认识的字段“{unknown[0]}”（应为 {'、'.join(JSON_KEYS)}）")
    parts = _Parts(cells=[], sections={})
    edition = document.get("edition")
    if edition is not None:
        if isinstance(edition, bool) or not isinstance(edition, str | int):
            raise ReadError("edition 应为 “2019” 或 “2021”")
        parts.edition = ("edition", str(edition))
    parts.agency = _json_text(document.get("agency"), "agency")
    year = document.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        raise ReadError(f"year 应为整数，实为 {json.dumps(year, ensure_ascii=False)}")
    parts.year = year
    omitted = document.get("omitted", [])
    if not isinstance(omitted, list) or not all(isinstance(n, str) for n in omitted):
        raise ReadError('omitted 应为部分编号的列表，如 ["二", "四"]')
    parts.omitted = _omitted(omitted, "omitted")
    cells = document.get("cells", [])
    if not isinstance(cells, list):
        raise ReadError("cells 应为一个列表")
    for index, item in enumerate(cells):
        parts.cells.append(_json_cell(item, f"cells[{index}]"))
    sections = document.get("sections", {})
    if not isinstance(sections, dict):
        raise ReadError("sections 应为一个对象，键为 一、五、六")
    for number, value in sections.items():
        if number not in NARRATIVE_SECTIONS:
            raise ReadError(f"sections 里没有“{number}”这一部分（应为 一、五、六）")
        parts.sections[number] = _json_text(value, f"sections.{number}")
    return _build(parts)


def _json_text(value: object, name: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) or isinstance(value, _Number):
        raise ReadError(f"{name} 应为文字（字符串）")
    return value


def _json_cell(item: object, place: str) -> _Cell:
    if not isinstance(item, dict):
        raise ReadError(f"{place}：应为一个对象，含 {'、'.join(CSV_FIELDS)}")
    unknown = [k for k in item if k not in CSV_FIELDS]
    if unknown:
        raise ReadError(f"{place}：有不认识的字段“{unknown[0]}”")
    fields = {}
    for name in CSV_FIELDS[:4]:
        if name != "block" and name not in item:
            raise ReadError(f"{place}：缺少 {name}")
        fields[name] = _json_text(item.get(name), f"{place}.{name}")
    value = item.get("value")
    if isinstance(value, bool) or not (value is None or isinstance(value, str | int)):
        raise ReadError(f"{place}.value 应为文字或数字")
    text = "" if value is None else str(value)
    return _Cell(place, CellKey(**fields), text)


# ------------------------------------------------------------------------------------ common


def _build(parts: _Parts) -> Report:
    cells = parts.cells or []
    edition = _table3_layout(_edition(parts, cells), cells)
    values: dict[CellKey, str] = {}
    first: dict[CellKey, str] = {}
    for cell in cells:
        problem = cell_problem(edition, cell.key)
        if problem:
            raise ReadError(f"{cell.place}：{problem}（{edition.key} 年版）")
        if cell.key in first:
            name = edition.cell_name(cell.key)
            raise ReadError(f"{cell.place}：与{first[cell.key]}重复，同一单元格（{name}）写了两次")
        first[cell.key] = cell.place
        values[cell.key] = cell.value
    try:
        return Report(
            edition=edition,
            agency=parts.agency,
            year=parts.year,
            cells=values,
            sections=dict(parts.sections or {}),
            omitted=parts.omitted,
        )
    except ValueError as exc:  # a left-out section that holds something
        raise ReadError(str(exc)) from None


def _table3_layout(edition: Edition, cells: list[_Cell]) -> Edition:
    """`edition` with the （六） rows the cells name: the writers write a mixed report's table 三
    as it is (the other edition's rows), and it reads back as such."""
    rows = {cell.key.row for cell in cells if cell.key.section == "三"}
    for rows_of, other in OTHER_ROWS.items():
        if any(row.label in rows for row in other) and not any(
            row.label in rows for row in OTHER_ROWS[edition.key]
        ):
            return mixed_edition(edition, rows_of)
    return edition


def _edition(parts: _Parts, cells: list[_Cell]) -> Edition:
    if parts.edition is not None:
        place, text = parts.edition
        try:
            return edition_by_key(text.strip())
        except ValueError:
            raise ReadError(f"{place}：edition “{text}” 不认识，应为 2019 或 2021") from None
    # No edition written: the cells may tell, when some of them exist in one edition only.
    fitting = [e for e in EDITIONS.values() if all(e.has_cell(c.key) for c in cells)]
    if len(fitting) == 1:
        return fitting[0]
    if not fitting:
        # Cells of both editions, or unknown cells: check against the edition most of them fit,
        # so that the error names the first cell that does not belong.
        return max(EDITIONS.values(), key=lambda e: sum(e.has_cell(c.key) for c in cells))
    if parts.year is not None:
        try:
            return edition_for_year(parts.year)
        except ValueError as exc:
            raise ReadError(f"没有写明版本（edition），也无法从年份判断：{exc}") from None
    raise ReadError("没有写明版本（edition），单元格和年份也不足以判断是 2019 还是 2021 年版")


def cell_problem(edition: Edition, key: CellKey) -> str | None:
    """Why `key` is not a cell of `edition`, in words naming the field; None if it is one."""
    if edition.has_cell(key):
        return None
    section, block, row, column = key
    if section == "二":
        blocks = {b.heading: b for b in edition.table2}
        if block not in blocks:
            return f"表二没有“{block}”这一项"
        if row not in {r.label for r in blocks[block].rows}:
            return f"表二{block}没有“{row}”这一行"
        return f"表二{block}没有“{column}”这一列"
    if block:
        return f"表{section}没有 block（“{block}”），block 应为空"
    if section == "三":
        if row not in {r.label for r in edition.table3_rows}:
            return f"表三没有“{row}”这一行"
        return f"表三没有“{column}”这一列"
    if row:
        return f"表四只有一行，row 应为空（实为“{row}”）"
    return f"表四没有“{column}”这一列"
