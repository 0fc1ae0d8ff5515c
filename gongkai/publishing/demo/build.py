"""Building the demo's 主动公开 for each demo agency: its guide settings, its catalogue, and 220
items over the last two years, each through the drafting services and the review chain, so that
the portal, search and table 二 have something real to show.

Among them: DOCX and PDF attachments with text, a few items waiting at each review step, two
withdrawn items, two 规范性文件 superseded by newer ones (已修改 / 废止, linked), and one draft at
the confidentiality review whose body holds a resident ID number, for the reviewer to catch.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count, QuerySet

from gongkai.agencies.models import Agency, Department
from gongkai.core.identity import resident_id_check_char
from gongkai.publishing.demo.content import DemoContent, draw, formed_days
from gongkai.publishing.demo.files import demo_docx, demo_pdf
from gongkai.publishing.models import (
    Category,
    IndexSequence,
    Item,
    ItemAttachment,
    ItemEvent,
    ItemVersion,
    Kind,
    State,
    Table2Input,
    Validity,
)
from gongkai.publishing.seeding import seed_categories
from gongkai.publishing.services.drafting import item_attach, item_create, item_update
from gongkai.publishing.services.steps import item_act
from gongkai.publishing.table2_inputs import table2_input_set
from gongkai.reports.compute.table2_predicates import input_cells
from gongkai.reports.engine.editions import Kind as ValueKind
from gongkai.reports.engine.editions import edition_for_year
from gongkai.search.index import remove_document
from gongkai.workdays.calendar import WorkCalendar

ITEMS_PER_AGENCY = 220
SEED = 20260
# The review steps in order, with the role that takes each.
CHAIN = (("submit", "clerk"), ("head_approve", "head"), ("leader_approve", "leader"))
CHAIN += (("publish", "reviewer"),)
# Items of the last weeks left at each step: the office's queues are never empty in the demo.
WAITING = (State.DRAFT, State.SUBMITTED, State.HEAD_APPROVED, State.LEADER_APPROVED)
_ID17 = "23010319850615123"
RESIDENT_ID = _ID17 + resident_id_check_char(_ID17)


@dataclass(frozen=True)
class Publisher:
    """Who works on an agency's items in the demo, by role, and the department they draft in."""

    agency: Agency
    department: Department
    people: dict[str, AbstractBaseUser]


def publishing_demo_build(
    publishers: list[Publisher],
    *,
    today: date,
    calendar: WorkCalendar,
    items_per_agency: int = ITEMS_PER_AGENCY,
) -> list[Item]:
    """The items of each publisher; ``items_per_agency`` fewer for a quick build in tests (the
    waiting, withdrawn, superseded and flagged items are always there)."""
    rng = random.Random(SEED)
    items: list[Item] = []
    for publisher in publishers:
        seed_categories(publisher.agency)
        items += _agency_items(publisher, today, _Days(calendar), rng, items_per_agency)
        for year in (today.year - 1, today.year):
            _table2_inputs(publisher, year, rng)
    return items


def _table2_inputs(p: Publisher, year: int, rng: random.Random) -> None:
    """The cells of table 二 the records cannot give, entered as an office would, by kind."""
    edition = edition_for_year(year)
    values: dict[str, Callable[[], str]] = {
        ValueKind.COUNT: lambda: str(rng.randint(0, 60)),
        ValueKind.SIGNED: lambda: str(rng.randint(-3, 6)),
        ValueKind.YUAN: lambda: f"{rng.randint(5, 900) * 1000}元",
        ValueKind.WAN_YUAN: lambda: f"{rng.randint(1, 9000) / 100:.2f}",
    }
    for cell in input_cells(edition):
        table2_input_set(
            agency=p.agency,
            year=year,
            cell=cell,
            value=values[edition.column(cell).kind](),
            source="演示数据：本机关行政许可、行政处罚系统及财务台账",
            entered_by=p.people["clerk"],
        )


class _Days:
    def __init__(self, calendar: WorkCalendar) -> None:
        self.calendar = calendar

    def is_workday(self, day: date) -> bool:
        if self.calendar.has_year(day.year):
            return self.calendar.is_workday(day)
        return day.weekday() < 5

    def after(self, day: date, n: int) -> date:
        """The ``n``-th working day after ``day`` (the next one for 0, unless ``day`` is one)."""
        while not self.is_workday(day):
            day += timedelta(days=1)
        for _ in range(n):
            day += timedelta(days=1)
            while not self.is_workday(day):
                day += timedelta(days=1)
        return day


def _agency_items(
    p: Publisher, today: date, days: _Days, rng: random.Random, count: int
) -> list[Item]:
    categories = {c.code: c for c in Category.objects.filter(agency=p.agency)}
    first = date(today.year - 1, 1, 4)
    formed = formed_days(rng, first, today - timedelta(days=40), count - 2 * len(WAITING) - 1)
    items = []
    for n, day in enumerate(formed, 1):
        content = draw(rng, p.agency.code, p.agency.name, day.year, n)
        item = _draft(p, categories, content, day)
        if n % 10 == 0:
            _attach(p, item, content, demo_docx, "docx", day)
        elif n % 70 == 35:
            _attach(p, item, content, demo_pdf, "pdf", day)
        # One in twenty is published late (past Art. 26's 20 working days), for the office view.
        gaps = [rng.randint(0, 2) for _ in CHAIN]
        if n % 20 == 7:
            gaps[0] += 20
        items.append(_through_chain(p, item, day, gaps, days, today))
    items += _waiting(p, categories, today, days, rng)
    _withdraw_two(p, items, days, today)
    _supersede_two(p, categories, items, days, today, rng)
    return items


def _draft(p: Publisher, categories: dict[str, Category], content: DemoContent, day: date) -> Item:
    normative = content.kind == Kind.NORMATIVE
    return item_create(
        agency=p.agency,
        actor=p.people["clerk"],
        department=p.department,
        on=day,
        category=categories[content.category_code],
        title=content.title,
        document_number=content.document_number,
        issuer=p.agency.name,
        written_on=day,
        formed_on=day,
        topic=content.topic,
        summary=content.summary,
        body=content.body,
        kind=content.kind,
        validity=Validity.IN_FORCE if normative else "",
        effective_on=day + timedelta(days=30) if normative else None,
    )


def _attach(
    p: Publisher, item: Item, content: DemoContent, make: Callable, ext: str, day: date
) -> None:
    data = make(content.title, content.body)
    upload = SimpleUploadedFile(f"{content.title[:40]}.{ext}", data)
    item_attach(item=item, actor=p.people["clerk"], upload=upload, on=day)


def _through_chain(
    p: Publisher, item: Item, day: date, gaps: list[int], days: _Days, today: date, stop: int = 4
) -> Item:
    """The item taken up the chain, a step a few working days after the other, as far as today
    allows (and no further than ``stop`` steps)."""
    for (key, role), gap in list(zip(CHAIN, gaps, strict=True))[:stop]:
        day = days.after(day, gap)
        if day > today:
            break
        item = item_act(item=item, actor=p.people[role], key=key, on=day)
    return item


def _waiting(p: Publisher, categories, today: date, days: _Days, rng) -> list[Item]:
    """Recent drafts left at each step of the chain, and one with an ID number in its body."""
    items = []
    start = today - timedelta(days=14)
    for n, state in enumerate(WAITING * 2):
        content = draw(rng, p.agency.code, p.agency.name, today.year, 900 + n)
        item = _draft(p, categories, content, start)
        stop = WAITING.index(state)
        items.append(_through_chain(p, item, start, [0] * 4, days, today, stop=stop))
    content = draw(rng, p.agency.code, p.agency.name, today.year, 999)
    flagged = _draft(p, categories, content, start)
    item_update(
        item=flagged,
        actor=p.people["clerk"],
        body=content.body + f"<p>联系人：张某，身份证号码 {RESIDENT_ID}。</p>",
        on=start,
    )
    items.append(_through_chain(p, flagged, start, [0] * 4, days, today, stop=3))
    return items


def _published(items: list[Item], kind: str) -> list[Item]:
    return [i for i in items if i.state == State.PUBLISHED and i.kind == kind]


def _withdraw_two(p: Publisher, items: list[Item], days: _Days, today: date) -> None:
    for item in _published(items, Kind.OTHER)[3:5]:
        day = days.after(item.published_on, 10)
        if day <= today:
            item_act(
                item=item,
                actor=p.people["clerk"],
                key="withdraw",
                reason="信息有误，已更正后重新发布",
                on=day,
            )


def _supersede_two(
    p: Publisher, categories, items: list[Item], days: _Days, today: date, rng
) -> None:
    """Two 规范性文件 replaced by newer ones: the first amended, the second repealed; each old
    one revised (through the chain) to say so, linked from the new."""
    for old, validity in zip(
        _published(items, Kind.NORMATIVE)[:2], (Validity.AMENDED, Validity.REPEALED), strict=False
    ):
        day = days.after(old.published_on, 60)
        if days.after(day, 12) > today:
            continue
        content = draw(rng, p.agency.code, p.agency.name, day.year, 800 + old.pk % 100)
        new = _draft(p, categories, content, day)
        item_update(
            item=new,
            actor=p.people["clerk"],
            category=old.category,
            kind=Kind.NORMATIVE,
            validity=Validity.IN_FORCE,
            title=f"{old.title}（{day.year}年修订）",
            replaces=old,
            on=day,
        )
        new = _through_chain(p, new, day, [0, 1, 1, 1], days, today)
        old = item_act(
            item=old, actor=p.people["clerk"], key="revise", reason="已被新文件修改或废止", on=day
        )
        item_update(
            item=old,
            actor=p.people["clerk"],
            validity=validity,
            validity_changed_on=new.published_on or day,
            on=day,
        )
        _through_chain(p, old, days.after(day, 4), [1, 1, 1, 1], days, today)


def publishing_demo_remove(agencies: QuerySet[Agency]) -> None:
    """The items of the demo agencies, with their versions, events and files, deleted (inside
    the caller's lift of the append-only tables). The current version is let go first: an item
    and its versions refer to each other."""
    items = Item.objects.filter(agency__in=agencies)
    for pk in items.values_list("pk", flat=True):
        remove_document(pk)
    items.update(current_version=None, replaces=None)
    ItemVersion.objects.filter(item__in=items).update(replaces=None)
    ItemEvent.objects.filter(item__in=items).delete()
    ItemVersion.objects.filter(item__in=items).delete()
    items.delete()
    ItemAttachment.objects.filter(agency__in=agencies).delete()
    IndexSequence.objects.filter(agency__in=agencies).delete()
    Table2Input.objects.filter(agency__in=agencies).delete()
    Category.objects.filter(agency__in=agencies).update(parent=None)
    Category.objects.filter(agency__in=agencies).delete()


def publishing_demo_state_counts(codes: tuple[str, ...]) -> dict[str, Counter[str]]:
    """Items per state, per agency code."""
    counts: dict[str, Counter[str]] = {code: Counter() for code in codes}
    rows = (
        Item.objects.filter(agency__code__in=codes)
        .values_list("agency__code", "state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for code, state, n in rows:
        counts[code][state] += n
    return counts
