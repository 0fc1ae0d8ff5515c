"""Search on PostgreSQL: the column segmented_tsv = to_tsvector('simple', segmented) with its GIN
index (both made by migration 0002), ranked by ts_rank.

The 'simple' configuration lower-cases and keeps every word, so the tokens of
gongkai/search/segment.py are the lexemes. Each term goes in as a parameter of its own
phraseto_tsquery, which reads text only (no operators) and makes a term of several lexemes a
phrase; the terms are joined with && (all must match).
"""

from __future__ import annotations

from django.db import connection

from gongkai.search.backends.filters import Filters, entry_table

VECTOR = "e.segmented_tsv"
# ts_rank's normalisation 1: the rank divided by 1 + log(length), so that a long text does not
# win by its length alone (as bm25 does on SQLite).
RANK_NORMALIZATION = 1


def tsquery(terms: list[str]) -> str:
    return "(" + " && ".join(["phraseto_tsquery('simple'::regconfig, %s)"] * len(terms)) + ")"


def _from(terms: list[str], filters: Filters) -> tuple[str, list[object]]:
    where, params = filters.sql("e")
    return f"FROM {entry_table()} AS e WHERE {VECTOR} @@ {tsquery(terms)}{where}", [
        *terms,
        *params,
    ]


def count(terms: list[str], filters: Filters) -> int:
    sql, params = _from(terms, filters)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) {sql}", params)
        return cursor.fetchone()[0]


def page_ids(terms: list[str], filters: Filters, limit: int, offset: int) -> list[int]:
    sql, params = _from(terms, filters)
    rank = f"ts_rank({VECTOR}, {tsquery(terms)}, {RANK_NORMALIZATION})"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT e.id {sql} ORDER BY {rank} DESC, e.published_on DESC, e.id DESC "
            "LIMIT %s OFFSET %s",
            [*params, *terms, limit, offset],
        )
        return [row[0] for row in cursor.fetchall()]


def facet_rows(terms: list[str], filters: Filters) -> list[tuple[int, str, int]]:
    sql, params = _from(terms, filters)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT e.year, e.issuer, count(*) {sql} GROUP BY e.year, e.issuer", params)
        return [tuple(row) for row in cursor.fetchall()]
