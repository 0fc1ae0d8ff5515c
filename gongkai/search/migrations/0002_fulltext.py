"""The full-text index over SearchEntry.segmented, one per database vendor.

SQLite: an FTS5 table ``search_fts(segmented)`` with the entry table as its external content
(rowid = SearchEntry.id, the tokens are not stored twice) and tokenizer unicode61, which splits
the space-separated tokens of gongkai/search/segment.py. Three triggers keep it in step with the
table, so that every insert, update and delete of an entry, by the ORM or by hand, updates the
index in the same transaction. FTS5 must be told the old text to remove a row (the 'delete'
command), and a trigger is the one place that always knows it. A covering index serves the join
from the matches back to the entries (see below).

PostgreSQL: a stored generated column ``segmented_tsv`` = to_tsvector('simple', segmented) and a
GIN index on it. Not a GIN index on the expression alone: ranking (ts_rank) needs each match's
tsvector, and with only the expression indexed PostgreSQL parses the text of every match again
for every search, about 0.2 ms a document (2 s for a word in 10,000 documents, measured by
benchmarks/search.py; see docs/search.md). The column is PostgreSQL's own, unknown to the model:
the database fills it on every insert and update.

The SQL is written out here, not imported, so that this migration stays what it was. On SQLite,
a later migration that alters the entry table rebuilds it (new table, copy, drop, rename) and the
drop takes the triggers and the covering index with it: such a migration must install them
again.
tests/search/test_schema.py fails if they are missing.
"""

from django.db import migrations

TABLE = "search_searchentry"

SQLITE = [
    f"""
    CREATE VIRTUAL TABLE search_fts USING fts5(
        segmented, content='{TABLE}', content_rowid='id', tokenize='unicode61'
    )
    """,
    f"""
    CREATE TRIGGER search_fts_insert AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO search_fts (rowid, segmented) VALUES (new.id, new.segmented);
    END
    """,
    f"""
    CREATE TRIGGER search_fts_delete AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO search_fts (search_fts, rowid, segmented)
        VALUES ('delete', old.id, old.segmented);
    END
    """,
    f"""
    CREATE TRIGGER search_fts_update AFTER UPDATE OF id, segmented ON {TABLE} BEGIN
        INSERT INTO search_fts (search_fts, rowid, segmented)
        VALUES ('delete', old.id, old.segmented);
        INSERT INTO search_fts (rowid, segmented) VALUES (new.id, new.segmented);
    END
    """,
    # The join from the FTS matches to their entries reads only these columns (order, filters,
    # facets): from this small index instead of the wide rows it takes half the time.
    f"""
    CREATE INDEX search_entry_fts_cover
    ON {TABLE} (id, published_on, agency_id, category_id, year, issuer)
    """,
]
SQLITE_REVERSE = [
    "DROP INDEX IF EXISTS search_entry_fts_cover",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TABLE IF EXISTS search_fts",
]

POSTGRESQL = [
    f"""
    ALTER TABLE {TABLE} ADD COLUMN segmented_tsv tsvector
    GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, segmented)) STORED
    """,
    f"CREATE INDEX search_entry_fulltext ON {TABLE} USING gin (segmented_tsv)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS search_entry_fulltext",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS segmented_tsv",
]

BY_VENDOR = {
    "postgresql": (POSTGRESQL, POSTGRESQL_REVERSE),
    "sqlite": (SQLITE, SQLITE_REVERSE),
}


def _run(schema_editor, statements: list[str]) -> None:
    for statement in statements:
        schema_editor.execute(statement, params=None)


def forwards(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in BY_VENDOR:
        raise RuntimeError(f"No full-text search index for the {vendor} database")
    _run(schema_editor, BY_VENDOR[vendor][0])


def backwards(apps, schema_editor) -> None:
    statements = BY_VENDOR.get(schema_editor.connection.vendor)
    if statements:
        _run(schema_editor, statements[1])


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
