"""Personal information in a text about to be published: each hit, in context, for the reviewer.

Before the confidentiality review the body and the attachments' text are scanned for three kinds
of number that identify a person and have no place in a published document:

- 居民身份证号码: 18 characters whose check character (GB 11643, ISO 7064 MOD 11-2) and birth
  date are right (``core.identity``), so that an 18-digit 文号 or serial number rarely hits;
- 手机号码: 11 digits from 13–19, alone or written 3-4-4 with spaces or hyphens, or after +86;
- 银行卡号: 16–19 digits, alone or in groups of four, that pass the Luhn check.

A number counts only where it stands alone — not inside a longer run of digits — so that one hit
is never also reported as a shorter one. Full-width digits (from a Chinese input method) are read
as digits; offsets are those of the text as given. Pure Python: no Django, no database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongkai.core.identity import fold_full_width, resident_id_problem

RESIDENT_ID = "resident_id"
MOBILE = "mobile"
BANK_CARD = "bank_card"

# The labels the reviewer sees, by kind.
LABELS = {RESIDENT_ID: "居民身份证号码", MOBILE: "手机号码", BANK_CARD: "银行卡号"}

# Characters of context shown on each side of a hit.
CONTEXT_CHARS = 15

_NOT_DIGIT_BEFORE = r"(?<![0-9])"
_NOT_DIGIT_AFTER = r"(?![0-9])"
_RESIDENT = re.compile(_NOT_DIGIT_BEFORE + r"[1-9][0-9]{16}[0-9Xx]" + _NOT_DIGIT_AFTER)
_MOBILE = re.compile(
    r"(?<![0-9+])(?:\+86[ -]?)?(1[3-9][0-9](?:[0-9]{8}|[ -][0-9]{4}[ -][0-9]{4}))"
    + _NOT_DIGIT_AFTER
)
_CARD = re.compile(
    _NOT_DIGIT_BEFORE
    + r"(?:[0-9]{16,19}|[0-9]{4}(?: [0-9]{4}){3}(?: [0-9]{1,3})?)"
    + _NOT_DIGIT_AFTER
)


@dataclass(frozen=True)
class Hit:
    kind: str
    start: int  # offsets in the text as given
    end: int
    text: str
    before: str  # the context the reviewer reads it in
    after: str

    @property
    def label(self) -> str:
        return LABELS[self.kind]


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check that bank card numbers carry in their last digit."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _digits(text: str) -> str:
    return re.sub(r"[^0-9Xx]", "", text)


def pii_hits(text: str) -> list[Hit]:
    """Every hit in ``text``, in order of position; a stretch of text is one hit at most."""
    folded = fold_full_width(text)  # one character for one: offsets stay those of ``text``
    found: list[tuple[str, int, int]] = []
    for match in _RESIDENT.finditer(folded):
        if resident_id_problem(match.group()) is None:
            found.append((RESIDENT_ID, match.start(), match.end()))
    for match in _MOBILE.finditer(folded):
        found.append((MOBILE, match.start(), match.end()))
    for match in _CARD.finditer(folded):
        if luhn_valid(_digits(match.group())):
            found.append((BANK_CARD, match.start(), match.end()))
    hits: list[Hit] = []
    taken: list[tuple[int, int]] = []
    # The first kind listed wins a stretch: an ID that also passes Luhn is an ID.
    for kind, start, end in found:
        if any(start < other_end and other_start < end for other_start, other_end in taken):
            continue
        taken.append((start, end))
        hits.append(
            Hit(
                kind=kind,
                start=start,
                end=end,
                text=text[start:end],
                before=text[max(0, start - CONTEXT_CHARS) : start],
                after=text[end : end + CONTEXT_CHARS],
            )
        )
    return sorted(hits, key=lambda hit: hit.start)
