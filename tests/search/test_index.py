"""index_document, remove_document, clear: the entry and its full-text row move together, in
the caller's transaction."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from gongkai.search.index import clear, facets, index_document, remove_document, search
from gongkai.search.models import SearchEntry
from tests.search.conftest import document

pytestmark = pytest.mark.django_db


def fulltext_rows() -> int:
    """How many rows the full-text index finds for a token every test document has."""
    return search("公开信息").total


def test_indexing_a_document_twice_replaces_it(indexed):
    indexed(1, body_text="申请专利")
    indexed(1, body_text="商标注册", title="新的名称")

    assert SearchEntry.objects.count() == 1
    assert search("专利").total == 0
    (hit,) = search("商标").hits
    assert hit.title == "新的名称"


def test_remove_document_removes_it_and_says_whether_it_was_there(indexed):
    indexed(1, body_text="申请专利")
    indexed(2, body_text="申请专利")

    assert remove_document(1) is True
    assert remove_document(1) is False
    assert [hit.doc_id for hit in search("专利").hits] == [2]


def test_clear_empties_the_index(indexed):
    indexed(1, body_text="专利")
    indexed(2, body_text="专利")

    assert clear() == 2
    assert search("专利").total == 0 and SearchEntry.objects.count() == 0


def test_indexing_rolls_back_with_the_callers_transaction(indexed):
    indexed(1, body_text="专利")

    with pytest.raises(RuntimeError), transaction.atomic():
        index_document(document(2, body_text="专利"))
        index_document(document(1, body_text="商标"))
        remove_document(1)
        raise RuntimeError("the publishing step failed")

    assert [hit.doc_id for hit in search("专利").hits] == [1]
    assert search("商标").total == 0


def test_an_indexed_document_is_found_before_the_transaction_commits(db):
    with transaction.atomic():
        index_document(document(1, body_text="专利"))
        assert search("专利").total == 1


def test_values_longer_than_their_column_are_cut_not_refused(indexed):
    indexed(1, title="专" * 400, issuer="局" * 300, document_number="号" * 200)

    (entry,) = SearchEntry.objects.all()
    assert (
        len(entry.title) == 300 and len(entry.issuer) == 200 and len(entry.document_number) == 100
    )


def test_a_long_text_is_indexed_up_to_the_cap(indexed):
    from gongkai.search.segment import MAX_INDEXED_CHARS

    indexed(1, body_text="说明" * (MAX_INDEXED_CHARS // 2) + "专利")

    assert search("说明").total == 1
    assert search("专利").total == 0


def test_the_facets_count_the_matches_by_year_and_issuer(indexed):
    indexed(1, body_text="专利", year=2020, issuer="办公室")
    indexed(2, body_text="专利", year=2020, issuer="专利处")
    indexed(3, body_text="专利", year=2021, issuer="专利处")
    indexed(4, body_text="商标", year=2021, issuer="商标处")

    every = facets("专利")
    assert every.years == [(2021, 1), (2020, 2)]
    assert every.issuers == [("专利处", 2), ("办公室", 1)]
    # Each facet honours the other's filter, not its own.
    chosen = facets("专利", year=2021, issuer="专利处")
    assert chosen.years == [(2021, 1), (2020, 1)]
    assert chosen.issuers == [("专利处", 1)]
    assert facets("专利", agency_id=99).years == []


def test_the_full_text_index_holds_one_row_per_entry(indexed):
    for i in range(1, 4):
        indexed(i)
    indexed(2, body_text="改过")
    remove_document(3)

    assert fulltext_rows() == SearchEntry.objects.count() == 2
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            # FTS5's own check of an external-content index against its table.
            cursor.execute(
                "INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)"
            )
