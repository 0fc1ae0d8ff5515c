"""The fast paths of label matching give what the plain definitions give."""

from __future__ import annotations

import random
import re
import unicodedata

from gongkai.reports.engine.readers.labels import coverage, normalize, reaches
from gongkai.reports.engine.readers.text import _looks_like_text

_DROP = re.compile(r"[\s“”\"'‘’「」『』·•]")


def _plain_normalize(text: str) -> str:
    return _DROP.sub("", unicodedata.normalize("NFKC", text))


def test_normalize_is_nfkc_without_whitespace_or_quotes_for_every_character_it_replaces_first():
    blocks = ((0xA0, 0x100), (0x2000, 0x2070), (0x3000, 0x3040), (0xFF00, 0xFFF0))
    for start, stop in blocks:
        for code in range(start, stop):
            text = f"第{chr(code)}项"
            assert normalize(text) == _plain_normalize(text), hex(code)


def test_normalize_composes_across_the_characters_it_replaces_as_nfkc_does():
    # Half-width katakana and their voiced mark compose; a full-width letter takes an accent.
    for text in ("ｶﾞｷﾞ", "Ｅ\u0301", "（四）无法提供\u3000", "ﬁ①㈱", "1、本机关不掌握相关信息"):
        assert normalize(text) == _plain_normalize(text)


def test_normalize_matches_nfkc_on_random_mixed_text():
    rng = random.Random(19)
    pool = "本机关不掌握（）()，,。、“”'\"　 \t1２３ａＢ·•ｶﾞ\u0301\u3099﹙﹚…—"
    for _ in range(2000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 12)))
        assert normalize(text) == _plain_normalize(text), repr(text)


def test_reaches_says_what_coverage_says():
    rng = random.Random(23)
    label = normalize("申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")
    pool = label + "本年新收结转其他"
    for _ in range(1000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 40)))
        for share in (0.34, 0.6, 0.75):
            assert reaches(label, text, share) == (coverage(label, text) >= share), text


def test_text_with_control_characters_is_told_from_text_as_before():
    for code in range(32):
        char = chr(code)
        plain = sum(1 for ch in char * 3 if ch < " " and ch not in "\t\r\n\f") <= 2
        assert _looks_like_text("年度报告" + char * 3) == plain, code
