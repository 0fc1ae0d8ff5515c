"""``flush`` that also empties the append-only tables on SQLite (see gongkai.core.append_only).

Django's ``flush`` empties every table: on PostgreSQL with TRUNCATE, which fires no row trigger,
on SQLite with DELETE, which the append-only triggers refuse. Emptying the whole database is not
rewriting a record's history, so this command lifts the append-only tables for the run; the two
databases then behave alike. The test runner's flush after a transactional test (live_server,
the browser tests) goes through this command too.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush

from gongkai.core.append_only import append_only_lifted


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        with append_only_lifted(using=options["database"]):
            super().handle(**options)
