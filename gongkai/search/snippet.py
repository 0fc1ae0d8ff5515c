"""The excerpt of a hit: original text around the first match, the matched terms in <mark>.

The terms are folded (segment.fold), the text is not: the matching runs on a folded copy and
maps each match back to the original characters, so that a query for abc marks the ＡＢＣ the
document says. Everything that is not a <mark> tag is escaped.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from gongkai.search.segment import fold

SNIPPET_CHARS = 160  # about two lines of a results page
LEAD_CHARS = 30  # text shown before the first match, for its context
ELLIPSIS = "…"
_SPACES = re.compile(r"\s+")


def _folded(text: str) -> tuple[str, list[int] | None]:
    """The folded text and, when folding changed its length, the original index of each folded
    character (None: the same index, the common case, found without a walk in Python)."""
    whole = fold(text)
    if len(whole) == len(text):
        return whole, None
    folded, origin = [], []
    for i, ch in enumerate(text):
        part = unicodedata.normalize("NFKC", ch).lower()
        folded.append(part)
        origin.extend([i] * len(part))
    return "".join(folded), origin


def _terms_pattern(terms: list[str]) -> re.Pattern[str] | None:
    # Longest first, so that 申请专利 is marked whole rather than as 申请 then 专利.
    ordered = sorted({t for t in terms if t}, key=len, reverse=True)
    if not ordered:
        return None
    return re.compile("|".join(re.escape(t) for t in ordered), re.IGNORECASE)


def highlight(text: str, terms: list[str]) -> SafeString:
    """The whole text, escaped, with every occurrence of a term in <mark>."""
    return mark_safe(_marked(text, terms))


def snippet(text: str, terms: list[str], width: int = SNIPPET_CHARS) -> SafeString:
    """About ``width`` characters of the text from just before the first match (or from its
    start), escaped, with the terms in <mark> and … where the text goes on."""
    if not text:
        return mark_safe("")
    first = _first_match(text, terms)
    start = 0 if first is None else max(0, min(first - LEAD_CHARS, len(text) - width))
    end = start + width
    before = ELLIPSIS if start > 0 else ""
    after = ELLIPSIS if end < len(text) else ""
    # Safe: _marked escapes all but its <mark> tags, and the ellipsis is plain text.
    return mark_safe(before + _marked(text[start:end], terms) + after)


def _first_match(text: str, terms: list[str]) -> int | None:
    """Where the first term occurs in the text (an index of the original), or None.

    The text as it is first, letter case ignored: it finds nearly every match without folding
    the whole text (the excerpt source may be 20,000 characters, and a page has twenty hits).
    Only when that finds nothing is the folded text searched (ＡＢＣ for abc).
    """
    pattern = _terms_pattern(terms)
    if pattern is None:
        return None
    found = pattern.search(text)
    if found:
        return found.start()
    folded, origin = _folded(text)
    found = pattern.search(folded)
    if not found:
        return None
    return found.start() if origin is None else origin[found.start()]


def _marked(text: str, terms: list[str]) -> str:
    """The text, escaped, with every occurrence of a term in <mark> (matched on the folded text,
    marked on the original)."""
    if not text:
        return ""
    pattern = _terms_pattern(terms)
    if pattern is None:
        return escape(_SPACES.sub(" ", text))
    folded, origin = _folded(text)
    size = len(folded)

    def original(position: int) -> int:
        if origin is None:
            return position
        return origin[position] if position < size else len(text)

    pieces: list[str] = []
    done = 0
    for match in pattern.finditer(folded):
        before = text[original(done) : original(match.start())]
        marked = text[original(match.start()) : original(match.end())]
        pieces.append(escape(_SPACES.sub(" ", before)))
        if marked:
            pieces.append(format_html("<mark>{}</mark>", marked))
        done = match.end()
    pieces.append(escape(_SPACES.sub(" ", text[original(done) :])))
    return "".join(pieces)
