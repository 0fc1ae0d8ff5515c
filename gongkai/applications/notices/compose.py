"""A notice's text, composed from the agency's wording and the fixed legal paragraphs.

Pure: it takes the wording and the values (facts.py gathers them) and returns the paragraphs in
the order they are printed — title, number, salutation, body, legal paragraphs, contact lines,
agency, date and the seal line. Both renderers and the frozen text read this one structure.

Values are typed by people and end as they like; the composer makes the sentence read right
whatever they end with: a date typed as 2026-12-02 is written 2026年12月2日, and where a value's
own punctuation meets the template's (“因档案较多。，本机关”) one mark is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from gongkai.applications.notices import kinds
from gongkai.applications.notices.placeholders import fill, placeholder_names, with_aliases

SEAL = "（印章）"


@dataclass(frozen=True)
class Composed:
    title: str
    number: str
    addressee: str  # whom it is addressed to (the applicant, or the consulted party or agency)
    salutation: str
    body: tuple[str, ...]
    legal: tuple[str, ...]
    closing: tuple[str, ...]
    agency_name: str
    date_text: str
    seal: str = SEAL

    @property
    def number_line(self) -> str:
        return f"编号：{self.number}"

    def text(self) -> str:
        """The whole notice as plain text, one paragraph a line: what is frozen and hashed."""
        lines = [
            self.title,
            self.number_line,
            self.salutation,
            *self.body,
            *self.legal,
            *self.closing,
            self.agency_name,
            self.date_text,
            self.seal,
        ]
        return "\n".join(line for line in lines if line)


def cn_date(day: date | None) -> str:
    """A date as written in a 公文: 2026年3月2日."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


# An ISO date inside a value (2026-12-02, or 2026-12-2), not part of a longer number.
_ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d-])")
# Marks that end or split a sentence; a run of them (with any spaces) becomes one mark.
_MARKS = "。，、；：！？"
_ASCII_MARKS = {".": "。", ",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}
_RUN = re.compile(
    r"[。，、；：！？][。，、；：！？.,;:!?\s]*[。，、；：！？]|[.,;:!?]\s*[。，、；：！？]"
)


def _chinese_dates(text: str) -> str:
    def written(match: re.Match[str]) -> str:
        try:
            return cn_date(date(*(int(part) for part in match.groups())))
        except ValueError:  # not a date after all (2026-13-40)
            return match.group()

    return _ISO_DATE.sub(written, text)


def _one_mark(match: re.Match[str]) -> str:
    marks = [_ASCII_MARKS.get(c, c) for c in match.group() if c in _MARKS or c in _ASCII_MARKS]
    last = marks[-1]
    # A question or exclamation the writer meant outlives the template's full stop.
    if last == "。" and (strong := [m for m in marks if m in "！？"]):
        return strong[-1]
    return last


def tidy(text: str) -> str:
    """One punctuation mark where a value's and the template's meet (“。。”, “，。”, “：：”)."""
    return _RUN.sub(_one_mark, text)


def _clean_values(values: dict[str, str]) -> dict[str, str]:
    return {name: _chinese_dates(str(value).strip()) for name, value in values.items()}


def _lines(template: str, values: dict[str, str]) -> list[str]:
    """The template filled line by line; a line whose every placeholder came out empty is left
    out (an agency without a fax number gets no "传真：" line)."""
    result: list[str] = []
    for line in template.splitlines():
        names = placeholder_names(line)
        if names and not any(values.get(name, "").strip() for name in names):
            continue
        # A value may span lines (a reply's text); each of its lines is a paragraph.
        result += [tidy(part.strip()) for part in fill(line, values).splitlines() if part.strip()]
    return result


def compose(
    *,
    kind_key: str,
    outcome_key: str,
    number: str,
    values: dict[str, str],
    body: str,
    closing: str,
    agency_name: str,
    issued_on: date,
) -> Composed:
    """The notice's paragraphs; ``values`` must hold every placeholder the texts use."""
    kind = kinds.kind(kind_key)
    values = with_aliases(kind_key, _clean_values(values))
    body_lines = _lines(body, values)
    salutation, paragraphs = (body_lines[0], body_lines[1:]) if body_lines else ("", [])
    legal = [tidy(fill(text, values)) for text in kinds.legal_for(kind_key, outcome_key)]
    return Composed(
        title=kinds.title_for(kind.key, outcome_key),
        number=number,
        addressee=values["addressee"],
        salutation=salutation,
        body=tuple(paragraphs),
        legal=tuple(legal),
        closing=tuple(_lines(closing, values)),
        agency_name=agency_name,
        date_text=cn_date(issued_on),
    )
