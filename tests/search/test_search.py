"""search(): what it finds, in which order, with which filters, on which page, and the excerpt."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.search.index import search
from tests.search.conftest import OTHER_AGENCY

pytestmark = pytest.mark.django_db


def ids(results) -> list[int]:
    return [hit.doc_id for hit in results.hits]


def test_a_word_is_found_inside_a_longer_word_of_the_body(indexed):
    indexed(1, body_text="本局全年受理申请专利的咨询二百余次。")

    assert ids(search("专利")) == [1]


def test_a_word_is_found_in_the_attachments(indexed):
    indexed(1, attachments_text="附件：申请专利费用减缴办法")

    assert ids(search("专利")) == [1]


def test_title_document_number_and_summary_are_searched(indexed):
    indexed(1, title="关于商标代理的通知")
    indexed(2, document_number="黑知发〔2020〕12号")
    indexed(3, summary="地理标志保护工作情况")

    assert ids(search("商标")) == [1]
    assert ids(search("黑知发〔2020〕12号")) == [2]
    assert ids(search("地理标志")) == [3]


def test_a_nonsense_word_finds_nothing(indexed):
    indexed(1, body_text="申请专利")

    results = search("嘁嚓啰嗦咕噜")

    assert results.total == 0 and results.hits == [] and results.pages == 1


def test_every_term_must_match(indexed):
    indexed(1, body_text="专利")
    indexed(2, body_text="专利和商标")

    assert ids(search("专利 商标")) == [2]


def test_a_field_term_of_the_user_dictionary_is_found_whole_and_by_its_parts(indexed):
    indexed(1, body_text="依照《中华人民共和国政府信息公开条例》，本机关编制政府信息公开指南。")

    assert ids(search("政府信息公开指南")) == [1]
    assert ids(search("信息公开")) == [1]
    assert ids(search("指南")) == [1]


def test_full_width_and_capital_letters_meet(indexed):
    indexed(1, body_text="ＰＣＴ国际专利申请")

    assert ids(search("pct")) == [1]
    assert ids(search("PCT")) == [1]


def test_the_better_match_comes_first_then_the_newer(indexed):
    indexed(1, body_text="专利" + "。其他内容" * 50, published_on=date(2021, 1, 1))
    indexed(2, title="专利", body_text="专利专利，申请专利", published_on=date(2019, 1, 1))
    indexed(3, body_text="专利", published_on=date(2022, 1, 1))
    indexed(4, body_text="专利", published_on=date(2023, 1, 1))

    order = ids(search("专利"))

    assert order[0] == 2
    assert order.index(4) < order.index(3)  # equal matches: the newer first


def test_filters_by_agency_category_year_and_issuer(indexed):
    indexed(1, body_text="专利")
    indexed(2, body_text="专利", agency_id=OTHER_AGENCY)
    indexed(3, body_text="专利", category_id=11)
    indexed(4, body_text="专利", category_id=None)
    indexed(5, body_text="专利", year=2021)
    indexed(6, body_text="专利", issuer="办公室")

    assert set(ids(search("专利"))) == {1, 2, 3, 4, 5, 6}
    assert set(ids(search("专利", agency_id=OTHER_AGENCY))) == {2}
    assert set(ids(search("专利", category_id=11))) == {3}
    assert set(ids(search("专利", year=2021))) == {5}
    assert set(ids(search("专利", issuer="办公室"))) == {6}
    assert set(ids(search("专利", agency_id=1, year=2020, issuer="黑龙江省知识产权局"))) == {
        1,
        3,
        4,
    }
    assert search("专利", year=1999).total == 0


def test_pages_hold_per_page_hits_and_together_every_hit_once(indexed):
    for i in range(1, 26):
        indexed(i, body_text="专利", published_on=date(2020, 1, i))

    first = search("专利", per_page=10)
    third = search("专利", page=3, per_page=10)

    assert (first.total, first.pages, len(first.hits)) == (25, 3, 10)
    assert first.has_next and not first.has_previous
    assert len(third.hits) == 5 and not third.has_next
    every = [i for page in (1, 2, 3) for i in ids(search("专利", page=page, per_page=10))]
    assert sorted(every) == list(range(1, 26))


def test_a_page_past_the_last_shows_the_last_and_a_page_below_one_the_first(indexed):
    for i in range(1, 6):
        indexed(i, body_text="专利")

    assert search("专利", page=99, per_page=2).page == 3
    assert search("专利", page=-1, per_page=2).page == 1


def test_a_hit_carries_what_the_results_page_shows(indexed):
    indexed(
        7,
        title="专利代理机构名单",
        document_number="黑知发〔2020〕1号",
        url="/hlj-ipo/items/7/",
        issuer="办公室",
        published_on=date(2020, 3, 1),
        summary="专利代理机构的名单",
    )

    (hit,) = search("专利").hits

    assert (hit.doc_id, hit.title, hit.url, hit.issuer) == (
        7,
        "专利代理机构名单",
        "/hlj-ipo/items/7/",
        "办公室",
    )
    assert (hit.published_on, hit.document_number, hit.agency_code) == (
        date(2020, 3, 1),
        "黑知发〔2020〕1号",
        "hlj-ipo",
    )


def test_the_excerpt_marks_the_term_in_the_original_text_and_escapes_its_html(indexed):
    indexed(1, body_text='<b onclick="x()">本局</b>受理申请专利 & 商标的咨询')

    (hit,) = search("专利").hits

    assert "<mark>专利</mark>" in hit.snippet
    assert "<b" not in hit.snippet and "&lt;b onclick=&quot;x()&quot;&gt;" in hit.snippet
    assert "&amp;" in hit.snippet
