"""The one interface of search: index a document, remove it, search, count by facet.

It knows no model of another app: a publishing app hands over a ``Document`` (plain values) and
gets hits that link to the document's ``url``. Writes run in the caller's transaction and never
commit on their own, so that publishing an item and indexing it succeed or fail together. The
same calls run on SQLite (FTS5) and PostgreSQL (tsvector); gongkai/search/backends holds the SQL.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from gongkai.search import backends
from gongkai.search.backends.filters import Filters
from gongkai.search.errors import QueryError
from gongkai.search.models import SearchEntry
from gongkai.search.segment import index_tokens, query_terms
from gongkai.search.snippet import snippet

__all__ = [
    "Document",
    "Facets",
    "Hit",
    "QueryError",
    "Results",
    "clear",
    "entry_values",
    "facets",
    "index_document",
    "index_documents",
    "remove_document",
    "search",
]

MAX_PER_PAGE = 100
# How much original text is kept for the excerpts: a hit shows one excerpt, usually near the
# start; keeping whole attachments would double the table for text nobody sees.
EXCERPT_SOURCE_CHARS = 20_000
# What an FTS syntax error says, on either database: the escaping should make it impossible,
# and if it happens anyway the user gets a message, not an error page.
_QUERY_ERRORS = ("fts5", "tsquery", "tsvector", "match")


@dataclass(frozen=True, kw_only=True)
class Document:
    """One published item as search sees it: plain values, no model."""

    doc_id: int
    agency_id: int
    agency_code: str
    category_id: int | None = None
    year: int
    issuer: str
    title: str
    document_number: str = ""
    summary: str = ""
    body_text: str = ""
    attachments_text: str = ""
    published_on: date
    url: str


@dataclass(frozen=True)
class Hit:
    doc_id: int
    title: str
    url: str
    issuer: str
    published_on: date
    document_number: str
    agency_code: str
    snippet: SafeString


@dataclass(frozen=True)
class Results:
    terms: list[str]
    total: int
    page: int
    pages: int
    per_page: int
    hits: list[Hit]

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


@dataclass(frozen=True)
class Facets:
    """Counts of the matches by year (newest first) and by issuer (most first)."""

    years: list[tuple[int, int]]
    issuers: list[tuple[str, int]]


# -- writing --------------------------------------------------------------------------------------


def _cut(value: str, field: str) -> str:
    # A value longer than the column would fail the insert on PostgreSQL, and with it the
    # publishing; the whole text is in ``segmented`` anyway, so the stored copy may be cut.
    return value[: SearchEntry._meta.get_field(field).max_length]


def entry_values(doc: Document) -> dict[str, object]:
    """The SearchEntry fields for the document, its text segmented (the slow part)."""
    text = "\n".join(
        (doc.title, doc.document_number, doc.summary, doc.body_text, doc.attachments_text)
    )
    excerpt = "\n".join(t for t in (doc.summary, doc.body_text, doc.attachments_text) if t)
    return {
        "doc_id": doc.doc_id,
        "agency_id": doc.agency_id,
        "agency_code": _cut(doc.agency_code, "agency_code"),
        "category_id": doc.category_id,
        "year": doc.year,
        "issuer": _cut(doc.issuer, "issuer"),
        "title": _cut(doc.title, "title"),
        "document_number": _cut(doc.document_number, "document_number"),
        "summary": doc.summary,
        "published_on": doc.published_on,
        "url": _cut(doc.url, "url"),
        "segmented": index_tokens(text),
        "excerpt_source": excerpt[:EXCERPT_SOURCE_CHARS],
    }


# Every column an upsert sets, in the database's order; doc_id finds the row.
_UPDATED = [f.name for f in SearchEntry._meta.concrete_fields if f.name not in ("id", "doc_id")]
BATCH = 500


def index_document(doc: Document) -> None:
    """Index the document, replacing what was indexed for its doc_id (the FTS row too: the
    database's triggers on SQLite, the generated column on PostgreSQL)."""
    index_documents([doc])


def index_documents(docs: Iterable[Document], *, batch: int = BATCH) -> int:
    """Index many documents, ``batch`` to an INSERT … ON CONFLICT (doc_id) DO UPDATE; how many.

    One statement per batch, no savepoint and no SELECT first (update_or_create needs three),
    and safe against a concurrent index of the same document: the unique doc_id decides.
    A doc_id given twice is indexed as given last.
    """
    count = 0
    pending: dict[int, SearchEntry] = {}
    for doc in docs:
        pending[doc.doc_id] = SearchEntry(**entry_values(doc))
        count += 1
        if len(pending) >= batch:
            _upsert(list(pending.values()))
            pending.clear()
    if pending:
        _upsert(list(pending.values()))
    return count


def _upsert(entries: list[SearchEntry]) -> None:
    SearchEntry.objects.bulk_create(
        entries, update_conflicts=True, unique_fields=["doc_id"], update_fields=_UPDATED
    )


def remove_document(doc_id: int) -> bool:
    """Take the document out of the index; whether it was there."""
    deleted, _by_model = SearchEntry.objects.filter(doc_id=doc_id).delete()
    return deleted > 0


def clear() -> int:
    """Empty the index; how many documents it held."""
    deleted, _by_model = SearchEntry.objects.all().delete()
    return deleted


# -- reading --------------------------------------------------------------------------------------


@contextmanager
def _query_guard() -> Iterator[None]:
    """Turn a database's refusal of the query into a QueryError.

    Inside a transaction the query runs in a savepoint, so that a refused query leaves the
    caller's transaction usable (PostgreSQL aborts it otherwise). Outside one none is opened: a
    read needs no transaction, and on SQLite BEGIN IMMEDIATE would wait for the writers.
    """
    try:
        with transaction.atomic() if connection.in_atomic_block else nullcontext():
            yield
    except DatabaseError as error:
        if not any(word in str(error).lower() for word in _QUERY_ERRORS):
            raise  # a database fault, not the query's: an error page is the right answer
        raise QueryError(_("无法按这些检索词检索，请换用其他检索词")) from error


def search(
    query: str,
    *,
    agency_id: int | None = None,
    category_id: int | tuple[int, ...] | None = None,
    year: int | None = None,
    issuer: str | None = None,
    page: int = 1,
    per_page: int = 20,
) -> Results:
    """The documents that contain every term of the query, best match first, then newest.

    ``page`` is clamped to the pages there are; QueryError when the query has no usable term or
    is too long (the message says which).
    """
    terms = query_terms(query)
    filters = Filters(agency_id=agency_id, category_id=category_id, year=year, issuer=issuer)
    per_page = min(max(1, int(per_page)), MAX_PER_PAGE)
    backend = backends.current()
    with _query_guard():
        total = backend.count(terms, filters)
        pages = max(1, math.ceil(total / per_page))
        page = min(max(1, int(page)), pages)
        ids = backend.page_ids(terms, filters, per_page, (page - 1) * per_page) if total else []
    rows = _hit_rows(ids)
    hits = [_hit(rows[i], terms) for i in ids if i in rows]
    return Results(terms=terms, total=total, page=page, pages=pages, per_page=per_page, hits=hits)


_HIT_COLUMNS = (
    "doc_id",
    "title",
    "url",
    "issuer",
    "published_on",
    "document_number",
    "agency_code",
    "excerpt_source",
)


def _hit_rows(ids: list[int]) -> dict[int, dict[str, object]]:
    """The columns a hit shows, by entry id. Plain SQL, not the ORM: for twenty rows its query
    compiling cost more than the search itself (benchmarks/search.py); not the tokens either,
    the widest column, of which a hit shows none."""
    if not ids:
        return {}
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in ("id", *_HIT_COLUMNS))
    marks = ", ".join(["%s"] * len(ids))
    table = quote(SearchEntry._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} WHERE id IN ({marks})", ids)
        return {row[0]: dict(zip(_HIT_COLUMNS, row[1:], strict=True)) for row in cursor}


def _hit(row: dict[str, Any], terms: list[str]) -> Hit:
    published_on = row["published_on"]
    if not isinstance(published_on, date):  # SQLite hands a DateField back as its ISO text
        published_on = date.fromisoformat(published_on)
    return Hit(
        doc_id=row["doc_id"],
        title=row["title"],
        url=row["url"],
        issuer=row["issuer"],
        published_on=published_on,
        document_number=row["document_number"],
        agency_code=row["agency_code"],
        snippet=snippet(row["excerpt_source"], terms),
    )


def facets(
    query: str,
    *,
    agency_id: int | None = None,
    category_id: int | tuple[int, ...] | None = None,
    year: int | None = None,
    issuer: str | None = None,
) -> Facets:
    """Counts by year and by issuer of the matches, for the filter sidebar, in one query.

    Each facet counts with the other filters applied but not its own, so that the sidebar shows
    what choosing another year (or issuer) would find: the year counts honour ``issuer``, the
    issuer counts honour ``year``.
    """
    terms = query_terms(query)
    backend = backends.current()
    with _query_guard():
        rows = backend.facet_rows(terms, Filters(agency_id=agency_id, category_id=category_id))
    years: Counter[int] = Counter()
    issuers: Counter[str] = Counter()
    for row_year, row_issuer, n in rows:
        if issuer is None or row_issuer == issuer:
            years[row_year] += n
        if year is None or row_year == year:
            issuers[row_issuer] += n
    return Facets(
        years=sorted(years.items(), reverse=True),
        issuers=sorted(issuers.items(), key=lambda item: (-item[1], item[0])),
    )
