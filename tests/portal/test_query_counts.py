"""The listings and the item page read the same number of queries for 1 item as for 20 (the
version and category are joined, the files and versions read in one query each)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gongkai.publishing.models import Item
from tests.portal.helpers import published_item, revised, with_file

pytestmark = pytest.mark.django_db

MAX_QUERIES = 10


def _queries(url: str) -> int:
    client = Client()
    client.get(url)  # the first request warms what is read once per process
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _grow(office, to: int) -> None:
    for n in range(Item.objects.filter(agency=office.agency).count(), to):
        published_item(
            office, title=f"第{n:02d}号通知", category_code=("art20-1", "art20-4")[n % 2]
        )


@pytest.mark.parametrize(
    "name", ["portal:home", "portal:agency", "portal:catalogue", "portal:feed", "portal:year"]
)
def test_a_listing_reads_as_many_queries_for_twenty_items_as_for_one(office, name):
    def url() -> str:
        if name == "portal:home":
            return reverse(name)
        if name == "portal:year":
            return reverse(name, args=[office.agency.code, timezone.localdate().year])
        return reverse(name, args=[office.agency.code])

    _grow(office, 1)
    one = _queries(url())
    _grow(office, 20)
    twenty = _queries(url())
    assert one == twenty <= MAX_QUERIES


def test_the_sitemap_of_items_reads_as_many_queries_for_twenty_items_as_for_one(office):
    url = reverse("portal:sitemap_section", args=["items"])
    _grow(office, 1)
    one = _queries(url)
    _grow(office, 20)
    assert _queries(url) == one <= MAX_QUERIES


def test_the_item_page_reads_a_fixed_number_of_queries(office):
    few = with_file(office)
    many = revised(office, with_file(office, files=20, title="多个附件"), note="第二版")
    many = revised(office, many, note="第三版", title="多个附件（修订）")
    for n in range(20):
        published_item(office, title=f"其他{n}")
    one = _queries(reverse("portal:item", args=[office.agency.code, few.pk]))
    page = Client().get(reverse("portal:item", args=[office.agency.code, many.pk]))
    assert page.content.decode().count("/files/") == 20
    three = _queries(reverse("portal:item", args=[office.agency.code, many.pk]))
    assert one == three <= MAX_QUERIES
