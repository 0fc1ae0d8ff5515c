"""信息处理费 under 国办函〔2020〕109号: 第四条 按件, 第五条 按量 (DOMAIN.md §2.1)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.applications import fees
from gongkai.applications.fees import (
    BY_COUNT,
    BY_VOLUME,
    FeeCalculation,
    FeeError,
    FeeLine,
    fee_by_count,
    fee_by_volume,
    fee_calculate,
    unit_rate,
)

UNRESOLVED_BANDING = "此分档读法尚待核实"


# Oracles written straight from the articles' wording, independent of the module's tables.
def volume_page_rate(page: int) -> int:
    # 第五条: 30页以下(含) 0; 31—100页(含) 10; 101—200页(含) 20; 201页以上 40 元/页.
    if page <= 30:
        return 0
    if page <= 100:
        return 10
    if page <= 200:
        return 20
    return 40


def count_item_rate(item: int) -> int:
    # 第四条: 10件以下(含) 0; 11—30件(含) 100; then bands of 10, +100 元/件 each ([U] reading).
    if item <= 10:
        return 0
    if item <= 30:
        return 100
    return 100 + 100 * ((item - 31) // 10 + 1)


def assert_consistent(calculation: FeeCalculation) -> None:
    assert calculation.total == sum(line.amount for line in calculation.lines)
    assert calculation.quantity == sum(line.units for line in calculation.lines)
    for line in calculation.lines:
        assert line.units > 0
        assert line.amount == line.units * line.rate
    rates = [line.rate for line in calculation.lines]
    assert rates == sorted(set(rates)), "one line per band, bands in rising order"


# --- 按量 (第五条) ------------------------------------------------------------------------


def test_volume_250_pages_is_4700_with_its_working() -> None:
    calculation = fee_by_volume(250)
    assert calculation.basis == BY_VOLUME
    assert calculation.quantity == 250
    assert calculation.total == 4700
    assert calculation.text == (
        "按量计收（国办函〔2020〕109号第五条）：30 页以下不收费；"
        "31—100 页 70 页 × 10 元 = 700 元；101—200 页 100 页 × 20 元 = 2000 元；"
        "201 页以上 50 页 × 40 元 = 2000 元；合计 4700 元"
    )
    assert [(line.band, line.units, line.rate, line.amount) for line in calculation.lines] == [
        ("30 页以下", 30, 0, 0),
        ("31—100 页", 70, 10, 700),
        ("101—200 页", 100, 20, 2000),
        ("201 页以上", 50, 40, 2000),
    ]


@pytest.mark.parametrize(
    ("pages", "total"),
    [(1, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740), (250, 4700)],
)
def test_volume_band_edges(pages: int, total: int) -> None:
    calculation = fee_by_volume(pages)
    assert calculation.total == total
    assert_consistent(calculation)


def test_volume_free_text() -> None:
    assert (
        fee_by_volume(30).text
        == "按量计收（国办函〔2020〕109号第五条）：30 页以下不收费；合计 0 元"
    )


# --- 按件 (第四条) ------------------------------------------------------------------------


def test_count_first_ten_free() -> None:
    calculation = fee_by_count(0, 10)
    assert calculation.basis == BY_COUNT
    assert calculation.total == 0
    assert [fee_by_count(earlier).total for earlier in range(10)] == [0] * 10


@pytest.mark.parametrize(
    ("item", "rate"),
    [(11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (50, 300), (51, 400)],
)
def test_count_single_item_rate(item: int, rate: int) -> None:
    calculation = fee_by_count(item - 1)
    assert calculation.total == rate
    assert calculation.lines[0].rate == rate


def test_count_five_after_eight_is_two_free_and_three_at_100() -> None:
    calculation = fee_by_count(8, 5)
    assert calculation.total == 300
    assert [(line.band, line.units, line.rate, line.amount) for line in calculation.lines] == [
        ("10 件以下", 2, 0, 0),
        ("11—30 件", 3, 100, 300),
    ]
    assert calculation.earlier_this_month == 8
    assert calculation.text == (
        "按件计收（国办函〔2020〕109号第四条）：同一申请人本自然月此前累计 8 件，"
        "本次 5 件计为第 9—13 件；10 件以下不收费；11—30 件 3 件 × 100 元 = 300 元；合计 300 元"
    )
    assert UNRESOLVED_BANDING not in calculation.text


def test_count_beyond_30_says_the_banding_is_unverified() -> None:
    calculation = fee_by_count(28, 15)  # items 29–43
    assert [(line.band, line.units, line.rate) for line in calculation.lines] == [
        ("11—30 件", 2, 100),
        ("31—40 件", 10, 200),
        ("41—50 件", 3, 300),
    ]
    assert calculation.total == 200 + 2000 + 900
    assert UNRESOLVED_BANDING in calculation.text
    assert fee_by_count(30).text.startswith(
        "按件计收（国办函〔2020〕109号第四条）：同一申请人本自然月此前累计 30 件，"
        "本次 1 件计为第 31 件；31—40 件 1 件 × 200 元 = 200 元；合计 200 元（"
    )


def test_count_far_beyond_30_is_cheap_to_compute() -> None:
    # Items 10001–10002: the escalated bands are reached arithmetically, not by walking.
    # 10001 = 31 + 997 × 10, so the 998th band above 30: 100 + 998 × 100 = 99900 元/件.
    calculation = fee_by_count(10_000, 2)
    assert calculation.lines == (FeeLine("10001—10010 件", 2, 99_900, 199_800),)
    assert calculation.total == 2 * count_item_rate(10_001)


# --- dispatcher and errors -------------------------------------------------------------


def test_fee_calculate_dispatches_to_one_basis() -> None:
    assert fee_calculate(basis=BY_VOLUME, quantity=250) == fee_by_volume(250)
    assert fee_calculate(basis=BY_COUNT, quantity=5, earlier_this_month=8) == fee_by_count(8, 5)
    assert fee_calculate(basis=BY_COUNT, quantity=1) == fee_by_count(0)


@pytest.mark.parametrize("basis", ["both", "按件", "", None])
def test_unknown_basis_is_named_and_one_basis_only(basis: str | None) -> None:
    with pytest.raises(FeeError) as caught:
        fee_calculate(basis=basis, quantity=3)  # type: ignore[arg-type]
    message = str(caught.value)
    assert f"“{basis}”" in message
    assert "按件/按量 只能择一" in message


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"basis": BY_VOLUME, "quantity": 0}, "页数应为正整数，实际为 0"),
        ({"basis": BY_VOLUME, "quantity": -5}, "页数应为正整数，实际为 -5"),
        ({"basis": BY_COUNT, "quantity": 0}, "本次申请件数应为正整数，实际为 0"),
        ({"basis": BY_COUNT, "quantity": 1, "earlier_this_month": -1}, "不能为负数"),
        ({"basis": BY_VOLUME, "quantity": 2.5}, "页数应为整数"),
        ({"basis": BY_VOLUME, "quantity": True}, "页数应为整数"),
        ({"basis": BY_VOLUME, "quantity": "40"}, "页数应为整数"),
        ({"basis": BY_VOLUME, "quantity": 40, "earlier_this_month": 3}, "不按自然月累计"),
    ],
)
def test_bad_input_raises_fee_error(kwargs: dict[str, object], fragment: str) -> None:
    with pytest.raises(FeeError, match=fragment):
        fee_calculate(**kwargs)  # type: ignore[arg-type]


def test_fee_error_is_a_value_error() -> None:
    assert issubclass(FeeError, ValueError)
    with pytest.raises(ValueError):
        fee_by_count(0, 0)
    with pytest.raises(FeeError):
        unit_rate("by_weight", 1)


# --- properties ------------------------------------------------------------------------

quantities = st.integers(min_value=1, max_value=2_000)


@given(quantities)
def test_volume_matches_the_article_page_by_page(pages: int) -> None:
    calculation = fee_by_volume(pages)
    assert calculation.total == sum(volume_page_rate(page) for page in range(1, pages + 1))
    assert_consistent(calculation)


@given(st.integers(min_value=0, max_value=300), st.integers(min_value=1, max_value=300))
def test_count_matches_the_article_item_by_item(earlier: int, count: int) -> None:
    calculation = fee_by_count(earlier, count)
    items = range(earlier + 1, earlier + count + 1)
    assert calculation.total == sum(count_item_rate(item) for item in items)
    assert_consistent(calculation)
    assert (UNRESOLVED_BANDING in calculation.text) == (earlier + count > 30)


@given(quantities)
def test_volume_total_monotone_and_marginal_rate_never_falls(pages: int) -> None:
    here, next_, after = (fee_by_volume(pages + step).total for step in range(3))
    assert here <= next_ <= after
    # The marginal cost of a page is its band rate, and bands only ever get dearer.
    assert next_ - here == unit_rate(BY_VOLUME, pages + 1)
    assert next_ - here <= after - next_
    assert unit_rate(BY_VOLUME, pages) <= unit_rate(BY_VOLUME, pages + 1)


@given(st.integers(min_value=0, max_value=500), st.integers(min_value=1, max_value=200))
def test_count_total_monotone_and_marginal_rate_never_falls(earlier: int, count: int) -> None:
    here, next_, after = (fee_by_count(earlier, count + step).total for step in range(3))
    assert here <= next_ <= after
    assert next_ - here == unit_rate(BY_COUNT, earlier + count + 1)
    assert next_ - here <= after - next_
    # More earlier items this month never make the same application cheaper.
    assert fee_by_count(earlier, count).total <= fee_by_count(earlier + 1, count).total


@given(
    st.integers(min_value=0, max_value=300),
    st.integers(min_value=1, max_value=100),
    st.integers(min_value=1, max_value=100),
)
def test_count_splitting_an_application_changes_nothing(
    earlier: int, first: int, second: int
) -> None:
    # Cumulative per calendar month: one application of a+b items costs what a then b cost.
    whole = fee_by_count(earlier, first + second).total
    assert whole == fee_by_count(earlier, first).total + fee_by_count(earlier + first, second).total


def test_each_schedule_names_its_article_of_the_one_document():
    assert fees.BY_COUNT_SCHEDULE.article == "第四条"
    assert fees.BY_VOLUME_SCHEDULE.article == "第五条"
    for schedule in (fees.BY_COUNT_SCHEDULE, fees.BY_VOLUME_SCHEDULE):
        assert schedule.legal_basis == fees.RULES_NUMBER + schedule.article
    assert fees.RULES == "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
