"""The cell contract: the report as JSON or CSV, for other tools to read. Keep it stable.

CSV — UTF-8 (no BOM), comma-separated, quoted where needed, the header line exactly

    section,block,row,column,value

then one line per cell of the edition, in `edition.cell_keys()` order (table 二 block by block,
table 三 row by row, table 四 left to right):

- section: 二, 三 or 四;
- block: the table-二 heading (e.g. 第二十条第（一）项); empty in tables 三 and 四;
- row: the official row labels joined with " / " (e.g. 三、本年度办理结果 / （三）不予公开 /
  1.属于国家秘密); empty in table 四;
- column: the official column labels joined with " / " (e.g. 法人或其他组织 / 商业企业);
- value: the cell's text as written: "0", "-3", "251000元", "/"; empty for a blank cell.

So that one CSV carries the whole report, the report's metadata and narrative are rows of the same
shape (a leading metadata block would break the header-first contract):

- section `meta`, rows `edition` (2019 or 2021), `agency`, `year` (empty when unknown), with the
  value in `value` and `block`/`column` empty; these come first; a report that leaves sections
  out on purpose (e.g. table 三 computed from the records alone) adds the row `omitted`, the
  section numbers comma-separated ("一,二,四,五,六"); the cells of those sections stay blank;
- section `一`, `五`, `六`, column `text`, `block`/`row` empty, the section's narrative in `value`
  (paragraphs separated by newlines, inside one quoted field); 一 comes before the tables, 五 and 六
  after them, in reading order.

A consumer that wants only the table cells keeps the rows whose section is 二, 三 or 四.

JSON — UTF-8, indented:

    {"edition": "2019" | "2021", "agency": str, "year": int | null,
     "cells": [{"section", "block", "row", "column", "value"}, ...],   # as the CSV lines
     "sections": {"一": str, "五": str, "六": str},
     "omitted": ["二", "四", ...]}                 # only when the report leaves sections out

`omitted` is written only when there is something in it, so every other report reads exactly as
before.
"""

from __future__ import annotations

import csv
import io
import json

from ..editions import NARRATIVE_SECTIONS, SECTION_NUMBERS, CellKey
from ..model import Report

CSV_COLUMNS = ("section", "block", "row", "column", "value")
META_SECTION = "meta"
TEXT_COLUMN = "text"


OMITTED_SEPARATOR = ","


def omitted_list(report: Report) -> list[str]:
    """The sections left out, in reading order."""
    return [n for n in SECTION_NUMBERS if n in report.omitted]


def cell_record(key: CellKey, value: str) -> dict[str, str]:
    return {**key._asdict(), "value": value}


def render_json(report: Report) -> bytes:
    document = {
        "edition": report.edition.key,
        "agency": report.agency,
        "year": report.year,
        "cells": [cell_record(k, report.cells[k]) for k in report.edition.cell_keys()],
        "sections": {n: report.sections.get(n, "") for n in NARRATIVE_SECTIONS},
    }
    if report.omitted:
        document["omitted"] = omitted_list(report)
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def csv_records(report: Report) -> list[dict[str, str]]:
    """Every CSV line after the header, in order."""
    year = "" if report.year is None else str(report.year)
    meta = [("edition", report.edition.key), ("agency", report.agency), ("year", year)]
    if report.omitted:
        meta.append(("omitted", OMITTED_SEPARATOR.join(omitted_list(report))))
    records = [_record(META_SECTION, row=name, value=value) for name, value in meta]
    keys = report.edition.cell_keys()
    for number in SECTION_NUMBERS:  # reading order: 一, the tables 二–四, then 五 and 六
        if number in NARRATIVE_SECTIONS:
            text = report.sections.get(number, "")
            records.append(_record(number, column=TEXT_COLUMN, value=text))
        else:
            records += [cell_record(k, report.cells[k]) for k in keys if k.section == number]
    return records


def render_csv(report: Report) -> bytes:
    out = io.StringIO()
    # "\n" line ends: the file is read back by csv readers and diffed in git, not typed into DOS.
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(csv_records(report))
    return out.getvalue().encode("utf-8")


def _record(section: str, *, row: str = "", column: str = "", value: str = "") -> dict[str, str]:
    return {"section": section, "block": "", "row": row, "column": column, "value": value}
