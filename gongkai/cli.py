"""The ``gongkai`` command: Django's manage.py under the project's name.

``gongkai report check FILE`` is the same as ``python manage.py report check FILE``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

# How SQLite and PostgreSQL say that a table is missing.
_MISSING_TABLE = ("no such table", "does not exist")


def main(argv: Sequence[str] | None = None) -> None:
    """Run a management command; ``argv`` defaults to the process arguments."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError, ProgrammingError

    args = sys.argv[1:] if argv is None else list(argv)
    try:
        execute_from_command_line(["gongkai", *args])
    except (OperationalError, ProgrammingError) as error:
        if not any(words in str(error) for words in _MISSING_TABLE):
            raise
        # A database that was never migrated: say what to do instead of a traceback.
        sys.exit(f"数据库尚未建立或不是最新（{error}）：请先运行 gongkai migrate")
