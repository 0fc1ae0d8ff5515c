"""Application numbers: "2026-00001", per agency and year, in sequence.

Registration and the ledger import both number this way. A ledger may bring numbers of its own;
only numbers of exactly this shape take part in the sequence (the import refuses a "YYYY-…" number
of another shape, which would collide with the sequence or break it).
"""

from __future__ import annotations

import re

from gongkai.agencies.models import Agency
from gongkai.applications.models import Application

OWN_NUMBER = re.compile(r"^(\d{4})-(\d{5})$")


def format_number(year: int | str, sequence: int) -> str:
    return f"{year}-{sequence:05d}"


def next_number(agency: Agency, year: int) -> str:
    """The agency's next number in the year (call under the agency row's lock)."""
    # Fixed width makes the text order the numeric order.
    last = (
        Application.objects.filter(agency=agency, number__regex=rf"^{year}-[0-9]{{5}}$")
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return format_number(year, int(OWN_NUMBER.match(last)[2]) + 1 if last else 1)
