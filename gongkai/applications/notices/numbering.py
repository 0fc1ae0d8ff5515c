"""The 文号 pattern check and formatting live beside the pattern's field, in
``gongkai.agencies.numbering``; kept importable here for ``notices/services.py`` until its
import moves too."""

from __future__ import annotations

from gongkai.agencies.numbering import FIELD, MAX_LENGTH, notice_number, pattern_problem

__all__ = ["FIELD", "MAX_LENGTH", "notice_number", "pattern_problem"]
