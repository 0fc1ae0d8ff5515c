"""How ledger cells are read: outcome labels by keywords (strictly), choices, dates, headers."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from gongkai.applications.ledger.cells import CellError, cell_date, cell_text
from gongkai.applications.ledger.columns import column_for_header
from gongkai.applications.ledger.matching import MatchError, match_choice, match_outcome
from gongkai.applications.models import Channel, FormWanted
from gongkai.applications.outcomes import OUTCOMES


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("予以公开", "result.granted"),
        ("（一）予以公开", "result.granted"),
        ("部分公开", "result.partial"),
        ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "result.partial"),
        ("（三）4 保护第三方合法权益", "result.withheld.4"),
        ("（三）4.保护第三方合法权益", "result.withheld.4"),
        ("不予公开-保护第三方合法权益", "result.withheld.4"),
        ("不予公开（保护第三方合法权益）", "result.withheld.4"),
        ("三、4、保护第三方合法权益", "result.withheld.4"),
        ("（三）4", "result.withheld.4"),
        ("国家秘密", "result.withheld.1"),
        ("3.危及“三安全一稳定”", "result.withheld.3"),
        ("无法提供-本机关不掌握相关政府信息", "result.unavailable.1"),
        ("1、本机关不掌握相关信息", "result.unavailable.1"),  # the seed's drifted label
        ("重复申请", "result.not_handled.2"),
        ("逾期未按收费通知要求缴纳费用", "result.other.2"),
        ("（六）3.其他", "result.other.3"),
        ("result.withheld.7", "result.withheld.7"),
    ],
)
def test_outcome_wordings_offices_use_name_one_table_three_row(text, key):
    assert match_outcome(text) == key


def test_every_outcome_is_matched_by_its_own_label():
    for key, outcome in OUTCOMES.items():
        assert match_outcome(outcome.label) == key


@pytest.mark.parametrize("text", ["不予公开", "公开", "（六）其他处理", "无法提供"])
def test_words_that_fit_several_rows_are_ambiguous_never_a_guess(text):
    with pytest.raises(MatchError, match="可对应多项"):
        match_outcome(text)


@pytest.mark.parametrize("text", ["不予以公开", "同意公开", "已答复", "予以公开（已邮寄）"])
def test_words_that_fit_no_row_are_unknown_and_list_every_choice(text):
    with pytest.raises(MatchError) as caught:
        match_outcome(text)
    assert "无法识别" in str(caught.value)
    assert all(o.label in str(caught.value) for o in OUTCOMES.values())


def test_a_number_and_words_that_disagree_say_so():
    with pytest.raises(MatchError, match="编号与名称不一致：名称对应的是“（三）1.属于国家秘密”"):
        match_outcome("（三）4 国家秘密")


def test_choices_match_their_labels_loosely_but_not_a_guess():
    assert match_choice("邮寄(需签收)", Channel) == Channel.POST_SIGNED
    assert match_choice(" 网上申请 ", Channel) == Channel.ONLINE
    assert match_choice("查阅抄录", FormWanted) == FormWanted.INSPECT
    assert match_choice("online", Channel) == Channel.ONLINE
    with pytest.raises(MatchError, match="“当面提交”、“口头提出"):
        match_choice("邮寄", Channel)  # signed or ordinary post? Art. 31 differs


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2026, 3, 2), date(2026, 3, 2)),
        (datetime(2026, 3, 2, 9, 30), date(2026, 3, 2)),
        ("2026-03-02", date(2026, 3, 2)),
        ("2026/3/2", date(2026, 3, 2)),
        ("2026年3月2日", date(2026, 3, 2)),
        ("2026.03.02", date(2026, 3, 2)),
        ("20260302", date(2026, 3, 2)),
        (20260302, date(2026, 3, 2)),
        (46083, date(2026, 3, 2)),  # an Excel serial in a cell formatted as a number
        ("2026-03-02 00:00:00", date(2026, 3, 2)),
        (None, None),
        ("  ", None),
    ],
)
def test_dates_are_read_however_the_spreadsheet_holds_them(value, expected):
    assert cell_date(value) == expected


@pytest.mark.parametrize("value", ["2026-02-30", "上周二", "3/2/2026", 12, 1.5])
def test_things_that_are_not_dates_are_refused_with_the_text(value):
    with pytest.raises(CellError):
        cell_date(value)


def test_cell_text_drops_a_spurious_decimal_and_a_text_marking_apostrophe():
    assert cell_text(13800138000.0) == "13800138000"
    assert cell_text("'230103198506150012") == "230103198506150012"
    assert cell_text(None) == ""


def test_headers_match_with_stars_spaces_full_width_and_declared_aliases():
    assert column_for_header("*收到申请日期").field == "received_on"
    assert column_for_header("联系电话（必填）").field == "phone"
    assert column_for_header(" 证件 号码 ").field == "id_number"
    assert column_for_header("电话").field == "phone"
    assert column_for_header("备注") is None
