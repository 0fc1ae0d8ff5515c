"""Segmentation: search-mode tokens on the index side, precise terms on the query side."""

from __future__ import annotations

import pytest

from gongkai.search.errors import QueryError
from gongkai.search.segment import (
    MAX_QUERY_CHARS,
    fold,
    index_tokens,
    query_terms,
    segmenter,
    user_words,
)


def test_the_index_side_writes_the_word_and_the_words_inside_it():
    tokens = index_tokens("申请专利").split(" ")

    assert {"申请专利", "申请", "专利"} <= set(tokens)


def test_a_term_of_the_user_dictionary_is_one_token_and_its_long_parts_are_found_too():
    tokens = set(index_tokens("本机关编制了政府信息公开指南").split(" "))

    assert {"政府信息公开指南", "政府信息公开", "信息公开", "指南"} <= tokens


@pytest.mark.parametrize(
    "term", ["政府信息公开", "依申请公开", "主动公开", "行政规范性文件", "信息处理费", "保密审查"]
)
def test_the_field_terms_are_single_query_terms(term):
    assert query_terms(term) == [term]


def test_every_user_dictionary_word_is_known_to_the_segmenter():
    assert all(segmenter().has_word(word) for word, _freq, _tag in user_words())


def test_punctuation_and_spaces_are_not_tokens():
    tokens = index_tokens("《政府信息公开条例》，  第二十条：“主动公开”！\n").split(" ")

    assert tokens and all(any(ch.isalnum() for ch in token) for token in tokens)


def test_full_width_letters_and_digits_and_capitals_are_folded():
    assert fold("ＡＢＣ１２３ Hello") == "abc123 hello"
    assert "abc123" in index_tokens("ＡＢＣ１２３").split(" ")
    assert query_terms("ＡＢＣ１２３") == ["abc123"]


def test_the_query_side_cuts_precisely_and_asks_for_a_term_once():
    assert query_terms("申请专利 申请专利") == ["申请专利"]


def test_fts_operators_typed_in_capitals_are_dropped_and_the_rest_is_kept():
    assert query_terms('专利 AND 商标 OR "NEAR" NOT 政府') == ["专利", "商标", "政府"]
    # Inside a word they are letters like any other.
    assert query_terms("ANDROID") == ["android"]


def test_a_query_of_nothing_but_punctuation_asks_for_a_term():
    with pytest.raises(QueryError, match="请输入检索词"):
        query_terms(" 《》，。！？“”*^-:() ")


def test_an_empty_query_asks_for_a_term():
    with pytest.raises(QueryError, match="请输入检索词"):
        query_terms("   ")


def test_a_query_longer_than_the_limit_says_how_long_it_may_be():
    with pytest.raises(QueryError) as refused:
        query_terms("专" * (MAX_QUERY_CHARS + 1))

    assert f"最多 {MAX_QUERY_CHARS} 个字" in refused.value.message
    assert refused.value.field == "q"


def test_the_limit_counts_after_stripping():
    assert query_terms("  " + "专利" * (MAX_QUERY_CHARS // 2) + "  ")
