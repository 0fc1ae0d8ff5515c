"""Application numbers: "2026-00001", per agency and year, in sequence; from the 100,000th
on the sequence simply grows a digit ("2026-100000"), so numbers never run out.

Registration and the ledger import both number this way. A ledger may bring numbers of its own;
only numbers of exactly this shape take part in the sequence (the import refuses a "YYYY-…" number
of another shape, which would collide with the sequence or break it).
"""

from __future__ import annotations

import re

from django.db.models.functions import Length

from gongkai.agencies.models import Agency
from gongkai.applications.models import Application

# Five digits, zero-padded; longer only from 100000 on (no leading zero), so each sequence
# number has exactly one spelling.
_SEQUENCE = r"([0-9]{5}|[1-9][0-9]{5,})"
OWN_NUMBER = re.compile(rf"^([0-9]{{4}})-{_SEQUENCE}$")


def format_number(year: int | str, sequence: int) -> str:
    return f"{year}-{sequence:05d}"


def next_number(agency: Agency, year: int) -> str:
    """The agency's next number in the year (call under the agency row's lock)."""
    # Longer is larger, and within one length the text order is the numeric order.
    last = (
        Application.objects.filter(agency=agency, number__regex=rf"^{year}-{_SEQUENCE}$")
        .order_by(Length("number").desc(), "-number")
        .values_list("number", flat=True)
        .first()
    )
    return format_number(year, int(OWN_NUMBER.match(last)[2]) + 1 if last else 1)
