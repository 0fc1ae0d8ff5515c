"""Reads of the staff's 主动公开 screens: the queues, the filtered list, an item with what its
page shows, the Art. 26 deadline of each row.

The deadline is never stored: it is ``publication_deadline`` of the item's 形成或变更日期, computed
in Python over the rows shown with one calendar. Which items are late or due soon is still one
query: the deadline only grows with the date it runs from, so "due by D" is "formed on or before
the last day whose deadline is D or earlier", found by a bisection over the same function.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Prefetch, Q, QuerySet

from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import access_of
from gongkai.core import workflow as core
from gongkai.publishing import workflow
from gongkai.publishing.models import (
    Category,
    Item,
    ItemAttachment,
    ItemEvent,
    ItemVersion,
    Kind,
    State,
)
from gongkai.publishing.permissions import actions_offered, items_visible_to
from gongkai.workdays.calendar import WorkCalendar
from gongkai.workdays.clock import Convention, Deadline, publication_deadline

User = AbstractBaseUser | AnonymousUser

# Not yet published (or revised and not yet published again): the Art. 26 clock matters.
PENDING_STATES = (State.DRAFT, State.SUBMITTED, State.HEAD_APPROVED, State.LEADER_APPROVED)
# "即将到期": due within this many working days from today (as the applications' screens).
DUE_SOON_WORKING_DAYS = 5
# What every list row shows, read in the same query.
ROW_RELATED = ("category", "department", "drafter")
# The steps that put an item in someone's queue (sending back and withdrawing are always
# possible alongside, they are not what waits).
_QUEUE_STEPS = frozenset({"head_approve", "leader_approve", "publish"})
_STEP_STATE = {
    "head_approve": State.SUBMITTED,
    "leader_approve": State.HEAD_APPROVED,
    "publish": State.LEADER_APPROVED,
}

OVERDUE, DUE_SOON = "overdue", "due_soon"


@dataclass(frozen=True)
class Row:
    """One item of a list, with its Art. 26 deadline (None once published or withdrawn)."""

    item: Item
    deadline: Deadline | None = None
    status: str = ""  # OVERDUE, DUE_SOON or ""
    offered: tuple[core.Action, ...] = ()

    @property
    def overdue(self) -> bool:
        return self.status == OVERDUE

    @property
    def due_soon(self) -> bool:
        return self.status == DUE_SOON


@dataclass(frozen=True)
class Clock:
    """What the deadline arithmetic of one page needs, read once."""

    today: date
    calendar: WorkCalendar
    convention: Convention

    @property
    def due_soon_until(self) -> date:
        return self.calendar.add_workdays(self.today, DUE_SOON_WORKING_DAYS)

    def deadline(self, formed: date) -> Deadline:
        return publication_deadline(formed, self.calendar, self.convention)

    def status(self, deadline: Deadline) -> str:
        if deadline.due is None:
            return ""
        if deadline.due < self.today:
            return OVERDUE
        return DUE_SOON if deadline.due <= self.due_soon_until else ""

    def last_formed_due_by(self, until: date) -> date:
        """The latest 形成或变更日期 whose deadline falls on ``until`` or before."""
        low = until - timedelta(days=120)
        while (self.deadline(low).due or until) > until:  # a calendar of long holidays
            low -= timedelta(days=120)
        high = until  # its deadline is after ``until``: at least one working day is counted
        while high - low > timedelta(days=1):
            middle = low + (high - low) // 2
            if (self.deadline(middle).due or until) <= until:
                low = middle
            else:
                high = middle
        return low


def staff_items(user: User) -> QuerySet[Item]:
    """The items the user reads, with what a list row shows."""
    return items_visible_to(user).select_related(*ROW_RELATED)


def pending(qs: QuerySet[Item]) -> QuerySet[Item]:
    return qs.filter(state__in=PENDING_STATES)


def rows(items: list[Item] | QuerySet[Item], clock: Clock) -> list[Row]:
    """The items as rows, each unpublished one with its deadline and badge."""
    made = []
    for item in items:
        if item.state in PENDING_STATES:
            deadline = clock.deadline(item.formed_on)
            made.append(Row(item, deadline, clock.status(deadline)))
        else:
            made.append(Row(item))
    return made


def late_and_due_soon(qs: QuerySet[Item], clock: Clock) -> list[Row]:
    """The agency's unpublished items past their deadline or due within five working days,
    the earliest deadline first (one query)."""
    last = clock.last_formed_due_by(clock.due_soon_until)
    items = pending(qs).filter(formed_on__lte=last).order_by("formed_on", "pk")
    return [row for row in rows(items, clock) if row.status]


def my_drafts(qs: QuerySet[Item], user: User) -> QuerySet[Item]:
    return qs.filter(state=State.DRAFT, drafter_id=user.pk).order_by("formed_on", "pk")


def reviews_in(user: User, agency: Agency) -> bool:
    """Whether the user holds a role that takes a review step in the agency."""
    roles = access_of(user).roles_in(agency.pk)
    return any(roles & workflow.ACTIONS[key].roles for key in _QUEUE_STEPS)


def waiting_for(qs: QuerySet[Item], user: User, agency: Agency, clock: Clock) -> list[Row]:
    """The items on which the user may take a review step now (``actions_offered``: the role,
    the department headed, no second step in a round), with the steps offered."""
    roles = access_of(user).roles_in(agency.pk)
    states = [_STEP_STATE[key] for key in _QUEUE_STEPS if roles & workflow.ACTIONS[key].roles]
    if not states:
        return []
    events = ItemEvent.objects.order_by("at", "pk")
    candidates = (
        qs.filter(agency=agency, state__in=states)
        .prefetch_related(Prefetch("events", queryset=events, to_attr="event_list"))
        .order_by("formed_on", "pk")
    )
    waiting = []
    for row in rows(candidates, clock):
        offered = tuple(
            act
            for act in actions_offered(user, row.item, row.item.event_list)
            if act.key in _QUEUE_STEPS
        )
        if offered:
            waiting.append(Row(row.item, row.deadline, row.status, offered))
    return waiting


def filtered(
    qs: QuerySet[Item],
    *,
    state: str = "",
    category: Category | None = None,
    year: int | None = None,
) -> QuerySet[Item]:
    """The list's filters. The year is that of the first publication; an item not yet
    published counts in the year of its 形成或变更日期."""
    if state == "pending":
        qs = pending(qs)
    elif state:
        qs = qs.filter(state=state)
    if category is not None:
        qs = qs.filter(category=category)
    if year:
        qs = qs.filter(
            Q(published_on__year=year) | Q(published_on__isnull=True, formed_on__year=year)
        )
    return qs


# -- one item ------------------------------------------------------------------------------------

ITEM_RELATED = (
    "agency",
    "category",
    "department",
    "drafter",
    "replaces",
    "current_version",
)


def item_for_page(user: User, pk: int) -> Item | None:
    """The item with what its page shows, if the user reads it."""
    return items_visible_to(user).select_related(*ITEM_RELATED).filter(pk=pk).first()


def item_events(item: Item) -> list[ItemEvent]:
    return list(item.events.select_related("actor").order_by("at", "pk"))


def item_attachments(item: Item) -> list[ItemAttachment]:
    """The working copy's files, without their content."""
    return list(item.attachments.defer("text").select_related("uploaded_by"))


def item_versions(item: Item) -> list[ItemVersion]:
    return list(item.versions.select_related("published_by", "category").order_by("-number"))


def attachment_of(item: Item, attachment_id: int) -> ItemAttachment | None:
    """A file of the item: of its working copy or of a version it published."""
    of_item = Q(pk__in=item.attachments.values("pk"))
    of_versions = Q(versions__item=item)
    return ItemAttachment.objects.filter(of_item | of_versions, pk=attachment_id).distinct().first()


def replaceable_items(agency_id: int, item: Item | None = None) -> QuerySet[Item]:
    """The agency's 规章 and 规范性文件 another item may amend or replace."""
    qs = Item.objects.filter(agency_id=agency_id, kind__in=(Kind.RULE, Kind.NORMATIVE))
    if item is not None and item.pk:
        qs = qs.exclude(pk=item.pk)
    return qs.order_by("-pk")


def catalogue_tree(agency: Agency) -> list[tuple[Category, int]]:
    """The agency's categories in their order, each with its depth (one query)."""
    categories = list(Category.objects.filter(agency=agency).order_by("position", "pk"))
    children: dict[int | None, list[Category]] = {}
    known = {c.pk for c in categories}
    for category in categories:
        parent = category.parent_id if category.parent_id in known else None
        children.setdefault(parent, []).append(category)
    tree: list[tuple[Category, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for category in children.get(parent, []):
            tree.append((category, depth))
            walk(category.pk, depth + 1)

    walk(None, 0)
    return tree
