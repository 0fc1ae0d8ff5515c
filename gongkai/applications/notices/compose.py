"""A notice's text, composed from the agency's wording and the fixed legal paragraphs.

Pure: it takes the wording and the values (facts.py gathers them) and returns the paragraphs in
the order they are printed — title, number, salutation, body, legal paragraphs, contact lines,
agency, date and the seal line. Both renderers and the frozen text read this one structure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gongkai.applications.notices import kinds
from gongkai.applications.notices.placeholders import fill, placeholder_names

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


def _lines(template: str, values: dict[str, str]) -> list[str]:
    """The template filled line by line; a line whose every placeholder came out empty is left
    out (an agency without a fax number gets no "传真：" line)."""
    result: list[str] = []
    for line in template.splitlines():
        names = placeholder_names(line)
        if names and not any(values.get(name, "").strip() for name in names):
            continue
        # A value may span lines (a reply's text); each of its lines is a paragraph.
        result += [part.strip() for part in fill(line, values).splitlines() if part.strip()]
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
    body_lines = _lines(body, values)
    salutation, paragraphs = (body_lines[0], body_lines[1:]) if body_lines else ("", [])
    legal = [fill(text, values) for text in kinds.legal_for(kind_key, outcome_key)]
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
