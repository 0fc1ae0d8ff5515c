"""Identity numbers an applicant gives under Art. 29(1) (姓名或者名称、身份证明).

Two schemes, both a fixed 18-character layout with an ISO 7064 check character:

- 居民身份证号码, GB 11643-1999: 6-digit area code, 8-digit birth date, 3-digit sequence,
  check character by ISO 7064 MOD 11-2 (0-9 or X).
- 统一社会信用代码, GB 32100-2015: 登记管理部门代码, 机构类别代码, 6-digit area code,
  9-character 主体标识码, check character by ISO 7064 MOD 31-3 over a 31-character alphabet.

Each ``*_problem`` function returns None for an acceptable number, otherwise one Chinese
sentence naming the first thing that is wrong, so a form can show it as is.
Pure Python on purpose, and in core: the applicant's forms, the CLI, ledger imports and the
publishing scan for personal information all use it.
"""

from __future__ import annotations

import re
from datetime import date

__all__ = [
    "USCC_ALPHABET",
    "USCC_CATEGORY_CHARS",
    "USCC_DEPARTMENT_CHARS",
    "USCC_WEIGHTS",
    "fold_full_width",
    "masked",
    "masked_id_number",
    "masked_numbers",
    "masked_phone",
    "normalise_resident_id",
    "normalise_uscc",
    "resident_id_check_char",
    "resident_id_problem",
    "uscc_check_char",
    "uscc_problem",
]

_DIGITS = "0123456789"

# Applicants paste from Word and phones: full-width forms (U+FF01–FF5E, U+3000) are common.
# Only that block is folded; a wider NFKC would also turn e.g. "①" into "1" and hide a typo.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def fold_full_width(text: str) -> str:
    """Full-width letters, digits and signs (“ＡＢ１２－”) and the ideographic space as their
    ASCII forms; every other character unchanged. Shared by every code an applicant types."""
    return text.translate(_FULL_WIDTH)


def _normalise(text: str) -> str:
    """Fold full-width forms, drop every whitespace character, upper-case."""
    return "".join(fold_full_width(text).split()).upper()


def _char_name(char: str) -> str:
    return f"“{char}”"


# --- 居民身份证号码, GB 11643-1999 -----------------------------------------------------

# ISO 7064 MOD 11-2: the character in position i (1-based, from the left, check character
# at 18) has weight 2^(18-i) mod 11, so the check character's weight is 1 and each weight
# is twice the one to its right; a valid number has a weighted sum ≡ 1 (mod 11).
_RESIDENT_WEIGHTS = tuple(pow(2, 17 - index, 11) for index in range(17))
# Check value 10 cannot be one digit; the standard writes it as the Roman numeral X.
_RESIDENT_CHECK_CHARS = "0123456789X"
_EARLIEST_BIRTH = date(1900, 1, 1)


def normalise_resident_id(number: str) -> str:
    """The number as stored: no spaces (also full-width and inner ones), X upper-case."""
    return _normalise(number)


def resident_id_check_char(first17: str) -> str:
    """The check character (0-9 or X) for the first 17 digits of a 居民身份证号码."""
    if len(first17) != 17 or any(char not in _DIGITS for char in first17):
        raise ValueError(f"需要 17 位数字，实际为 {first17!r}")
    total = sum(int(char) * weight for char, weight in zip(first17, _RESIDENT_WEIGHTS, strict=True))
    # total + check ≡ 1 (mod 11), the check character having weight 1.
    return _RESIDENT_CHECK_CHARS[(1 - total) % 11]


def resident_id_problem(number: str, *, today: date | None = None) -> str | None:
    """None if ``number`` is a well-formed 居民身份证号码, else what is wrong, in Chinese.

    Checks, in this order: 18 characters; 17 digits then a digit or X; an area code not
    starting with 0; a birth date (positions 7–14) that exists, is not before 1900-01-01 and
    not after ``today`` (defaults to the system date); the check character. The area code is
    not looked up in GB/T 2260: codes are withdrawn over time, but numbers issued under them
    remain valid.
    """
    text = normalise_resident_id(number)
    if len(text) != 18:
        return f"身份证号码应为 18 位，实际为 {len(text)} 位"
    for position, char in enumerate(text[:17], start=1):
        if char not in _DIGITS:
            return f"身份证号码前 17 位应为数字，第 {position} 位为{_char_name(char)}"
    if text[17] not in _RESIDENT_CHECK_CHARS:
        return f"身份证号码第 18 位（校验位）应为数字或 X，实际为{_char_name(text[17])}"
    if text[0] == "0":
        return f"身份证号码前 6 位地址码 {text[:6]} 无效：地址码不能以 0 开头"
    birth_text = text[6:14]
    try:
        birth = date(int(birth_text[:4]), int(birth_text[4:6]), int(birth_text[6:]))
    except ValueError:
        return f"身份证号码中的出生日期 {birth_text} 不是有效日期"
    if birth < _EARLIEST_BIRTH:
        return f"身份证号码中的出生日期 {birth_text} 早于 1900 年"
    if birth > (today or date.today()):
        return f"身份证号码中的出生日期 {birth_text} 晚于今天"
    expected = resident_id_check_char(text[:17])
    if text[17] != expected:
        return f"身份证号码校验位应为 {expected}，实际为 {text[17]}"
    return None


# --- 统一社会信用代码, GB 32100-2015 -----------------------------------------------------

# The code's character set, in code-value order 0–30: digits, then capital letters without
# I, O, Z, S, V (the standard drops them as too easily confused with 1, 0, 2, 5, U).
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = {char: value for value, char in enumerate(USCC_ALPHABET)}
_USCC_EXCLUDED = "IOZSV"
# ISO 7064 MOD 31-3 as GB 32100 applies it: position i (1-based) of the first 17 has weight
# 3^(i-1) mod 31, i.e. 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28.
USCC_WEIGHTS = tuple(pow(3, index, 31) for index in range(17))

# 登记管理部门代码 (position 1). GB 32100 assigns 1 机构编制, 5 民政, 9 工商 and Y 其他 and lets
# further departments be given a digit or letter; published tables since add 2 外交,
# 3 司法行政, 4 文化, 6 旅游, 7 宗教, 8 工会, A 中央军委改革和编制办公室 and N 农业
# (农村集体经济组织) — N from secondary sources only, unverified against an amendment.
# Deliberately permissive, so a code from a newly added department is not refused:
# 1–9, A–G (room for further assignments) and N, Y.
USCC_DEPARTMENT_CHARS = "123456789ABCDEFGNY"
# 机构类别代码 (position 2): each department numbers its own categories (1 企业, 2 个体工商户,
# …; 9 其他). All published categories are 1–9, but GB 32100 allows a letter too, so any
# character of the alphabet but 0 is accepted.
USCC_CATEGORY_CHARS = USCC_ALPHABET[1:]


def normalise_uscc(code: str) -> str:
    """The code as stored: no spaces (also full-width and inner ones), upper-case."""
    return _normalise(code)


def uscc_check_char(first17: str) -> str:
    """The check character for the first 17 characters of a 统一社会信用代码."""
    if len(first17) != 17 or any(char not in _USCC_VALUE for char in first17):
        raise ValueError(f"需要 17 位统一社会信用代码字符，实际为 {first17!r}")
    total = sum(
        _USCC_VALUE[char] * weight for char, weight in zip(first17, USCC_WEIGHTS, strict=True)
    )
    # GB 32100: check value = 31 − (total mod 31), where 31 is written as 0; that is
    # −total mod 31, so total + check ≡ 0 (mod 31).
    return USCC_ALPHABET[-total % 31]


def uscc_problem(code: str) -> str | None:
    """None if ``code`` is a well-formed 统一社会信用代码, else what is wrong, in Chinese.

    Checks, in this order: 18 characters; each character in the 31-character alphabet; the
    登记管理部门代码 and 机构类别代码 (permissive sets, see ``USCC_DEPARTMENT_CHARS``); six
    digits of area code; the check character. Not checked: that the area code exists (codes
    are withdrawn, codes issued under them stay valid) and the GB 11714 check inside the
    主体标识码 (positions 9–17), which the USCC check character already covers for typos.
    """
    text = normalise_uscc(code)
    if len(text) != 18:
        return f"统一社会信用代码应为 18 位，实际为 {len(text)} 位"
    for position, char in enumerate(text, start=1):
        if char not in _USCC_VALUE:
            why = "（不使用 I、O、Z、S、V）" if char in _USCC_EXCLUDED else ""
            return f"统一社会信用代码含有不允许的字符{_char_name(char)}（第 {position} 位）{why}"
    if text[0] not in USCC_DEPARTMENT_CHARS:
        return f"统一社会信用代码第 1 位（登记管理部门代码）不能为{_char_name(text[0])}"
    if text[1] not in USCC_CATEGORY_CHARS:
        return f"统一社会信用代码第 2 位（机构类别代码）不能为{_char_name(text[1])}"
    area = text[2:8]
    if any(char not in _DIGITS for char in area):
        return f"统一社会信用代码第 3—8 位（登记管理机关行政区划码）应为数字，实际为 {area}"
    expected = uscc_check_char(text[:17])
    if text[17] != expected:
        return f"统一社会信用代码校验位应为 {expected}，实际为 {text[17]}"
    return None


def masked(value: str, *, keep_start: int, keep_end: int = 4) -> str:
    """`value` with its middle hidden ("230103********1234", "138****5678"), for screens and
    exports seen by staff who do not need it whole. A value too short to keep both ends keeps
    only its last two characters."""
    value = value.strip()
    if len(value) <= keep_start + keep_end:
        return "*" * max(len(value) - 2, 1) + value[-2:]
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]


def masked_id_number(value: str) -> str:
    """An identity number with only its region (first six) and last four characters."""
    return masked(value, keep_start=6)


def masked_phone(value: str) -> str:
    """A phone number with only its first three and last four digits."""
    return masked(value, keep_start=3)


# A number that may identify a person, standing alone: 11 to 19 digits, ASCII or full-width, the
# last maybe X — an identity number, a mobile phone, a bank card. For text no one reviews before
# it leaves (log lines, error mail), where masking an odd serial number too costs nothing, and
# for the notes of an application purged of its personal data (applications.retention), where a
# serial number masked with them is the price of not keeping a second phone or a card.
_LONG_NUMBER = re.compile(r"(?<![0-9０-９])[0-9０-９]{10,18}[0-9０-９Xx](?![0-9０-９])")


def masked_numbers(text: str) -> str:
    """`text` with every long number in it masked like a phone ("138****5678")."""
    return _LONG_NUMBER.sub(lambda match: masked(match.group(), keep_start=3), text)
