"""``/search/?q=`` through the real search: results with highlighted terms, filters, pages; a
query search cannot run gets its message (200), never an error page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from gongkai.publishing.models import Category
from gongkai.publishing.services.catalogue import category_add
from tests.portal.helpers import published_item, withdrawn
from tests.publishing.factories import category

pytestmark = pytest.mark.django_db


def _search(client, **params):
    response = client.get(reverse("portal:search"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_an_empty_query_shows_the_search_form(client, db):
    html = _search(client)
    assert '<label for="search-q">' in html and 'name="q"' in html
    assert "找到" not in html


def test_a_search_for_a_two_character_word_finds_the_item_whose_body_says_it(client, office):
    item = published_item(
        office,
        title="关于开展年度评选工作的通知",
        summary="",
        document_number="",
        body="<p>各单位：现组织开展专利奖评选。</p>",
    )
    html = _search(client, q="专利")
    assert "找到 1 条结果" in html
    assert reverse("portal:item", args=[office.agency.code, item.pk]) in html
    assert "<mark>专利</mark>" in html
    assert office.agency.name in html


def test_a_withdrawn_item_is_not_found(client, office):
    withdrawn(office, published_item(office))
    assert "找到 0 条结果" in _search(client, q="专利")


def test_a_nonsense_word_finds_nothing(client, office):
    published_item(office)
    html = _search(client, q="龘靐齉")
    assert "找到 0 条结果" in html and "没有找到" in html


@pytest.mark.parametrize("query", ['"', "AND OR NOT", "专利 AND (", "*", "x" * 600, "''\"\"--"])
def test_a_bad_query_gets_results_or_a_message_never_an_error(client, office, query):
    published_item(office)
    html = _search(client, q=query)
    assert "找到" in html or 'class="error"' in html


def test_a_query_with_no_usable_term_says_so_beside_the_box(client, office):
    html = _search(client, q="的 了")
    assert 'class="error" id="search-error"' in html or "找到" in html
    html = _search(client, q="!!!")
    assert 'id="search-error"' in html and 'aria-invalid="true"' in html


def test_the_agency_filter_limits_the_results_and_can_be_cleared(client, office):
    mine = published_item(office, title="专利奖励办法")
    html = _search(client, q="专利", agency=office.other_agency.code)
    assert "找到 0 条结果" in html and "检索范围：黑龙江省教育厅" in html
    html = _search(client, q="专利", agency=office.agency.code)
    assert mine.title in html and "检索全部机关" in html
    assert '<label for="search-category">' in html  # the agency's categories to choose from


def test_the_category_year_and_issuer_filters(client, office):
    rule = published_item(office, title="专利奖励办法")
    stats = published_item(office, title="专利统计数据", category_code="art20-4", issuer="统计处")
    code = office.agency.code
    category = Category.objects.get(agency=office.agency, code="art20-4")
    html = _search(client, q="专利", agency=code, category=category.pk)
    assert stats.title in html and rule.title not in html
    html = _search(client, q="专利", issuer="统计处")
    assert stats.title in html and rule.title not in html
    year = rule.published_on.year
    assert "找到 2 条结果" in _search(client, q="专利", year=year)
    assert "找到 0 条结果" in _search(client, q="专利", year=year - 1)
    # The facets: each year and issuer with its count, a link that keeps the query.
    html = _search(client, q="专利")
    assert re.search(rf'href="\?q=%E4%B8%93%E5%88%A9&amp;year={year}">{year}年（2）', html)
    assert "统计处（1）" in html


def test_results_come_a_page_at_a_time(client, office):
    for n in range(23):
        published_item(office, title=f"第{n:02d}号专利公告")
    first = _search(client, q="专利")
    assert "找到 23 条结果" in first and first.count('class="hit"') == 20
    assert 'rel="next"' in first
    second = _search(client, q="专利", page="2")
    assert second.count('class="hit"') == 3 and 'rel="prev"' in second
    assert _search(client, q="专利", page="abc").count('class="hit"') == 20


@pytest.mark.parametrize("param", ["year", "page"])
def test_a_number_that_is_no_ascii_number_is_ignored_not_a_server_error(client, office, param):
    published_item(office, body="<p>专利</p>")
    assert "专利" in _search(client, q="专利", **{param: "²"})


def test_a_catalogue_year_out_of_range_is_not_found_or_ignored(client, office):
    code = office.agency.code
    assert client.get(f"/agencies/{code}/catalogue/", {"year": "²"}).status_code == 200
    for year in (0, 10000):
        assert client.get(f"/agencies/{code}/years/{year}/").status_code == 404


def test_a_category_filter_finds_the_items_filed_below_it_too(client, office):
    parent = category(office, "art20-1")
    child = category_add(
        agency=office.agency, actor=office.admin, name="规范性文件解读", code="jiedu", parent=parent
    )
    published_item(office, title="专利条例解读", category=child, body="<p>专利</p>")
    html = _search(client, q="专利", agency=office.agency.code, category=str(parent.pk))
    assert "专利条例解读" in html
