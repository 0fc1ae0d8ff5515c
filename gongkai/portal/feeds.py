"""Atom feeds of the latest public items: one per agency, one per category of its catalogue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.portal import selectors
from gongkai.portal.selectors import CategoryNode
from gongkai.publishing.models import Item


@dataclass(frozen=True)
class Source:
    agency: Agency
    category: CategoryNode | None = None


def item_path(item: Item) -> str:
    return reverse("portal:item", kwargs={"agency_code": item.agency.code, "pk": item.pk})


class AgencyFeed(Feed):
    feed_type = Atom1Feed

    def get_object(
        self, request: HttpRequest, agency_code: str, category_code: str | None = None
    ) -> Source:
        agency = selectors.agency_by_code(agency_code)
        if agency is None:
            raise Http404(agency_code)
        if category_code is None:
            return Source(agency)
        category = selectors.find_category(
            selectors.category_tree(agency, counts=False), category_code
        )
        if category is None:
            raise Http404(category_code)
        return Source(agency, category)

    def title(self, source: Source) -> str:
        if source.category is None:
            return _("%(agency)s · 政府信息公开") % {"agency": source.agency.name}
        return _("%(agency)s · %(category)s") % {
            "agency": source.agency.name,
            "category": source.category.category.name,
        }

    def subtitle(self, source: Source) -> str:
        return _("最新公开的 %(count)s 条政府信息") % {"count": selectors.FEED_SIZE}

    def link(self, source: Source) -> str:
        if source.category is None:
            return reverse("portal:agency", args=[source.agency.code])
        return reverse("portal:category", args=[source.agency.code, source.category.category.code])

    def author_name(self, source: Source) -> str:
        return source.agency.name

    def items(self, source: Source) -> list[Item]:
        return selectors.feed_items(source.agency, source.category)

    def item_title(self, item: Item) -> str:
        return item.current_version.title

    def item_description(self, item: Item) -> str:
        return item.current_version.summary

    def item_link(self, item: Item) -> str:
        return item_path(item)

    def item_pubdate(self, item: Item) -> datetime:
        return datetime.combine(item.published_on, datetime.min.time())

    def item_updateddate(self, item: Item) -> datetime:
        return item.current_version.published_at

    def item_author_name(self, item: Item) -> str:
        return item.current_version.issuer

    def item_categories(self, item: Item) -> list[str]:
        return [item.current_version.category.name]
