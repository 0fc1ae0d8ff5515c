"""Application records set directly (the report is a query over records), and an independent count.

``expected_cells`` counts table 三 by iterating over the records in Python, written from the
definitions in the issue and not from the SQL predicates, so the two can disagree.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.applications.models import Application
from gongkai.reports.engine.editions import CellKey, Edition

_serial = itertools.count(1)

# (applicant_kind, org_kind) → the column the issue says it is counted in.
KINDS = {
    ("person", ""): "natural_person",
    ("organisation", "business"): "business",
    ("organisation", "research"): "research",
    ("organisation", "public_interest"): "public_interest",
    ("organisation", "legal_services"): "legal_services",
    ("organisation", "other_org"): "other_org",
}


@dataclass(frozen=True)
class Record:
    """What matters to the report about one application."""

    received: date | None
    closed: date | None = None
    outcome: str = ""
    kind: tuple[str, str] = ("person", "")


def application(agency: Agency, record: Record, *, save: bool = True) -> Application:
    """An Application with the record's dates, outcome and applicant kind."""
    n = next(_serial)
    applicant_kind, org_kind = record.kind
    app = Application(
        agency=agency,
        number=f"T-{n:06d}",
        query_code=f"Q{n:09d}",
        channel="in_person",
        applicant_kind=applicant_kind,
        org_kind=org_kind,
        applicant_name=f"申请人{n}",
        phone="13800138000",
        info_name="某项政府信息",
        form_wanted="electronic",
        delivery="email",
        state="closed" if record.closed else "registered",
        submitted_at=timezone.make_aware(datetime(2018, 1, 1)),
        received_on=record.received,
        closed_on=record.closed,
        outcome=record.outcome,
        report_column=Application.column_for(applicant_kind, org_kind),
    )
    if save:
        app.save()
    return app


def create_all(agency: Agency, records: list[Record]) -> list[Application]:
    return Application.objects.bulk_create([application(agency, r, save=False) for r in records])


def expected_row(edition: Edition, outcome_key: str) -> str:
    """The result row of an outcome: the 2019 edition has one （六） row for （六）1–3."""
    if edition.key == "2019" and outcome_key.startswith("result.other."):
        return "result.other"
    return outcome_key


def cells_of(app: Application, edition: Edition, year: int) -> list[tuple[str, str]]:
    """The (row key, column key) cells one application is counted in, by the issue's words."""
    received, closed = app.received_on, app.closed_on
    if received is None:
        return []
    start, end, last_year_end = date(year, 1, 1), date(year, 12, 31), date(year - 1, 12, 31)
    rows = []
    if start <= received <= end:
        rows.append("new")
    if received <= last_year_end and (closed is None or closed > last_year_end):
        rows.append("carried_in")
    if closed is not None and start <= closed <= end:
        rows += [expected_row(edition, app.outcome), "result.total"]
    if received <= end and (closed is None or closed > end):
        rows.append("carried_forward")
    column = KINDS[app.applicant_kind, app.org_kind]
    return [(row, col) for row in rows for col in (column, "total")]


def expected_cells(agency: Agency, edition: Edition, year: int) -> dict[CellKey, int]:
    """Every cell of the year's table, counted by iterating over all the agency's records."""
    counts: Counter[tuple[str, str]] = Counter()
    for app in Application.objects.filter(agency=agency):
        counts.update(cells_of(app, edition, year))
    return {
        edition.t3(row, column): counts[row.key, column.key]
        for row in edition.table3_rows
        for column in edition.table3_columns
    }


def expected_pks(agency: Agency, edition: Edition, year: int, row: str, column: str) -> set[int]:
    return {
        app.pk
        for app in Application.objects.filter(agency=agency)
        if (row, column) in cells_of(app, edition, year)
    }
