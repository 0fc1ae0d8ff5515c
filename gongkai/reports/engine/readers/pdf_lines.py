"""Characters with their boxes, as a PDF gives them, brought to lines of text.

A PDF holds no lines or words, only glyphs placed on the page. The rules here are the ones the
reader always used through pdfplumber, so that the same pages read the same way: characters whose
bottoms lie within 3 points of each other (chained) form a line; in a line, a real space or a gap
of more than 3 points starts a new word; words are joined by one space, which squash() later
removes between two CJK characters. Coordinates are PDF points, measured down from the top of the
page.

Bottoms, where pdfplumber compared tops: PDFium's box runs from the font's descent to its ascent,
pdfminer's from the same descent up one font size. The ascents of two fonts on one line differ (a
heading's bold face, then the body's: 4.5 points apart in the real report), the descents little;
with one font size, bottoms group exactly as pdfminer's tops did.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from operator import itemgetter
from typing import NamedTuple

Y_TOLERANCE = 3.0  # tops this close (chained) are one line
X_TOLERANCE = 3.0  # a gap wider than this between two glyphs starts a new word


class Char(NamedTuple):
    text: str
    x0: float
    top: float
    x1: float
    bottom: float


# Char.x0 and Char.bottom read as tuple items: the sort keys of every line and every page.
_X0, _BOTTOM = itemgetter(1), itemgetter(4)


def text_lines(chars: Sequence[Char]) -> list[tuple[float, float, str]]:
    """The lines the characters form, top to bottom: (top, bottom, the words joined by spaces).

    Spaces count only as word breaks: a line of nothing but spaces is no line.
    """
    out = []
    for line in _by_bottom(chars):
        line.sort(key=_X0)  # stable: glyphs at one x keep the order they were printed in
        words = _words(line)
        if words:
            shown = [c for c in line if not c.text.isspace()]
            top, bottom = min(c.top for c in shown), max(c.bottom for c in shown)
            out.append((top, bottom, " ".join(words)))
    return out


def _by_bottom(chars: Sequence[Char]) -> list[list[Char]]:
    """The characters grouped by their bottoms: sorted, each within Y_TOLERANCE of the last."""
    lines: list[list[Char]] = []
    last = 0.0
    for char in sorted(chars, key=_BOTTOM):
        if not lines or char.bottom > last + Y_TOLERANCE:
            lines.append([])
        lines[-1].append(char)
        last = char.bottom
    return lines


def _words(line: list[Char]) -> list[str]:
    """The words of one line, its characters in left-to-right order: a space, a step back, a gap
    wider than X_TOLERANCE or a bottom more than Y_TOLERANCE away starts a new one."""
    words: list[str] = []
    word: list[str] = []
    last_x0 = last_x1 = last_bottom = 0.0  # of the word's last character, once it has one
    for text, x0, _, x1, bottom in line:
        blank = text.isspace()
        if word and (
            blank
            or x0 < last_x0
            or x0 > last_x1 + X_TOLERANCE
            or abs(bottom - last_bottom) > Y_TOLERANCE
        ):
            words.append("".join(word))
            word = []
        if blank:
            continue
        word.append(_expand(text) if "\ufb00" <= text <= "\ufb06" else text)
        last_x0, last_x1, last_bottom = x0, x1, bottom
    if word:
        words.append("".join(word))
    return words


def _expand(ligature: str) -> str:
    """A typographic ligature (ﬁ, ﬂ, …) as its letters, so that words compare as typed."""
    return unicodedata.normalize("NFKC", ligature)
