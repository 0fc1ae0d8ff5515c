#!/usr/bin/env python
"""Django's command-line utility; the same as the ``gongkai`` command."""

from __future__ import annotations

from gongkai.cli import main

if __name__ == "__main__":
    main()
