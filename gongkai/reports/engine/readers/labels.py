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

_DROP = re.compile(r"[\s“”\"'‘’「」『』·•]")
_NUMBERING = re.compile(r"^(\d+)[.、，,)）]")


def normalize(text: str) -> str:
    """The comparable form of a label: NFKC, no whitespace or quotes, "1、" as "1."."""
    text = unicodedata.normalize("NFKC", text)
    return _DROP.sub("", text)


def core(label: str) -> str:
    """The words of a label without its numbering: "1.属于国家秘密" → "属于国家秘密"."""
    text = normalize(label)
    text = re.sub(r"^\(?[一二三四五六七八九十]+[)、.]", "", text)
    return _NUMBERING.sub("", text)


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
    """Whether coverage(label, text) >= share, without difflib when the characters alone say no
    (each matched character of the label is one of the text's)."""
    if not label:
        return False
    present = sum(1 for char in label if char in text)
    return present >= share * len(label) and coverage(label, text) >= share


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
    return any(normalize(v) in text for v in (label, *variants))


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
