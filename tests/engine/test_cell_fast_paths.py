"""The fast paths of reading cells give what the plain definitions give."""

from __future__ import annotations

import dataclasses
import inspect
import random
import re
import sys
from decimal import Decimal

import pytest

from gongkai.reports.engine.editions import CellKey
from gongkai.reports.engine.model import Report
from gongkai.reports.engine.readers.flat_tables import FOLD, fold
from gongkai.reports.engine.readers.lines import Line
from gongkai.reports.engine.readers.tables import split_line
from gongkai.reports.engine.values import (
    _FULLWIDTH,
    DASHES,
    clean,
    is_value,
    looks_like_value,
    may_be_value,
)


def _plain_split_line(line: Line) -> tuple[str, list[str]]:
    """split_line as first written: the label ends at the last part that is neither blank nor a
    value."""
    parts = list(line.cells) if line.cells is not None else line.text.split()
    end = len(parts)
    while end > 0 and (parts[end - 1].strip() == "" or looks_like_value(parts[end - 1])):
        end -= 1
    label = " ".join(p for p in parts[:end] if p.strip())
    return label, [clean(p) for p in parts[end:]]


def test_no_character_outside_the_value_characters_is_part_of_a_value():
    # In every place a value's text puts a character: alone, after a sign or digits, before
    # digits or a unit, inside a number.
    # Every character of the Basic Multilingual Plane (Chinese text is written in it), and the
    # decimal digits and whitespace beyond it, which the pattern takes by category.
    contexts = ("{}", "1{}", "{}1", "1{}1", "-{}", "{}元", "1,{}00", "1.{}", "{}万元", " {} ")
    for code in range(0x10000):
        char = chr(code)
        if may_be_value(char):
            continue
        for context in contexts:
            text = clean(context.format(char))
            assert text and not is_value(text), (hex(code), context)
    beyond = (chr(code) for code in range(0x10000, sys.maxunicode + 1))
    assert all(may_be_value(c) for c in beyond if c.isdecimal() or c.isspace())


def test_the_value_characters_hold_every_dash_and_full_width_form_clean_knows():
    assert all(may_be_value(dash) for dash in DASHES)
    assert all(may_be_value(chr(code)) for code in _FULLWIDTH)


def test_clean_translates_no_ascii_character():
    assert all(code > 0x7F for code in _FULLWIDTH)


def test_str_split_drops_the_whitespace_the_pattern_drops():
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert (re.fullmatch(r"\s", char) is not None) == (f"a{char}b".split() == ["a", "b"])


def test_split_line_reads_lines_as_the_plain_definition_does():
    rng = random.Random(29)
    pool = [
        "", " ", "\u3000", "0", "12", "007", "１２", "1,234", "1，234", "3.5", "－", "—", "——",
        "--", "/", "／", "12万元", "3元", "-3", "+4", "²", "٣", "1 2", "一、本年新收", "(二)",
        "其他", "1.", "元", "万元", "a", "-", ".", ",", "1..2", "０.５", "\t7", "x1",
    ]  # fmt: skip
    for _ in range(5000):
        cells = tuple(rng.choice(pool) for _ in range(rng.randint(0, 10)))
        text = "\t".join(cells)
        for line in (Line(text=text, where="", cells=cells), Line(text=" ".join(cells), where="")):
            assert split_line(line) == _plain_split_line(line), line


def test_fold_is_translate_with_the_fold_table():
    everything = "".join(chr(code) for code in range(0x10000) if not 0xD800 <= code < 0xE000)
    assert fold(everything) == everything.translate(FOLD)
    rng = random.Random(31)
    pool = "本年（）()，,。：:－−-０１２ａＢ＋　 \t/／"
    for _ in range(2000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 30)))
        assert fold(text) == text.translate(FOLD), repr(text)


def test_only_the_characters_detect_format_looks_for_lowercase_to_what_it_looks_for():
    # It lowercases a text only when it starts with "s" or "S" or holds a "<".
    for code in range(sys.maxunicode + 1):
        lowered = chr(code).lower()
        assert not lowered.startswith("s") or chr(code) in "sS", hex(code)
        assert ("<" not in lowered and "{" not in lowered) or chr(code) in "<{", hex(code)


def test_a_line_is_built_and_kept_as_the_frozen_dataclass_it_declares():
    # Line writes its fields itself (dataclasses' own __init__ was half of reading a text's
    # lines): its parameters are its fields, in order and with their defaults.
    parameters = list(inspect.signature(Line.__init__).parameters.values())[1:]
    assert [(p.name, p.default) for p in parameters] == [
        (f.name, inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default)
        for f in dataclasses.fields(Line)
    ]
    line = Line("（一）本机关 3", "第 7 行", cells=("（一）本机关", "3"), exact=True)
    assert (line.text, line.where, line.cells, line.exact, line.own, line.notes) == (
        "（一）本机关 3",
        "第 7 行",
        ("（一）本机关", "3"),
        True,
        None,
        (),
    )
    assert line == Line(text=line.text, where=line.where, cells=line.cells, exact=True)
    assert hash(line) == hash(dataclasses.replace(line))
    assert line != dataclasses.replace(line, exact=False)
    with pytest.raises(dataclasses.FrozenInstanceError):
        line.text = "改写"  # type: ignore[misc]


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_an_empty_report_has_every_cell_blank_in_reading_order(edition):
    report = Report.empty(edition)
    assert list(report.cells) == report.edition.cell_keys()
    assert set(report.cells.values()) == {""}
    given = report.edition.cell_keys()[5]
    written = Report(edition=report.edition, cells={given: "7"})
    assert list(written.cells) == [given, *(k for k in report.edition.cell_keys() if k != given)]


def test_a_row_set_at_once_is_each_cell_cleaned_with_its_source():
    keys = [k for k in Report.empty("2019").edition.cell_keys() if k.section == "三"][:7]
    texts = ["１２", " 3 ", None, 4, Decimal("5.5"), "—", ""]
    at_once = Report.empty("2019")
    at_once.set_cells(zip(keys, texts, strict=True), "第 3 行")
    assert [at_once.cells[k] for k in keys] == ["12", "3", "", "4", "5.5", "—", ""]
    assert at_once.sources == dict.fromkeys(keys, "第 3 行")
    untouched = [v for k, v in at_once.cells.items() if k not in keys]
    assert set(untouched) == {""}

    with pytest.raises(KeyError, match="没有这个单元格"):
        at_once.set_cells([(keys[0], "1"), (CellKey("二", "无", "无", "无"), "1")])
    left_out = Report(edition=at_once.edition, omitted=frozenset({"三"}))
    with pytest.raises(ValueError, match="不能填写"):
        left_out.set_cells([(keys[0], "1")])
    with pytest.raises(ValueError, match="单元格应为空白"):
        Report(edition=left_out.edition, cells={keys[0]: "1"}, omitted=frozenset({"三"}))
