"""The scan for personal information before the confidentiality review: what it finds, in
context, and what it must leave alone (文号, dates, amounts, serial numbers)."""

from __future__ import annotations

import pytest

from gongkai.core.identity import resident_id_check_char
from gongkai.publishing.pii import BANK_CARD, MOBILE, RESIDENT_ID, luhn_valid, pii_hits

ID17 = "23010319850615123"
RESIDENT = ID17 + resident_id_check_char(ID17)
CARD = "6222021001115678903"  # 19 digits, Luhn-valid (check below)


def kinds_and_text(text: str) -> list[tuple[str, str]]:
    return [(hit.kind, hit.text) for hit in pii_hits(text)]


def test_the_luhn_check():
    assert luhn_valid("4539578763621486") and luhn_valid("79927398713")
    assert not luhn_valid("4539578763621487") and not luhn_valid("79927398710")
    assert luhn_valid(CARD)


def test_each_kind_is_found_with_its_context():
    text = f"申请人张三，身份证号{RESIDENT}，联系电话13800138000，收款账号{CARD}。"
    hits = pii_hits(text)
    assert [(h.kind, h.text) for h in hits] == [
        (RESIDENT_ID, RESIDENT),
        (MOBILE, "13800138000"),
        (BANK_CARD, CARD),
    ]
    first = hits[0]
    assert text[first.start : first.end] == RESIDENT
    assert first.before.endswith("身份证号") and first.after.startswith("，联系电话")
    assert first.label == "居民身份证号码"


@pytest.mark.parametrize(
    "written",
    [
        "138 0013 8000",
        "138-0013-8000",
        "+86 13800138000",
        "+8613800138000",
        "１３８００１３８０００",
    ],
)
def test_a_mobile_number_written_the_usual_ways(written):
    assert [k for k, _ in kinds_and_text(f"请致电{written}联系")] == [MOBILE]


def test_full_width_digits_keep_the_offsets_of_the_text_as_given():
    wide = "".join(chr(ord(c) + 0xFEE0) for c in RESIDENT)
    text = f"号码：{wide}。"
    (hit,) = pii_hits(text)
    assert (hit.kind, hit.text, hit.start) == (RESIDENT_ID, wide, 3)


def test_a_card_in_groups_of_four():
    grouped = " ".join(CARD[i : i + 4] for i in range(0, 19, 4))
    assert kinds_and_text(f"账号：{grouped}") == [(BANK_CARD, grouped)]


@pytest.mark.parametrize(
    "text",
    [
        "黑知公开〔2026〕12号",  # a 文号
        "成文日期：20261202，发布日期：2026-12-02",
        "资助金额 50000 元，合计 1380013800 元",
        "索引号 11230000000000000X/2026-00012",  # not a resident ID: its check fails
        ID17[:-1] + "0" + resident_id_check_char(ID17),  # 18 digits, but the check fails
        "流水号 23010319850615123456789",  # an ID inside a longer run of digits
        "编号 4539578763621487",  # 16 digits that fail Luhn
        "12800138000",  # 11 digits, not a mobile prefix
    ],
)
def test_what_is_not_personal_information_is_left_alone(text):
    assert pii_hits(text) == []


def test_an_id_that_also_passes_luhn_is_reported_once_as_an_id():
    # Find an ID whose 18 digits happen to pass Luhn too: one hit, as an ID.
    for sequence in range(100, 999):
        first17 = "23010319850615" + str(sequence)
        number = first17 + resident_id_check_char(first17)
        if number.isdigit() and luhn_valid(number):
            break
    assert kinds_and_text(f"身份证 {number}") == [(RESIDENT_ID, number)]
