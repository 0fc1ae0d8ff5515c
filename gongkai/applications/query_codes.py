"""The query code (查询码) an applicant follows an application with, as typed and as stored.

Codes are stored as three groups of four characters joined by hyphens ("ABCD-EFGH-JKMN"), from
an alphabet without 0/O and 1/I/L (the code is read aloud and copied from paper; see
``services.registration.new_query_code``). Applicants type them in every way a phone or a
Chinese input method allows: lower case, with spaces, without hyphens, in full-width forms
(“ＡＢＣＤ－ＥＦＧＨ－ＪＫＭＮ”). ``normalise_query_code`` turns all of those into the stored
form, so the lookup compares like with like; ``query_code_problem`` says, in Chinese, why a text
cannot be a code at all.
"""

from __future__ import annotations

import string

from django.utils.translation import gettext

from gongkai.core.identity import fold_full_width

__all__ = [
    "QUERY_CODE_ALPHABET",
    "QUERY_CODE_GROUP",
    "QUERY_CODE_GROUPS",
    "normalise_query_code",
    "query_code_problem",
    "shown_char",
]

# No 0/O, 1/I/L: the code is read aloud over the phone and typed from paper. The one home of
# the alphabet: registration draws new codes from it, the track page accepts only it.
QUERY_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
QUERY_CODE_GROUP = 4
QUERY_CODE_GROUPS = 3
_LENGTH = QUERY_CODE_GROUP * QUERY_CODE_GROUPS
_ALLOWED = frozenset(QUERY_CODE_ALPHABET)

# Separators an applicant may type between the groups, all dropped: ASCII and full-width
# hyphens (the full-width one is folded first), and the dashes a Chinese input method gives
# for "-" (—— is what Sogou and Microsoft Pinyin type for shift+minus).
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\u30fc"
_DROP = {ord(char): None for char in _DASHES}
# Upper-casing ASCII letters only: str.upper() would also turn "ß" into "SS" or "ﬁ" into "FI".
_UPPER = str.maketrans(string.ascii_lowercase, string.ascii_uppercase)


def _compact(text: str) -> str:
    """Full-width folded, whitespace and dashes dropped, ASCII letters upper-cased."""
    folded = "".join(fold_full_width(text).split())
    return folded.translate(_DROP).translate(_UPPER)


def shown_char(char: str) -> str:
    """A character for a message: “x” if printable, else its code point (U+0007)."""
    return f"“{char}”" if char.isprintable() else f"U+{ord(char):04X}"


def query_code_problem(text: str) -> str | None:
    """None if ``text`` is a query code as an applicant may type it, else why not, in Chinese."""
    code = _compact(text)
    if not code:
        return gettext("请填写查询码")
    for char in code:
        if char not in _ALLOWED:
            if char in "01ILO":
                return gettext(
                    "查询码中没有{char}：查询码不使用数字 0、1 和字母 I、L、O，请核对"
                ).format(char=shown_char(char))
            return gettext("查询码只由数字和英文字母组成，不能含有{char}").format(
                char=shown_char(char)
            )
    if len(code) != _LENGTH:
        return gettext("查询码应为 {expected} 位字母或数字（不计连字符），现有 {count} 位").format(
            expected=_LENGTH, count=len(code)
        )
    return None


def normalise_query_code(text: str) -> str | None:
    """The code as stored ("ABCD-EFGH-JKMN"), or None if ``text`` cannot be a query code."""
    if query_code_problem(text) is not None:
        return None
    code = _compact(text)
    groups = [code[i : i + QUERY_CODE_GROUP] for i in range(0, _LENGTH, QUERY_CODE_GROUP)]
    return "-".join(groups)
