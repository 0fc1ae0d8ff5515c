"""Append-only tables: the database itself refuses UPDATE and DELETE, short of a deliberate lift.

A table is made append-only by a migration that installs triggers (see the applications app's
``0006_events_append_only``): on PostgreSQL a BEFORE UPDATE OR DELETE row trigger calling
``gongkai_append_only_refuse()``, on SQLite a BEFORE UPDATE and a BEFORE DELETE trigger that
``RAISE(ABORT, …)``. Either way the error is an ``IntegrityError``.

Both let a row through only while the table is *lifted*: a row naming the table is in
``gongkai_append_only_lift`` (created by core's migration 0003; a plain table, not a model, so
that ``flush`` does not empty it half way through). ``append_only_lifted()`` inserts that row
and removes it again inside one transaction, so the lift is never seen by another connection and
never outlives the block. It is for erasing whole databases or throw-away data (``flush``, the
demo's ``--reset``) and for the one erasure the law requires of a record (the retention purge
clears the person's details from an application's history), never for correcting a record: a
correction is a new event.

The triggers keep application code and stray SQL from rewriting history; they do not stop the
database's owner, who can drop a trigger as easily as insert a lift row. ``TRUNCATE`` (how
``flush`` empties tables on PostgreSQL) fires no row trigger; on SQLite ``flush`` deletes rows,
which is why core overrides the ``flush`` command to lift the append-only tables while it runs.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, transaction

LIFT_TABLE = "gongkai_append_only_lift"


def append_only_tables(*, using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """The tables of the database that carry the append-only triggers."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                " JOIN pg_proc p ON p.oid = t.tgfoid"
                " WHERE p.proname = 'gongkai_append_only_refuse' AND NOT t.tgisinternal"
            )
        elif connection.vendor == "sqlite":
            cursor.execute(
                "SELECT DISTINCT tbl_name FROM sqlite_master"
                " WHERE type = 'trigger' AND name LIKE 'gongkai_append_only_%'"
            )
        else:
            return []
        return sorted(row[0] for row in cursor.fetchall())


@contextmanager
def append_only_lifted(*tables: str, using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Let UPDATE and DELETE through on ``tables`` (all append-only tables when none are given)
    for the duration of the block, which runs in a transaction."""
    connection = connections[using]
    token = uuid.uuid4().hex
    with transaction.atomic(using=using):
        names = list(tables) or append_only_tables(using=using)
        with connection.cursor() as cursor:
            for name in names:
                cursor.execute(
                    f"INSERT INTO {LIFT_TABLE} (lift, table_name) VALUES (%s, %s)", [token, name]
                )
        yield
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {LIFT_TABLE} WHERE lift = %s", [token])
