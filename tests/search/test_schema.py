"""The full-text index that migration 0002 made is there (a rebuild of the table on SQLite
would silently drop the triggers that keep it in step)."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table is SQLite's")
def test_the_fts5_table_its_three_triggers_and_the_covering_index_are_installed():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT type, name, tbl_name FROM sqlite_master "
            "WHERE name LIKE 'search_fts%' AND type IN ('table', 'trigger')"
        )
        found = {(kind, name, table) for kind, name, table in cursor.fetchall()}
        cursor.execute("SELECT tbl_name FROM sqlite_master WHERE name = 'search_entry_fts_cover'")
        assert cursor.fetchall() == [("search_searchentry",)]

    assert ("table", "search_fts", "search_fts") in found
    triggers = {name for kind, name, table in found if kind == "trigger"}
    assert triggers == {"search_fts_insert", "search_fts_delete", "search_fts_update"}
    assert {table for kind, _name, table in found if kind == "trigger"} == {"search_searchentry"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index is PostgreSQL's")
def test_the_generated_tsvector_column_and_its_gin_index_are_installed():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'search_entry_fulltext'")
        (definition,) = cursor.fetchone()
        cursor.execute(
            "SELECT generation_expression FROM information_schema.columns "
            "WHERE table_name = 'search_searchentry' AND column_name = 'segmented_tsv'"
        )
        (expression,) = cursor.fetchone()

    assert "gin (segmented_tsv)" in definition
    assert expression == "to_tsvector('simple'::regconfig, segmented)"
