"""Search over published items, in Chinese: one interface over FTS5 (SQLite) and a tsvector
(PostgreSQL)."""
