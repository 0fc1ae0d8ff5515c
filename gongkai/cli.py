"""The ``gongkai`` command: Django's manage.py under the project's name.

``gongkai report check FILE`` is the same as ``python manage.py report check FILE``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> None:
    """Run a management command; ``argv`` defaults to the process arguments."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    from django.core.management import execute_from_command_line

    args = sys.argv[1:] if argv is None else list(argv)
    execute_from_command_line(["gongkai", *args])
