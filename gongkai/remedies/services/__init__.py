"""The writes of the case register: keyword-only, checked, each with its event in the same
transaction (cases.py), and the all-or-nothing import (importing.py); the rules both check are
rules.py."""

from __future__ import annotations

from gongkai.remedies.services.cases import case_decide, case_register, case_reopen, case_update
from gongkai.remedies.services.importing import ImportProblem, ImportResult, cases_import

__all__ = [
    "ImportProblem",
    "ImportResult",
    "case_decide",
    "case_register",
    "case_reopen",
    "case_update",
    "cases_import",
]
