"""``python -m gongkai`` is the ``gongkai`` command."""

from __future__ import annotations

from gongkai.cli import main

if __name__ == "__main__":
    main()
