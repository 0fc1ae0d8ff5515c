"""The fast paths of reading cells give what the plain definitions give."""

from __future__ import annotations

import random
import re
import sys

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
