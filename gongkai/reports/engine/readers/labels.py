"""Matching the labels of real reports to the official ones, which drift (DOMAIN.md §3).

Labels are compared in a normal form: width-folded, without spaces, quotes or numbering punctuation,
so that "1、本机关不掌握相关信息", "1. 本机关不掌握相关政府信息" and "（四）无\\n法提供" meet
the official labels. How close a label is, is how much of the official label appears, in
order, in the text.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import cache

from ..editions import Row

# What a label's comparable form leaves out besides whitespace: quotes and dots. Whitespace goes
# by str.split(), which drops what the pattern r"\s" would (both take str.isspace()) several
# times faster: the pattern tests each character's Unicode category.
_QUOTES = re.compile(r"[“”\"'‘’「」『』·•]")
_NUMBERING = re.compile(r"^(\d+)[.、，,)）]")


def _compatibility_forms() -> dict[str, str]:
    """The characters of Chinese text that NFKC changes (full-width forms, CJK and general
    punctuation, Latin-1), each with its NFKD."""
    blocks = ((0xA0, 0x100), (0x2000, 0x2070), (0x3000, 0x3040), (0xFF00, 0xFFF0))
    forms = {}
    for start, stop in blocks:
        for code in range(start, stop):
            char = chr(code)
            if (decomposed := unicodedata.normalize("NFKD", char)) != char:
                forms[char] = decomposed
    return forms


_COMPATIBILITY = _compatibility_forms()
_COMPATIBLE = re.compile("[" + "".join(map(re.escape, _COMPATIBILITY)) + "]")


def normalize(text: str) -> str:
    """The comparable form of a label: NFKC, no whitespace or quotes, "1、" as "1."."""
    # NFKC is slow on text it changes (most Chinese text: its "，" and "（）"), fast on text it
    # leaves alone. Its common changes are made first by one substitution: NFKC = NFC(NFKD),
    # and a character replaced by its own NFKD leaves the NFKD of the text as it was, so the
    # result is the same; NFKC then finds little or nothing left to do. Each character found is
    # replaced throughout at once (a text holds few kinds of them, many times over); no NFKD
    # holds a character that has another NFKD, so no replacement makes work for another.
    for char in set(_COMPATIBLE.findall(text)):
        text = text.replace(char, _COMPATIBILITY[char])
    text = unicodedata.normalize("NFKC", text)
    return _QUOTES.sub("", "".join(text.split()))


def core(label: str) -> str:
    """The words of a label without its numbering: "1.属于国家秘密" → "属于国家秘密"."""
    text = normalize(label)
    text = re.sub(r"^\(?[一二三四五六七八九十]+[)、.]", "", text)
    return _NUMBERING.sub("", text)


# The official labels are data: their comparable forms are worked out once per row, not once
# per line of every report that is matched against them.
@cache
def official(row: Row) -> str:
    """normalize() of the row's own label (its last)."""
    return normalize(row.path[-1])


@cache
def official_core(row: Row) -> str:
    """core() of the row's own label (its last)."""
    return core(row.path[-1])


def coverage(label: str, text: str) -> float:
    """How much of `label` (already normalised) appears in order in `text` (0..1)."""
    if not label:
        return 0.0
    if label in text:
        return 1.0
    matcher = SequenceMatcher(None, label, text, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return matched / len(label)


def reaches(label: str, text: str, share: float) -> bool:
    """Whether coverage(label, text) >= share, without difflib when the lengths or the
    characters alone say no (each matched character of the label is one of the text's)."""
    if not label:
        return False
    least = share * len(label)  # the characters of the label that must be matched
    if len(text) < least:
        return False  # a text holds no more of the label than its own length
    present = sum(1 for char in label if char in text)
    return present >= least and coverage(label, text) >= share


def align(labels: list[str], contexts: list[str]) -> list[tuple[int, int]]:
    """Official labels (cores) and the label texts before the values found, paired in order:
    as many pairs as can be, the labels deciding only which rows or values go without one (a
    diff). The (label, context) indexes of the pairs, in order.

    One more pair outweighs any gain in coverage, so the pairs are min(n, m), and a pair (i, j)
    lies within |n − m| of the diagonal: only those are scored, each once. When n = m the
    diagonal is the only way, and nothing is scored.
    """
    n, m = len(labels), len(contexts)
    if n == m:
        return [(i, i) for i in range(n)]
    band, bonus = abs(n - m), n + 1
    score = {
        (i, j): bonus + coverage(labels[i], contexts[j])
        for i in range(n)
        for j in range(max(0, i - band), min(m, i + band + 1))
    }
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            pair = best[i - 1][j - 1] + score.get((i - 1, j - 1), 0.0)
            best[i][j] = max(best[i - 1][j], best[i][j - 1], pair)
    pairs, i, j = [], n, m
    while i and j:
        if (i - 1, j - 1) in score and best[i][j] == best[i - 1][j - 1] + score[i - 1, j - 1]:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif best[i][j] == best[i - 1][j]:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


# Label variants that published reports print in place of an official label (DOMAIN.md §1.4):
# drift, not a misprint, so they are matched without a word. By row key (editions.Row.key).
KNOWN_VARIANTS: dict[str, tuple[str, ...]] = {
    "result.unavailable.1": ("本机关不掌握相关信息",),  # the seed: without 政府
}
_NUMBER_BEFORE = re.compile(r"(?:\d+[.、，,)）]|\(?[一二三四五六七八九十]+[)、.])$")
_WIDEST = 2  # a printed label more than twice the official one's length is not one label


def verbatim(label: str, text: str, variants: tuple[str, ...] = ()) -> bool:
    """Whether `label` (a core) or one of its known variants is printed as such in `text`."""
    return any(form in text for form in _verbatim_forms(label, variants))


@cache  # official labels and their known variants: data, the same for every report
def _verbatim_forms(label: str, variants: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(normalize(v) for v in (label, *variants))


def printed(label: str, text: str) -> str:
    """The stretch of `text` where a misprinted `label` (a core) stands, as printed: from the
    first to the last of the label's characters found in order, with the number before it.

    "" when the label's characters are scattered wider than one label could be.
    """
    matcher = SequenceMatcher(None, label, text, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if not blocks:
        return ""
    start, end = blocks[0].b, blocks[-1].b + blocks[-1].size
    if end - start > _WIDEST * len(label):
        return ""
    number = _NUMBER_BEFORE.search(text[:start])
    return text[number.start() if number else start : end]
