"""What the narrative drafts quote from the records beyond the tables: the items published in the
year, and the 信息处理费 collected (国办函〔2020〕109号).

A fee counts in the year it was paid (the ``receive_fee`` step's day), at the amount of the
application's fee notice (``send_fee_notice``: one per application, step_rules).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Min, OuterRef, Subquery

from gongkai.agencies.models import Agency
from gongkai.applications.models import Application, ApplicationEvent
from gongkai.publishing.models import Item
from gongkai.remedies.models import Case


@dataclass(frozen=True)
class Fees:
    applications: int
    yuan: int


def fees_collected(agency: Agency, year: int) -> Fees:
    notices = ApplicationEvent.objects.filter(
        application_id=OuterRef("application_id"), kind="send_fee_notice"
    ).order_by("-at", "-pk")
    paid = (
        ApplicationEvent.objects.filter(
            application__agency=agency, kind="receive_fee", on__year=year
        )
        .annotate(notice_data=Subquery(notices.values("data")[:1]))
        .values_list("notice_data", flat=True)
    )
    amounts = [int((data or {}).get("amount") or 0) for data in paid]
    return Fees(applications=len(amounts), yuan=sum(amounts))


def items_published(agency: Agency, year: int) -> int:
    """Items first published in the year and not withdrawn by its end (any kind)."""
    return (
        Item.objects.filter(agency=agency, published_on__year=year)
        .exclude(withdrawn_on__year__lte=year)
        .count()
    )


def platform_since(agency: Agency) -> int | None:
    """The first year the agency's work is on the platform: the earliest application received,
    item published or case filed; None when it has none yet. Reports of that year and later are
    compiled here, from those records, through the review chain — never imported."""
    firsts = [
        Application.objects.filter(agency=agency).aggregate(first=Min("received_on"))["first"],
        Item.objects.filter(agency=agency).aggregate(first=Min("published_on"))["first"],
        Case.objects.filter(agency=agency).aggregate(first=Min("filed_on"))["first"],
    ]
    years = [day.year for day in firsts if day is not None]
    return min(years) if years else None
