"""What the portal reads: public items, the agency and catalogue trees, an item's page.

Public means published (``current_version`` set) and not withdrawn; what the portal shows of an
item is its current version, never the working copy under review. Every listing is one query
for its rows (the version and category joined, the bodies left unread) and one to count them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet

from gongkai.agencies.models import Agency
from gongkai.publishing.models import Category, Item, ItemAttachment, ItemVersion

PER_PAGE = 20
LATEST = 10
FEED_SIZE = 50
# Read only in full on the item page; a listing leaves them in the database.
_HEAVY = ("body", "summary", "current_version__body")
_Node = TypeVar("_Node", "AgencyNode", "CategoryNode")


def public_items() -> QuerySet[Item]:
    return Item.objects.filter(current_version__isnull=False, withdrawn_on__isnull=True)


def listed(items: QuerySet[Item]) -> QuerySet[Item]:
    """Rows for a listing, newest first: the version, its category and the agency joined."""
    return (
        items.select_related("agency", "current_version", "current_version__category")
        .defer(*_HEAVY)
        .order_by("-published_on", "-pk")
    )


def latest_items(*, agency: Agency | None = None, limit: int = LATEST) -> list[Item]:
    items = public_items() if agency is None else public_items().filter(agency=agency)
    return list(listed(items)[:limit])


# --- agencies -------------------------------------------------------------------------------


@dataclass
class AgencyNode:
    agency: Agency
    children: list[AgencyNode] = field(default_factory=list)


def agency_tree() -> list[AgencyNode]:
    """Every agency, under its parent (one query)."""
    agencies = Agency.objects.only("pk", "code", "name", "parent_id").order_by("code")
    return _attach({a.pk: AgencyNode(a) for a in agencies}, lambda n: n.agency.parent_id)


def agency_by_code(code: str) -> Agency | None:
    return Agency.objects.filter(code=code).first()


def agency_names(codes: set[str]) -> dict[str, str]:
    """The names of the agencies with these codes (one query; none for no codes)."""
    if not codes:
        return {}
    return dict(Agency.objects.filter(code__in=codes).values_list("code", "name"))


# --- the catalogue --------------------------------------------------------------------------


@dataclass
class CategoryNode:
    category: Category
    children: list[CategoryNode] = field(default_factory=list)
    own: int = 0  # public items filed right here

    @property
    def count(self) -> int:
        """Public items here and in every category below."""
        return self.own + sum(child.count for child in self.children)


def category_tree(agency: Agency, *, counts: bool = True) -> list[CategoryNode]:
    """The agency's catalogue in its order, each category with its count of public items."""
    categories = Category.objects.filter(agency=agency)
    nodes = _attach({c.pk: CategoryNode(c) for c in categories}, lambda n: n.category.parent_id)
    if counts:
        own = dict(
            public_items()
            .filter(agency=agency)
            .values_list("current_version__category")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for node in walk(nodes):
            node.own = own.get(node.category.pk, 0)
    return nodes


def walk(nodes: Iterable[CategoryNode]) -> Iterable[CategoryNode]:
    for node in nodes:
        yield node
        yield from walk(node.children)


def find_category(nodes: list[CategoryNode], code: str) -> CategoryNode | None:
    return next((node for node in walk(nodes) if node.category.code == code), None)


def publication_years(agency: Agency) -> list[int]:
    """The years in which the agency published something still public, newest first."""
    dates = public_items().filter(agency=agency).dates("published_on", "year", order="DESC")
    return [d.year for d in dates]


def catalogue_items(
    agency: Agency, *, category: CategoryNode | None = None, year: int | None = None
) -> QuerySet[Item]:
    """The agency's public items, in ``category`` or any category below it, of ``year``."""
    items = public_items().filter(agency=agency)
    if category is not None:
        ids = [node.category.pk for node in walk([category])]
        items = items.filter(current_version__category_id__in=ids)
    if year is not None:
        items = items.filter(published_on__year=year)
    return listed(items)


def page_of(items: QuerySet[Item], number: str | int | None) -> Page:
    """One page of a listing; a page number out of range or not a number gives the nearest."""
    return Paginator(items, PER_PAGE).get_page(number)


def feed_items(agency: Agency, category: CategoryNode | None = None) -> list[Item]:
    return list(catalogue_items(agency, category=category)[:FEED_SIZE])


# --- one item -------------------------------------------------------------------------------


def published_item(agency: Agency, pk: int) -> Item | None:
    """The item if it was ever published in this agency (withdrawn ones too), else None."""
    return (
        Item.objects.filter(agency=agency, pk=pk, current_version__isnull=False)
        .select_related(
            "current_version",
            "current_version__category",
            "current_version__replaces",
            "current_version__replaces__current_version",
        )
        .defer("body", "current_version__replaces__body")
        .first()
    )


@dataclass
class ItemPage:
    item: Item
    version: ItemVersion
    attachments: list[ItemAttachment]
    versions: list[ItemVersion]  # every published version, newest first
    replaces: Item | None  # the public item this one amends or replaces
    replaced_by: list[Item]  # the public items that amend or replace this one

    @property
    def earlier(self) -> list[ItemVersion]:
        return [v for v in self.versions if v.number != self.version.number]


def item_page(item: Item, version: ItemVersion | None = None) -> ItemPage:
    """What the item's page shows of ``version`` (the current one unless said)."""
    version = version or item.current_version
    replaced = version.replaces
    if replaced is not None and replaced.current_version_id is None:
        replaced = None  # never published: nothing of it is shown
    return ItemPage(
        item=item,
        version=version,
        attachments=attachments_of(version),
        versions=list(
            item.versions.only("pk", "item_id", "number", "published_at", "change_note").order_by(
                "-number"
            )
        ),
        replaces=replaced,
        replaced_by=list(
            public_items()
            .filter(current_version__replaces=item)
            .select_related("agency", "current_version")
            .defer(*_HEAVY)
            .order_by("published_on", "pk")
        ),
    )


def attachments_of(version: ItemVersion) -> list[ItemAttachment]:
    """The version's files, without their content."""
    return list(version.attachments.defer("text").order_by("pk"))


def item_version(item: Item, number: int) -> ItemVersion | None:
    return (
        ItemVersion.objects.filter(item=item, number=number)
        .select_related("category", "replaces", "replaces__current_version")
        .first()
    )


def current_attachment(item: Item, attachment_pk: int) -> ItemAttachment | None:
    """A file of the public item's current version; None for any other file."""
    if not item.is_public:
        return None
    return item.current_version.attachments.filter(pk=attachment_pk).first()


# --- helpers --------------------------------------------------------------------------------


def _attach(nodes: dict[int, _Node], parent_id: Callable[[_Node], int | None]) -> list[_Node]:
    """The nodes hung under their parents, in their order; the roots returned."""
    roots: list[_Node] = []
    for node in nodes.values():
        up = nodes.get(parent_id(node))
        (roots if up is None or up is node else up.children).append(node)
    return roots
