"""The portal's pages answer with their key content: the home, an agency's home, its guide,
catalogue, category and year listings, and its annual reports."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from gongkai.agencies.models import Agency
from gongkai.publishing.models import Category
from tests.portal.helpers import published_item, withdrawn

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", "", response.content.decode())


def test_the_home_is_the_portal_with_agencies_latest_items_and_a_search_box(client, office):
    item = published_item(office, title="黑龙江省专利转化专项计划")
    page = client.get("/")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="zh-Hans">' in html
    assert html.count("<h1") == 1
    for agency in (office.province, office.agency, office.other_agency):
        assert reverse("portal:agency", args=[agency.code]) in html
        assert agency.name in html
    assert reverse("portal:item", args=[office.agency.code, item.pk]) in html
    assert "黑龙江省专利转化专项计划" in html
    assert f'action="{reverse("portal:search")}"' in html and 'name="q"' in html
    assert reverse("applications:apply", args=[office.agency.code]) in html
    assert reverse("applications:track") in html
    assert f'href="{reverse("reports:check")}"' in html


def test_the_home_nests_agencies_under_their_parent(client, office):
    html = _text(client.get("/"))
    province = html.index(office.province.name)
    assert province < html.index(office.agency.name)
    assert '<ulclass="agency-tree">' in html[province:]


def test_the_home_lists_the_newest_items_first(client, office):
    older = published_item(office, title="较早的通知")
    newer = published_item(office, title="较新的通知")
    html = client.get("/").content.decode()
    assert html.index(newer.title) < html.index(older.title)


def test_an_agency_home_shows_its_latest_items_categories_with_counts_and_its_links(client, office):
    item = published_item(office, title="专利奖励办法")
    code = office.agency.code
    page = client.get(reverse("portal:agency", args=[code]))
    assert page.status_code == 200
    html = page.content.decode()
    assert office.agency.name in html
    assert "专利奖励办法" in html and reverse("portal:item", args=[code, item.pk]) in html
    assert "行政法规、规章和规范性文件" in _text(page) and "（1条）" in _text(page)
    assert "（0条）" in _text(page)  # the other categories, empty
    for url in (
        reverse("portal:guide", args=[code]),
        reverse("portal:catalogue", args=[code]),
        reverse("portal:reports", args=[code]),
        reverse("portal:year", args=[code, item.published_on.year]),
        reverse("applications:apply", args=[code]),
        reverse("applications:track"),
    ):
        assert f'href="{url}"' in html, url


def test_every_page_has_a_breadcrumb_a_skip_link_and_one_heading_one(client, office):
    item = published_item(office)
    code = office.agency.code
    for url in (
        "/",
        reverse("portal:agency", args=[code]),
        reverse("portal:guide", args=[code]),
        reverse("portal:catalogue", args=[code]),
        reverse("portal:category", args=[code, "art20-1"]),
        reverse("portal:year", args=[code, item.published_on.year]),
        reverse("portal:item", args=[code, item.pk]),
        reverse("portal:reports", args=[code]),
        reverse("portal:search"),
        reverse("portal:search") + "?q=专利",
    ):
        html = client.get(url).content.decode()
        assert 'class="breadcrumb"' in html and 'aria-current="page"' in html, url
        assert 'href="#main"' in html and 'id="main"' in html, url
        assert html.count("<h1") == 1, url
        assert " style=" not in html and "<script" not in html, url


def test_an_unknown_agency_is_404(client, db):
    assert client.get(reverse("portal:agency", args=["nowhere"])).status_code == 404
    assert client.get(reverse("portal:guide", args=["nowhere"])).status_code == 404


def test_the_footer_shows_the_agency_s_sponsor_contact_and_record_numbers(client, office):
    Agency.objects.filter(pk=office.agency.pk).update(
        site_sponsor="黑龙江省知识产权局办公室",
        office_phone="0451-82628080",
        office_address="哈尔滨市南岗区汉水路 1 号",
        site_code="2300000041",
        icp_number="黑ICP备05000000号",
        police_number="黑公网安备23010302000000号",
    )
    html = _text(client.get(reverse("portal:agency", args=[office.agency.code])))
    footer = html[html.index("<footer") :]
    for text in (
        "主办单位",
        "黑龙江省知识产权局办公室",
        "0451-82628080",
        "哈尔滨市南岗区汉水路1号",
        "网站标识码",
        "2300000041",
        "黑ICP备05000000号",
        "黑公网安备23010302000000号",
    ):
        assert text in footer, text


def test_the_footer_leaves_out_what_is_not_set(client, office):
    html = client.get(reverse("portal:agency", args=[office.agency.code])).content.decode()
    footer = html[html.index("<footer") :]
    assert (
        "网站标识码" not in footer and "ICP备案号" not in footer and "公安机关备案号" not in footer
    )


def test_the_catalogue_is_a_table_of_index_number_title_summary_and_date(client, office):
    item = published_item(office, summary="规定专利奖励的评选和发放。")
    page = client.get(reverse("portal:catalogue", args=[office.agency.code]))
    assert page.status_code == 200
    html = _text(page)
    assert re.search(r"<th[^>]*>索引号</th><th[^>]*>名称</th><th[^>]*>内容概述</th>", html)
    assert "生成日期" in html
    assert item.index_number in html
    assert "规定专利奖励的评选和发放。" in html
    assert item.published_on.isoformat() in html
    assert '<labelfor="filter-category">' in html and '<labelfor="filter-year">' in html


def test_the_catalogue_pages_twenty_items_at_a_time(client, office):
    for n in range(23):
        published_item(office, title=f"第{n:02d}号通知")
    url = reverse("portal:catalogue", args=[office.agency.code])
    first, second = client.get(url), client.get(url + "?page=2")
    assert first.content.decode().count('class="index-number"') == 20
    assert second.content.decode().count('class="index-number"') == 3
    assert "第1页，共2页" in _text(first) and 'rel="next"' in first.content.decode()
    assert client.get(url + "?page=99").status_code == 200  # the last page, not an error


def test_the_catalogue_filters_by_category_and_year(client, office):
    rule = published_item(office, title="专利奖励办法")
    stats = published_item(office, title="专利统计数据", category_code="art20-4")
    url = reverse("portal:catalogue", args=[office.agency.code])
    by_category = client.get(url + "?category=art20-4").content.decode()
    assert stats.title in by_category and rule.title not in by_category
    year = rule.published_on.year
    assert rule.title in client.get(f"{url}?year={year}").content.decode()
    assert rule.title not in client.get(f"{url}?year={year - 1}").content.decode()
    paged = client.get(url + f"?category=art20-4&year={year}").content.decode()
    assert stats.title in paged


def test_a_category_listing_shows_its_items_and_those_of_its_subcategories(client, office):
    rule = published_item(office, title="专利奖励办法")
    parent = Category.objects.get(agency=office.agency, code="art20-1")
    Category.objects.create(
        agency=office.agency, parent=parent, code="rules-local", name="本机关规范性文件"
    )
    child_item = published_item(office, title="专利代理监管办法", category_code="rules-local")
    other = published_item(office, title="专利统计数据", category_code="art20-4")
    page = client.get(reverse("portal:category", args=[office.agency.code, "art20-1"]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<h1>行政法规、规章和规范性文件</h1>" in html
    assert rule.title in html and child_item.title in html and other.title not in html
    assert reverse("portal:category_feed", args=[office.agency.code, "art20-1"]) in html
    missing = reverse("portal:category", args=[office.agency.code, "no-such"])
    assert client.get(missing).status_code == 404


def test_a_year_listing_shows_the_items_published_that_year(client, office):
    item = published_item(office)
    year = item.published_on.year
    page = client.get(reverse("portal:year", args=[office.agency.code, year]))
    assert page.status_code == 200 and item.title in page.content.decode()
    assert f"{year}年公开的政府信息" in page.content.decode()
    earlier = client.get(reverse("portal:year", args=[office.agency.code, year - 1]))
    assert earlier.status_code == 200 and item.title not in earlier.content.decode()


def test_another_agency_s_items_are_not_in_this_catalogue(client, office):
    item = published_item(office)
    html = client.get(reverse("portal:catalogue", args=[office.other_agency.code])).content
    assert item.index_number not in html.decode()


def test_the_reports_page_says_none_are_published_yet(client, office):
    page = client.get(reverse("portal:reports", args=[office.agency.code]))
    assert page.status_code == 200
    assert "尚未在本平台发布政府信息公开工作年度报告" in page.content.decode()


def test_a_withdrawn_item_leaves_every_listing(client, office):
    kept = published_item(office, title="仍然公开的通知")
    gone = withdrawn(office, published_item(office, title="已撤回的通知"))
    code = office.agency.code
    for url in (
        "/",
        reverse("portal:agency", args=[code]),
        reverse("portal:catalogue", args=[code]),
        reverse("portal:category", args=[code, "art20-1"]),
        reverse("portal:year", args=[code, kept.published_on.year]),
    ):
        html = client.get(url).content.decode()
        assert kept.title in html and gone.title not in html, url
    assert "（1条）" in _text(client.get(reverse("portal:agency", args=[code])))
