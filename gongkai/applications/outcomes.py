"""The outcome of a reply, declared once: each is a table 三 result row with its legal basis.

Outcomes are stored as the result-row keys of the 2021 edition, the one in force. A year reported
in the 2019 edition folds （六）1–3 into its single （六）其他处理 row (``row_key_in``). The
article mapping follows DOMAIN.md §1.9, which marks it interpretive; the labels come from the
edition itself, never from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.reports.engine.editions import EDITION_2021, Edition, Row

# An application closed on one of these is also counted in no other row (the edition's rule for
# （二）部分公开: 区分处理的，只计这一情形).
PARTIAL = "result.partial"
GRANTED = "result.granted"
ABANDONED_CORRECTION = "result.other.1"
FEE_UNPAID = "result.other.2"
OTHER = "result.other.3"
STILL_UNCLEAR = "result.unavailable.3"


@dataclass(frozen=True)
class Outcome:
    key: str  # a result-row key of the 2021 edition
    basis: str  # the 条例 article(s) the reply rests on
    # Whether the reply needs the leader's approval after the department head's review. A reply
    # that gives the applicant less than they asked for is signed off higher up.
    needs_leader: bool
    # Set by the system when a deadline runs out, never chosen when drafting a reply.
    automatic: bool = False

    @property
    def row(self) -> Row:
        return EDITION_2021.row_by_key(self.key)

    @property
    def label(self) -> str:
        return self.row.name

    def row_key_in(self, edition: Edition) -> str:
        """The row this outcome is counted in, in a given edition."""
        if self.key.startswith("result.other.") and not _has_row(edition, self.key):
            return "result.other"
        return self.key


def _has_row(edition: Edition, key: str) -> bool:
    return any(row.key == key for row in edition.table3_rows)


OUTCOMES: dict[str, Outcome] = {
    o.key: o
    for o in (
        Outcome(GRANTED, "《条例》第三十六条第（一）（二）项", needs_leader=False),
        Outcome(PARTIAL, "《条例》第三十七条", needs_leader=True),
        Outcome("result.withheld.1", "《条例》第十四条", needs_leader=True),
        Outcome("result.withheld.2", "《条例》第十四条", needs_leader=True),
        Outcome("result.withheld.3", "《条例》第十四条", needs_leader=True),
        Outcome("result.withheld.4", "《条例》第十五条、第三十二条", needs_leader=True),
        Outcome("result.withheld.5", "《条例》第十六条第一款", needs_leader=True),
        Outcome("result.withheld.6", "《条例》第十六条第二款", needs_leader=True),
        Outcome("result.withheld.7", "《条例》第十六条第二款", needs_leader=True),
        Outcome("result.withheld.8", "《条例》第三十六条第（七）项", needs_leader=True),
        Outcome("result.unavailable.1", "《条例》第三十六条第（四）（五）项", needs_leader=True),
        Outcome("result.unavailable.2", "《条例》第三十八条", needs_leader=True),
        Outcome("result.unavailable.3", "《条例》第三十条", needs_leader=True),
        Outcome("result.not_handled.1", "《条例》第三十九条第一款", needs_leader=True),
        Outcome("result.not_handled.2", "《条例》第三十六条第（六）项", needs_leader=True),
        Outcome("result.not_handled.3", "《条例》第三十九条第二款", needs_leader=True),
        Outcome("result.not_handled.4", "《条例》第三十五条", needs_leader=True),
        # No explicit article (DOMAIN.md §1.9 [U]); the reply states the facts.
        Outcome("result.not_handled.5", "《条例》第三十六条", needs_leader=True),
        Outcome(ABANDONED_CORRECTION, "《条例》第三十条", needs_leader=False, automatic=True),
        Outcome(
            FEE_UNPAID,
            "《条例》第四十二条、国办函〔2020〕109号",
            needs_leader=False,
            automatic=True,
        ),
        Outcome(OTHER, "申请人撤回申请等其他情形", needs_leader=False),
    )
}

# The outcomes a clerk may choose when drafting a reply.
DRAFTABLE = tuple(o for o in OUTCOMES.values() if not o.automatic)


def outcome(key: str) -> Outcome:
    try:
        return OUTCOMES[key]
    except KeyError:
        raise ValueError(f"未知的答复结果 “{key}”") from None


def choices() -> list[tuple[str, str]]:
    """(key, label) for a form's select, in the edition's row order."""
    return [(o.key, o.label) for o in DRAFTABLE]
