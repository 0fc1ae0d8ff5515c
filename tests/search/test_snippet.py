"""Excerpts: original text, the terms in <mark>, everything else escaped."""

from __future__ import annotations

from django.utils.safestring import SafeString

from gongkai.search.snippet import SNIPPET_CHARS, highlight, snippet


def test_the_matched_term_is_marked_inside_a_longer_word():
    assert (
        str(snippet("本局受理申请专利的咨询。", ["专利"]))
        == "本局受理申请<mark>专利</mark>的咨询。"
    )


def test_html_in_the_text_is_escaped_and_the_result_is_safe():
    result = snippet('<script>alert("专利")</script> & 专利', ["专利"])

    assert isinstance(result, SafeString)
    assert "<script>" not in result
    assert "&lt;script&gt;" in result and "&amp;" in result
    assert result.count("<mark>专利</mark>") == 2


def test_a_term_in_the_text_given_in_full_width_is_marked_as_the_text_says_it():
    assert str(snippet("编号ＡＢＣ１２３号", ["abc123"])) == "编号<mark>ＡＢＣ１２３</mark>号"


def test_folding_that_changes_the_length_still_marks_the_right_characters():
    # ㎡ folds to two characters ("m2"), which shifts everything after it.
    assert str(snippet("面积100㎡，申请专利", ["专利"])) == "面积100㎡，申请<mark>专利</mark>"


def test_the_excerpt_starts_shortly_before_a_late_first_match():
    text = "前" * 500 + "专利" + "后" * 500
    result = str(snippet(text, ["专利"]))

    assert result.startswith("…") and result.endswith("…")
    assert "<mark>专利</mark>" in result
    assert len(result.replace("<mark>", "").replace("</mark>", "")) <= SNIPPET_CHARS + 2


def test_without_a_match_the_excerpt_is_the_start_of_the_text():
    assert str(snippet("甲" * 200, ["专利"])) == "甲" * SNIPPET_CHARS + "…"


def test_the_longer_term_is_marked_whole():
    assert str(highlight("申请专利", ["专利", "申请专利"])) == "<mark>申请专利</mark>"


def test_an_empty_text_gives_an_empty_excerpt():
    assert str(snippet("", ["专利"])) == ""
