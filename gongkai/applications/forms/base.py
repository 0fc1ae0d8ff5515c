"""The shared form helpers, now in ``gongkai.core.forms``; kept importable here for
``forms/intake.py`` until its import moves too (import from ``gongkai.core.forms``)."""

from __future__ import annotations

from gongkai.core.forms import NamedErrorsMixin, attach_domain_error, attach_problems, date_input

__all__ = ["NamedErrorsMixin", "attach_domain_error", "attach_problems", "date_input"]
