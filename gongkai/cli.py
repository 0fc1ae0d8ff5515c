"""The ``gongkai`` command: Django's manage.py under the project's name.

``gongkai report check FILE`` is the same as ``python manage.py report check FILE``. The report
subcommands that work on files only (parse, check, render, compare) are run by the engine's own
command line (gongkai/reports/engine/cli) before Django is imported: they never touch the
database, and Django's start-up (settings, every app, admin, models) would cost them several
times their own work. Everything else, ``report compute`` and ``report province`` included, goes
through Django.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

# How SQLite and PostgreSQL say that a table is missing.
_MISSING_TABLE = ("no such table", "does not exist")


def main(argv: Sequence[str] | None = None) -> None:
    """Run a management command; ``argv`` defaults to the process arguments."""
    args = sys.argv[1:] if argv is None else list(argv)
    if len(args) > 1 and args[0] == "report":
        from gongkai.reports.engine import cli as report_files

        if args[1] in report_files.FILE_ACTIONS:
            sys.exit(report_files.main(args[1:]))

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError, ProgrammingError

    try:
        execute_from_command_line(["gongkai", *args])
    except (OperationalError, ProgrammingError) as error:
        if not any(words in str(error) for words in _MISSING_TABLE):
            raise
        # A database that was never migrated: say what to do instead of a traceback.
        sys.exit(f"数据库尚未建立或不是最新（{error}）：请先运行 gongkai migrate")
