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
