"""The portal's pages cached for anonymous readers: served again without a query while nothing
was published, drawn anew at once after a publishing step; never for signed-in staff."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from gongkai.publishing.services.steps import item_act
from tests.portal.helpers import published_item

pytestmark = pytest.mark.django_db

CACHED = override_settings(GONGKAI_PORTAL_CACHE_SECONDS=300)


@CACHED
def test_a_page_seen_before_is_served_from_one_cache_read(
    client, office, django_assert_num_queries
):
    item = published_item(office, title="第一条信息")
    url = reverse("portal:item", args=[office.agency.code, item.pk])
    first = client.get(url)
    with django_assert_num_queries(1):  # the cache table: the page and the generation at once
        again = client.get(url)
    assert again.status_code == 200 and again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]


@CACHED
def test_a_publication_shows_on_the_cached_home_at_once(client, office):
    published_item(office, title="第一条信息")
    assert "第一条信息" in client.get("/").content.decode()
    published_item(office, title="第二条信息")
    assert "第二条信息" in client.get("/").content.decode()


@CACHED
def test_a_withdrawal_takes_the_item_off_the_cached_catalogue_at_once(client, office):
    item = published_item(office, title="将撤回的信息")
    url = reverse("portal:catalogue", args=[office.agency.code])
    assert "将撤回的信息" in client.get(url).content.decode()
    item_act(item=item, actor=office.clerk, key="withdraw", reason="有误")
    assert "将撤回的信息" not in client.get(url).content.decode()


@CACHED
def test_the_large_text_mode_is_cached_apart(client, office):
    published_item(office)
    plain = client.get("/").content.decode()
    client.post(reverse("portal:elder"), {"mode": "on", "next": "/"})
    elder = client.get("/").content.decode()
    assert '<body class="portal">' in plain
    assert '<body class="portal elder">' in elder


@CACHED
def test_signed_in_staff_always_get_a_fresh_page(client, office, django_assert_max_num_queries):
    item = published_item(office)
    url = reverse("portal:item", args=[office.agency.code, item.pk])
    client.force_login(office.clerk)
    client.get(url)
    with django_assert_max_num_queries(20) as captured:
        client.get(url)
    assert len(captured) > 1


@CACHED
def test_the_sitemap_is_cached_whole(client, office):
    published_item(office)
    first = client.get(reverse("portal:sitemap"))
    again = client.get(reverse("portal:sitemap"))
    assert first.status_code == again.status_code == 200
    assert again.content == first.content and b"<sitemapindex" in again.content
