"""Whatever is typed into the search box gives results or a QueryError with a message, never
another exception (no FTS syntax reaches the database)."""

from __future__ import annotations

import pytest
from django.db import OperationalError, connection, transaction

from gongkai.search import backends
from gongkai.search.index import QueryError, facets, search

pytestmark = pytest.mark.django_db

HOSTILE = [
    '"专利',
    '专利"',
    '"专利 商标"',
    "专利 AND 商标",
    "专利 OR",
    "OR 专利",
    "NOT 专利",
    "专利 NOT",
    "NEAR(专利 商标)",
    "NEAR(专利 商标, 2)",
    "专利*",
    "*",
    "^专利",
    "-专利",
    "专利 -商标",
    "segmented:专利",
    "search_fts:专利",
    "{segmented}: 专利",
    "(专利",
    "专利)",
    "()",
    "专利 & | ! <-> <2> 商标",
    "专利':*",
    "'专利'",
    "\\专利\\",
    "专利; DROP TABLE search_searchentry; --",
    "专利\x00商标",
    "%_专利%",
    "and or not near",
    "AND",
    "ＡＮＤ",
    "🙂 专利",
    "3.5 专利",
    "c++ 专利",
]


@pytest.fixture
def corpus(indexed):
    indexed(1, body_text="申请专利和商标注册")
    indexed(2, body_text="专利 3.5 c++ and or")


@pytest.mark.parametrize("query", HOSTILE)
def test_a_hostile_query_gives_results_or_a_query_error_with_a_message(corpus, query):
    try:
        results = search(query)
        facets(query)
    except QueryError as error:
        assert error.message
    else:
        assert results.total == len(results.hits)


@pytest.mark.parametrize(
    "query", ['"专利"', "专利*", "^专利", "-专利", ":专利", "(专利)", "NEAR(专利)"]
)
def test_syntax_around_a_word_is_dropped_and_the_word_is_searched(corpus, query):
    assert {hit.doc_id for hit in search(query).hits} == {1, 2}


def test_operators_are_not_obeyed_every_term_must_match(corpus):
    # Neither OR nor NOT is obeyed: they are dropped, and both words must match.
    assert [hit.doc_id for hit in search("专利 OR 商标").hits] == [1]
    assert [hit.doc_id for hit in search("专利 NOT 商标").hits] == [1]


def test_a_500_character_query_gets_a_message_about_its_length(corpus):
    with pytest.raises(QueryError, match="检索词太长"):
        search("专利" * 250)


@pytest.mark.parametrize("query", ["", "   ", "，。！？", '""', "*", "^:-()", "AND OR NOT NEAR"])
def test_a_query_without_a_usable_term_asks_for_one(corpus, query):
    with pytest.raises(QueryError, match="请输入检索词"):
        search(query)


def test_a_refused_query_leaves_the_callers_transaction_usable(corpus, monkeypatch):
    # The database refusing the FTS syntax, as if the escaping had failed: a real error on the
    # connection, so that PostgreSQL marks the transaction aborted.
    bad = "SELECT 'x' MATCH 'x'" if connection.vendor == "sqlite" else "SELECT 'a & '::tsquery"

    def refuse(terms, filters):
        with connection.cursor() as cursor:
            cursor.execute(bad)

    monkeypatch.setattr(backends.current(), "count", refuse)
    with transaction.atomic():
        with pytest.raises(QueryError, match="请换用其他检索词"):
            search("专利")
        monkeypatch.undo()
        assert search("专利").total == 2


def test_a_database_fault_that_is_not_the_querys_is_not_disguised(corpus, monkeypatch):
    def broken(terms, filters):
        raise OperationalError("disk I/O error")

    monkeypatch.setattr(backends.current(), "count", broken)
    with pytest.raises(OperationalError):
        search("专利")
