"""Search on SQLite: the FTS5 table search_fts (migration 0002), ranked by bm25.

A term becomes an FTS5 string ("…", a quote inside doubled), which FTS5 reads as text only and
cuts with the table's own tokenizer, so that a term of several tokens (3.5) is a phrase. Terms
side by side must all match. The FTS table is joined first (CROSS JOIN fixes SQLite's order):
the MATCH finds the rows, and the entry table is read only for them.
"""

from __future__ import annotations

from django.db import connection

from gongkai.search.backends.filters import Filters, entry_table

FTS = "search_fts"


def match_expression(terms: list[str]) -> str:
    return " ".join('"' + term.replace('"', '""') + '"' for term in terms)


def _from(filters: Filters) -> tuple[str, list[object]]:
    where, params = filters.sql("e")
    sql = (
        f"FROM {FTS} CROSS JOIN {entry_table()} AS e ON e.id = {FTS}.rowid "
        f"WHERE {FTS} MATCH %s{where}"
    )
    return sql, params


def count(terms: list[str], filters: Filters) -> int:
    with connection.cursor() as cursor:
        if not filters.given():  # the FTS table alone can count
            cursor.execute(
                f"SELECT count(*) FROM {FTS} WHERE {FTS} MATCH %s", [match_expression(terms)]
            )
        else:
            sql, params = _from(filters)
            cursor.execute(f"SELECT count(*) {sql}", [match_expression(terms), *params])
        return cursor.fetchone()[0]


def page_ids(terms: list[str], filters: Filters, limit: int, offset: int) -> list[int]:
    sql, params = _from(filters)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT e.id {sql} ORDER BY bm25({FTS}), e.published_on DESC, e.id DESC "
            "LIMIT %s OFFSET %s",
            [match_expression(terms), *params, limit, offset],
        )
        return [row[0] for row in cursor.fetchall()]


def facet_rows(terms: list[str], filters: Filters) -> list[tuple[int, str, int]]:
    sql, params = _from(filters)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT e.year, e.issuer, count(*) {sql} GROUP BY e.year, e.issuer",
            [match_expression(terms), *params],
        )
        return [tuple(row) for row in cursor.fetchall()]
