"""The Atom feeds (per agency, per category) and the sitemap hold the public items only."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests.portal.helpers import draft_item, published_item, withdrawn

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _feed(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root


def _entries(root: ET.Element) -> dict[str, str]:
    """title → link of each entry."""
    return {
        entry.findtext(f"{ATOM}title"): entry.find(f"{ATOM}link").get("href")
        for entry in root.findall(f"{ATOM}entry")
    }


def test_the_agency_feed_is_atom_with_its_public_items(client, office):
    item = published_item(office, title="专利奖励办法", summary="规定专利奖励。")
    gone = withdrawn(office, published_item(office, title="已撤回的通知"))
    draft_item(office, title="尚未公开的草稿")
    published_item_elsewhere = reverse("portal:feed", args=[office.other_agency.code])
    root = _feed(client, reverse("portal:feed", args=[office.agency.code]))
    assert office.agency.name in root.findtext(f"{ATOM}title")
    assert root.findtext(f"{ATOM}id") and root.findtext(f"{ATOM}updated")
    entries = _entries(root)
    assert list(entries) == ["专利奖励办法"]
    assert entries["专利奖励办法"].endswith(
        reverse("portal:item", args=[office.agency.code, item.pk])
    )
    entry = root.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}summary") == "规定专利奖励。"
    assert entry.findtext(f"{ATOM}updated") and entry.findtext(f"{ATOM}id")
    assert gone.title not in entries
    assert _entries(_feed(client, published_item_elsewhere)) == {}


def test_the_category_feed_holds_that_category_only(client, office):
    published_item(office, title="专利奖励办法")
    published_item(office, title="专利统计数据", category_code="art20-4")
    url = reverse("portal:category_feed", args=[office.agency.code, "art20-4"])
    assert list(_entries(_feed(client, url))) == ["专利统计数据"]
    missing = reverse("portal:category_feed", args=[office.agency.code, "no-such"])
    assert client.get(missing).status_code == 404
    assert client.get(reverse("portal:feed", args=["nowhere"])).status_code == 404


def test_a_feed_holds_the_latest_fifty(client, office):
    for n in range(52):
        published_item(office, title=f"第{n:02d}号通知")
    root = _feed(client, reverse("portal:feed", args=[office.agency.code]))
    titles = list(_entries(root))
    assert len(titles) == 50 and titles[0] == "第51号通知"


def _locations(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]


def test_the_sitemap_indexes_its_sections(client, office):
    sections = _locations(client, reverse("portal:sitemap"))
    for section in ("home", "agencies", "items"):
        assert any(url.endswith(f"/sitemap-{section}.xml") for url in sections), section


def test_the_sitemap_lists_public_items_only_and_the_agency_pages(client, office):
    item = published_item(office)
    gone = withdrawn(office, published_item(office, title="已撤回的通知"))
    draft = draft_item(office, title="草稿")
    urls = []
    for section in _locations(client, reverse("portal:sitemap")):
        urls += _locations(client, section.split("testserver", 1)[1])
    paths = {url.split("testserver", 1)[1] for url in urls}
    assert reverse("portal:item", args=[office.agency.code, item.pk]) in paths
    assert reverse("portal:item", args=[office.agency.code, gone.pk]) not in paths
    assert reverse("portal:item", args=[office.agency.code, draft.pk]) not in paths
    assert "/" in paths
    for name in ("portal:agency", "portal:guide", "portal:catalogue"):
        assert reverse(name, args=[office.agency.code]) in paths, name
