"""The database side of search, one module per vendor with the same three functions.

``count(terms, filters)``, ``page_ids(terms, filters, limit, offset)`` (SearchEntry ids, best
first) and ``facet_rows(terms, filters)`` ((year, issuer, count) of the matches). Each term is
text that must occur in the entry's tokens; the modules never let it be read as search syntax.
"""

from __future__ import annotations

from types import ModuleType

from django.core.exceptions import ImproperlyConfigured
from django.db import connection


def current() -> ModuleType:
    """The backend of the default database: sqlite (FTS5) or postgresql (tsvector)."""
    vendor = connection.vendor
    if vendor == "sqlite":
        from gongkai.search.backends import sqlite

        return sqlite
    if vendor == "postgresql":
        from gongkai.search.backends import postgres

        return postgres
    # Migration 0002 refuses other vendors too, so this is only reached by a misconfiguration.
    raise ImproperlyConfigured(f"全文检索不支持 {vendor} 数据库（只支持 SQLite 和 PostgreSQL）")
