"""Whatever bytes arrive, a reader gives lines or a report, or raises ReadError: nothing else.

Uploaded files are anything: random bytes, text, valid files cut short or damaged, scans without
text, ZIPs of other things. Each reader, and read_report (the whole pipeline, every format), is fed
all of these; any exception but ReadError fails the test with the input that caused it.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PIL import Image

from gongkai.reports.engine.editions import EDITION_2019, EDITION_2021
from gongkai.reports.engine.readers import read_report
from gongkai.reports.engine.readers.contract import read_csv, read_json
from gongkai.reports.engine.readers.docx import docx_to_lines
from gongkai.reports.engine.readers.html import html_to_lines
from gongkai.reports.engine.readers.lines import ReadError
from gongkai.reports.engine.readers.pdf import NO_TEXT_LAYER, pdf_to_lines
from gongkai.reports.engine.readers.xlsx import xlsx_to_lines
from gongkai.reports.engine.writers.contract import render_csv, render_json

from .strategies import reports
from .test_format_readers import (
    CSV_OK,
    HUAIAN_PDF,
    JSON_OK,
    PAGE,
    RULED_PAGE,
    build_pdf,
    make_docx,
    make_xlsx,
)

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

READERS: dict[str, Callable[[bytes], object]] = {
    "html": html_to_lines,
    "docx": docx_to_lines,
    "pdf": pdf_to_lines,
    "xlsx": xlsx_to_lines,
    "json": read_json,
    "csv": read_csv,
    "read_report": read_report,
}
# Each format's opening bytes: random data behind them reaches past format detection.
PREFIXES = {
    "html": b"<html><body><table><tr><td>",
    "docx": b"PK\x03\x04",
    "pdf": b"%PDF-1.4\n",
    "xlsx": b"PK\x03\x04",
    "json": b'{"edition": "2021", "cells": [',
    "csv": b"section,block,row,column,value\n",
    "read_report": b"",
}


def read_or_refuse(reader: Callable[[bytes], object], data: bytes) -> None:
    """Call the reader; a ReadError is a fine answer, any other exception fails the test."""
    try:
        reader(data)
    except ReadError as exc:
        assert str(exc), "a ReadError must say what is wrong"


def _valid_files() -> dict[str, bytes]:
    if not HUAIAN_PDF.is_file():
        pytest.fail(f"the real report {HUAIAN_PDF} is missing: shared/ must sit beside the repo")
    return {
        "html": PAGE.encode("gb18030"),
        "docx": make_docx(),
        "xlsx": make_xlsx(),
        "pdf": HUAIAN_PDF.read_bytes(),
        "ruled_pdf": build_pdf(RULED_PAGE),
        "csv": CSV_OK.encode(),
        "json": json.dumps(JSON_OK, ensure_ascii=False).encode(),
    }


VALID = _valid_files()
# Which reader reads each valid file (the pipeline reads them all).
OWN_READER = {"ruled_pdf": "pdf"}


@pytest.mark.parametrize("name", READERS)
@FUZZ
@given(data=st.binary(max_size=3000))
@example(data=b"")
@example(data=b"\x00" * 10)
def test_random_bytes(name, data):
    read_or_refuse(READERS[name], data)
    read_or_refuse(READERS[name], PREFIXES[name] + data)


@pytest.mark.parametrize("name", ["html", "json", "csv", "read_report"])
@FUZZ
@given(text=st.text(max_size=2000), encoding=st.sampled_from(["utf-8", "gb18030", "utf-16"]))
@example(text="<table><tr><td rowspan=0 colspan=1000>", encoding="utf-8")
@example(text='{"edition": 2021, "cells": [{"section": "三"}]}', encoding="utf-8")
def test_random_text(name, text, encoding):
    data = text.encode(encoding, errors="replace")
    read_or_refuse(READERS[name], data)
    read_or_refuse(READERS[name], PREFIXES[name] + data)


@pytest.mark.parametrize("name", VALID)
@FUZZ
@given(data=st.data())
def test_truncated_valid_files(name, data):
    whole = VALID[name]
    cut = data.draw(st.integers(0, len(whole) - 1), label="cut")
    read_or_refuse(READERS[OWN_READER.get(name, name)], whole[:cut])
    read_or_refuse(read_report, whole[:cut])


def _damage(name: str, data: st.DataObject) -> None:
    """A stretch of the file overwritten with junk, as a bad download or a bad disk leaves it."""
    whole = VALID[name]
    at = data.draw(st.integers(0, len(whole) - 1), label="at")
    junk = data.draw(st.binary(min_size=1, max_size=64), label="junk")
    damaged = whole[:at] + junk + whole[at + len(junk) :]
    read_or_refuse(READERS[OWN_READER.get(name, name)], damaged)
    read_or_refuse(read_report, damaged)


@pytest.mark.parametrize("name", [name for name in VALID if name != "pdf"])
@FUZZ
@given(data=st.data())
def test_damaged_valid_files(name, data):
    _damage(name, data)


# The real PDF takes a third of a second to read; a few damaged copies are enough.
@settings(max_examples=8, deadline=None)
@given(data=st.data())
def test_damaged_real_pdf(data):
    _damage("pdf", data)


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


_MEMBER_NAMES = st.one_of(
    st.text("abcdefghijklmnopqrstuvwxyz/._", min_size=1, max_size=20),
    st.sampled_from(["[Content_Types].xml", "word/document.xml", "xl/workbook.xml", "_rels/.rels"]),
)


@FUZZ
@given(members=st.dictionaries(_MEMBER_NAMES, st.binary(max_size=200), min_size=0, max_size=4))
def test_zips_of_other_things(members):
    data = _zip(members)
    for reader in (docx_to_lines, xlsx_to_lines, read_report):
        read_or_refuse(reader, data)
    if members and not {"word/document.xml", "xl/workbook.xml"} & set(members):
        with pytest.raises(ReadError, match="既不是 Word"):
            read_report(data)


@pytest.mark.parametrize("member", ["word/document.xml", "xl/worksheets/sheet1.xml"])
@FEW
@given(data=st.data())
def test_office_files_with_one_part_cut_short(member, data):
    """The ZIP is sound but one XML part in it is broken: the XML parser's error is caught."""
    whole = VALID["docx" if member.startswith("word") else "xlsx"]
    with zipfile.ZipFile(io.BytesIO(whole)) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    cut = data.draw(st.integers(0, len(members[member]) - 1), label="cut")
    members[member] = members[member][:cut]
    damaged = _zip(members)
    read_or_refuse(docx_to_lines if member.startswith("word") else xlsx_to_lines, damaged)
    read_or_refuse(read_report, damaged)


def test_pdf_without_text_layer_is_refused_by_the_reader_and_the_pipeline():
    scan = io.BytesIO()
    Image.new("L", (300, 400), 255).save(scan, "PDF")
    for data in (scan.getvalue(), build_pdf(b"0 0 m 100 100 l S")):
        for reader in (pdf_to_lines, read_report):
            with pytest.raises(ReadError) as caught:
                reader(data)
            assert str(caught.value) == NO_TEXT_LAYER


def _zip_of_a_newer_version() -> bytes:
    """A DOCX whose central directory asks for ZIP version 9.5, which zipfile refuses."""
    data = bytearray(make_docx())
    data[data.index(b"PK\x01\x02") + 6] = 95
    return bytes(data)


def test_office_readers_refuse_a_zip_of_an_unknown_version():
    for reader in (docx_to_lines, xlsx_to_lines):
        with pytest.raises(ReadError, match="zip file version"):
            reader(_zip_of_a_newer_version())


# Found by fuzzing read_report (detect.py and text.py let a library error through).
def test_pipeline_refuses_a_zip_of_an_unknown_version():
    with pytest.raises(ReadError):
        read_report(_zip_of_a_newer_version())


def test_pipeline_refuses_broken_utf16_after_its_bom():
    with pytest.raises(ReadError):
        read_report(b"\xfe\xff\xd8\x00")


_SPANS = st.sampled_from(["", ' rowspan="2"', ' colspan="3"', ' rowspan="0"', ' colspan="x"'])


@st.composite
def html_tables(draw: st.DrawFn, depth: int = 0) -> str:
    """A random table, its cells holding text, numbers, blanks, spans and sometimes a table."""
    rows = []
    for _ in range(draw(st.integers(0, 4))):
        cells = []
        for _ in range(draw(st.integers(0, 4))):
            if depth < 2 and draw(st.integers(0, 6)) == 0:
                content = draw(html_tables(depth + 1))
            else:
                content = draw(st.sampled_from(["", "12", "商业企<br>业", "<p>a</p><p>b</p>", "—"]))
            cells.append(f"<td{draw(_SPANS)}>{content}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return "<table>" + "".join(rows) + "</table>"


@FUZZ
@given(page=html_tables())
def test_html_grid_rows_of_one_table_are_all_as_wide(page):
    try:
        lines = html_to_lines(page.encode())
    except ReadError:
        return
    widths: dict[str, set[int]] = {}
    for line in lines:
        if line.exact:
            table = line.where.split("第")[1]
            widths.setdefault(table, set()).add(len(line.cells))
    assert all(len(w) == 1 for w in widths.values()), widths


_LABELS = st.sampled_from(
    sorted(
        {part for e in (EDITION_2019, EDITION_2021) for k in e.cell_keys() for part in k}
        | {"meta", "edition", "agency", "year", "text", "一", "五", "六", "2019", "2021", "x"}
    )
)


@FUZZ
@given(records=st.lists(st.lists(st.one_of(_LABELS, st.text(max_size=5)), max_size=6), max_size=8))
def test_csv_of_labels_in_any_order_and_arity(records):
    out = io.StringIO()
    import csv

    csv.writer(out).writerows([["section", "block", "row", "column", "value"], *records])
    read_or_refuse(read_csv, out.getvalue().encode())
    read_or_refuse(read_report, out.getvalue().encode())


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | _LABELS | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_LABELS, inner, max_size=5),
    max_leaves=20,
)


@FUZZ
@given(document=st.dictionaries(_LABELS | st.sampled_from(["cells", "sections"]), _JSON))
def test_json_of_any_shape(document):
    data = json.dumps(document, ensure_ascii=False).encode()
    read_or_refuse(read_json, data)
    read_or_refuse(read_report, data)


@FEW
@given(report=reports())
def test_contract_round_trip(report):
    """What the writers write, the readers read back as the same report."""
    assert read_json(render_json(report)) == report
    assert read_csv(render_csv(report)) == report
