"""Chinese text to search tokens: rjieba (jieba-rs) with the field's terms in its dictionary.

Both sides fold the text first (NFKC, then lower case), so that full-width ＡＢＣ１２３ and abc123
meet, and drop the tokens that hold no letter or digit (punctuation, spaces, symbols: the FTS5
tokenizer unicode61 would drop them too, and they would only break the AND of the query).

- The index side (``index_tokens``) cuts in search mode: every word of the precise cut plus the
  dictionary words inside it, so that 专利 is found inside 申请专利. jieba's search mode only looks
  at the two- and three-character words inside a longer one; this module adds the longer ones
  too, so that 信息公开 is found inside 政府信息公开 (a word of the user dictionary).
- The query side (``query_terms``) cuts in precise mode: 申请专利 asks for the word 申请专利, which
  the index side wrote for every 申请专利 in a text. Each term is text only: the backends quote
  it (FTS5) or pass it as a parameter (PostgreSQL), so no word of a query is ever search syntax.

The segmenter loads once, lazily (about 0.3 s, see docs/search.md), on its own instance, so that
the user dictionary does not change a jieba used anywhere else in the process.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from gongkai.search.errors import QueryError

if TYPE_CHECKING:
    import rjieba

USER_DICTIONARY = Path(__file__).with_name("userdict.txt")

# The longest query, counted after stripping: a search box, not a document to match.
MAX_QUERY_CHARS = 100
# How much text of one document is indexed. PostgreSQL refuses a tsvector over 1 MB (the insert
# would fail, and with it the publishing that indexes in its transaction); 300,000 characters of
# Chinese stay well under it, and the same cap on SQLite keeps both databases finding the same.
MAX_INDEXED_CHARS = 300_000

# FTS5's operators, as a person might type them (FTS5 reads them in capitals only). They are
# dropped, not searched for as words: "专利 AND 商标" then finds what it asks for, and "专利 OR
# 商标" finds both words (every term must match), not nothing because no text says "or".
_OPERATORS = re.compile(r"(?<![A-Za-z])(?:AND|OR|NOT|NEAR)(?![A-Za-z])")

_lock = threading.Lock()
_segmenter: rjieba.Jieba | None = None


def segmenter() -> rjieba.Jieba:
    """The one segmenter of the process, with the user dictionary; loaded on first use."""
    global _segmenter
    if _segmenter is None:
        with _lock:  # two first searches at once load it once
            if _segmenter is None:
                import rjieba

                jieba = rjieba.Jieba()
                for word, freq, tag in user_words():
                    jieba.add_word(word, freq, tag)
                _segmenter = jieba
    return _segmenter


def user_words(path: Path = USER_DICTIONARY) -> list[tuple[str, int | None, str | None]]:
    """(word, frequency or None, part of speech or None) for each line of the user dictionary."""
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("#", 1)[0].split()
        if not parts:
            continue
        freq = int(parts[1]) if len(parts) > 1 else None
        tag = parts[2] if len(parts) > 2 else None
        words.append((fold(parts[0]), freq, tag))
    return words


def fold(text: str) -> str:
    """The text as both sides compare it: compatibility forms unified (NFKC), lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def is_word(token: str) -> bool:
    """Whether a token holds a letter or digit (else it is punctuation, space or a symbol)."""
    return any(ch.isalnum() for ch in token)


def index_tokens(text: str) -> str:
    """The text as the index stores it: search-mode tokens, separated by single spaces."""
    jieba = segmenter()
    out: list[str] = []
    for token in jieba.cut_for_search(fold(text[:MAX_INDEXED_CHARS])):
        # isalnum() first: most tokens are all letters, and it runs in C (about half the time
        # of this function went to is_word's generator before).
        if not token.isalnum():
            if not is_word(token):
                continue
            token = "_".join(token.split())  # a space inside a token would split it in two
        if len(token) >= 5:
            out.extend(_long_parts(jieba, token))
        out.append(token)
    return " ".join(out)


def _long_parts(jieba: rjieba.Jieba, word: str) -> list[str]:
    """The dictionary words of four characters or more inside ``word`` (jieba's search mode
    gives the two- and three-character ones), longest last, ``word`` itself left out."""
    return [
        word[start : start + size]
        for size in range(4, len(word))
        for start in range(len(word) - size + 1)
        if jieba.has_word(word[start : start + size])
    ]


def query_terms(query: str) -> list[str]:
    """The terms a query asks for, each to be matched as text; QueryError when there are none.

    The query is stripped and at most MAX_QUERY_CHARS long; FTS5 operators typed in capitals are
    dropped (see _OPERATORS); quotes, brackets and the other punctuation separate words and are
    dropped with the spaces. Repeated terms are asked for once.
    """
    stripped = (query or "").strip()
    if len(stripped) > MAX_QUERY_CHARS:
        raise QueryError(
            _("检索词太长：最多 %(limit)d 个字，现有 %(length)d 个字，请删减后再检索")
            % {"limit": MAX_QUERY_CHARS, "length": len(stripped)}
        )
    text = fold(_OPERATORS.sub(" ", stripped))
    terms: list[str] = []
    for token in segmenter().cut(text):
        token = token.strip()
        if is_word(token) and token not in terms:
            terms.append(token)
    if not terms:
        raise QueryError(_("请输入检索词（汉字、字母或数字）"))
    return terms
