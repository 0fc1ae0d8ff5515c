"""Reading the text of one cell as the value its column declares.

A cell keeps its text as written (the cell contract promises that); these functions say what the
text means. Blank and "/" (not applicable) are kept apart from 0, so the checker can tell them
apart too.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .editions import Kind

NOT_APPLICABLE = "/"
# Dashes that published reports put in an empty cell; they mean "nothing here", like a blank.
DASHES = frozenset({"-", "—", "–", "－", "——", "--", "―"})

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－＋／　", "0123456789.,-+/ ")
_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_SPACE = re.compile(r"\s+")
_UNITS = {Kind.YUAN: ("元", "万元"), Kind.WAN_YUAN: ("万元",)}
_INTEGER_KINDS = frozenset({Kind.COUNT, Kind.SIGNED})
# Every character a value's text can hold before clean(): whitespace, digits (_NUMBER's \d takes
# any decimal digit), signs and separators, the dashes, "/", the units and the full-width forms
# clean() translates. Built from the declarations above, so that a new form of value is one too.
_VALUE_CHARACTERS = re.compile(
    "[\\s\\d"
    + re.escape(
        "".join(
            sorted(
                {"+", "-", ".", ",", NOT_APPLICABLE}
                | {char for dash in DASHES for char in dash}
                | {char for units in _UNITS.values() for unit in units for char in unit}
                | {chr(code) for code in _FULLWIDTH}
            )
        )
    )
    + "]*"
)


def clean(text: str | None) -> str:
    """The canonical form of a cell's text: half-width digits and signs, no surrounding space."""
    if not text:  # None or blank: nothing to translate or strip (most of an empty report)
        return ""
    if not text.isascii():  # the full-width forms are none of them ASCII: most cells skip this
        text = text.translate(_FULLWIDTH)
    # Most cells are digits or words alone: nothing to strip (and a regex call saved per cell).
    return text if text.isalnum() else _SPACE.sub("", text)


def may_be_value(text: str) -> bool:
    """False when the text holds a character no value has (cheaper than clean() and is_value:
    a label's text is told by it at once); True says only that it may be one."""
    return _VALUE_CHARACTERS.fullmatch(text) is not None


def looks_like_value(text: str) -> bool:
    """Could this piece of text be a cell's value (as opposed to a label)?"""
    return is_value(clean(text))


def is_value(text: str) -> bool:
    """looks_like_value of text already clean()."""
    if _is_digits(text):  # most cells
        return True
    if text in DASHES or text == NOT_APPLICABLE:
        return True
    for unit in ("万元", "元"):
        if text.endswith(unit):
            text = text[: -len(unit)]
            break
    return bool(_NUMBER.match(text))


def _is_digits(text: str) -> bool:
    """ASCII digits alone, which _NUMBER matches: most cells are (str.isdigit alone also takes
    "²", which the pattern does not)."""
    return text.isdigit() and text.isascii()


def parse_value(text: str, kind: Kind) -> int | Decimal | None:
    """The number a cell holds, or None when it is blank, a dash or "/".

    Raises ValueError with a Chinese message when the text is not a value of the column's kind.
    Money in 元 written as 万元 is converted to 元.
    """
    if kind in _INTEGER_KINDS and _is_digits(text):
        return int(text)  # most cells: a count in ASCII digits alone (clean as it is)
    text = clean(text)
    if text == "" or text in DASHES or text == NOT_APPLICABLE:
        return None
    factor = Decimal(1)
    for unit in _UNITS.get(kind, ()):
        if text.endswith(unit):
            text = text[: -len(unit)]
            if unit == "万元" and kind is Kind.YUAN:
                factor = Decimal(10000)
            break
    if not _NUMBER.match(text):
        raise ValueError(f"“{text}”不是{_KIND_NAMES[kind]}")
    text = text.replace(",", "")
    if kind in _INTEGER_KINDS:
        if "." in text:
            raise ValueError(f"“{text}”不是整数")
        number = int(text)
        if kind is Kind.COUNT and number < 0:
            raise ValueError(f"“{text}”是负数，应为非负整数")
        return number
    try:
        amount = Decimal(text) * factor
    except InvalidOperation:  # pragma: no cover - the pattern above admits only valid decimals
        raise ValueError(f"“{text}”不是金额") from None
    if amount < 0:
        raise ValueError(f"“{text}”是负数，金额不能为负")
    return amount


_KIND_NAMES = {
    Kind.COUNT: "非负整数",
    Kind.SIGNED: "整数",
    Kind.YUAN: "金额（元）",
    Kind.WAN_YUAN: "金额（万元）",
}
