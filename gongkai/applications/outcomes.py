"""The outcome of a reply, declared once: each is a table 三 result row with its legal basis.

Outcomes are stored as the result-row keys of the 2021 edition, the one in force. A year reported
in the 2019 edition folds （六）1–3 into its single （六）其他处理 row (``row_key_in``). The
article mapping follows DOMAIN.md §1.9, which marks it interpretive; the labels come from the
edition itself, never from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.applications import fees
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
    # What the reply decides, as the applicant reads it in the notice. The edition's row label
    # (such as "（三）1.属于国家秘密") numbers a row of a table and is not a decision.
    decision: str
    # Whether the reply needs the leader's approval after the department head's review. A reply
    # that gives the applicant less than they asked for is signed off higher up.
    needs_leader: bool
    # Set by the system when a deadline runs out, never chosen when drafting a reply.
    automatic: bool = False
    # False where no article of the 条例 decides the outcome (DOMAIN.md §1.9): the reply cites
    # none rather than a whole article whose items do not fit.
    cited: bool = True

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
        Outcome(GRANTED, "《条例》第三十六条第（一）（二）项", "予以公开", needs_leader=False),
        Outcome(PARTIAL, "《条例》第三十七条", "部分公开", needs_leader=True),
        Outcome(
            "result.withheld.1", "《条例》第十四条", "不予公开（属于国家秘密）", needs_leader=True
        ),
        Outcome(
            "result.withheld.2",
            "《条例》第十四条",
            "不予公开（属于法律、行政法规禁止公开的政府信息）",
            needs_leader=True,
        ),
        Outcome(
            "result.withheld.3",
            "《条例》第十四条",
            "不予公开（公开后可能危及国家安全、公共安全、经济安全、社会稳定）",
            needs_leader=True,
        ),
        Outcome(
            "result.withheld.4",
            "《条例》第十五条、第三十二条",
            "不予公开（公开会损害第三方合法权益）",
            needs_leader=True,
        ),
        Outcome(
            "result.withheld.5",
            "《条例》第十六条第一款",
            "不予公开（属于人事管理、后勤管理、内部工作流程等内部事务信息）",
            needs_leader=True,
        ),
        Outcome(
            "result.withheld.6",
            "《条例》第十六条第二款",
            "不予公开（属于过程性信息）",
            needs_leader=True,
        ),
        Outcome(
            "result.withheld.7",
            "《条例》第十六条第二款",
            "不予公开（属于行政执法案卷信息）",
            needs_leader=True,
        ),
        Outcome(
            "result.withheld.8",
            "《条例》第三十六条第（七）项",
            "不予公开（属于行政查询事项，请依照有关法律、行政法规的规定办理）",
            needs_leader=True,
        ),
        Outcome(
            "result.unavailable.1",
            "《条例》第三十六条第（四）（五）项",
            "无法提供（本机关不掌握相关政府信息）",
            needs_leader=True,
        ),
        Outcome(
            "result.unavailable.2",
            "《条例》第三十八条",
            "无法提供（没有现成信息，需要另行制作）",
            needs_leader=True,
        ),
        Outcome(
            STILL_UNCLEAR,
            "《条例》第三十条",
            "无法提供（补正后申请内容仍不明确）",
            needs_leader=True,
        ),
        Outcome(
            "result.not_handled.1",
            "《条例》第三十九条第一款",
            "不予处理（属于信访、举报、投诉类申请）",
            needs_leader=True,
        ),
        Outcome(
            "result.not_handled.2",
            "《条例》第三十六条第（六）项",
            "不予重复处理（属于重复申请）",
            needs_leader=True,
        ),
        Outcome(
            "result.not_handled.3",
            "《条例》第三十九条第二款",
            "不予处理（要求提供公开出版物）",
            needs_leader=True,
        ),
        Outcome(
            "result.not_handled.4",
            "《条例》第三十五条",
            "不予处理（无正当理由大量、反复申请）",
            needs_leader=True,
        ),
        # No explicit article (DOMAIN.md §1.9 [U]); the reply states the facts.
        Outcome(
            "result.not_handled.5",
            "《条例》第三十六条",
            "不予处理（要求行政机关确认或者重新出具已获取的信息）",
            needs_leader=True,
            cited=False,
        ),
        Outcome(
            ABANDONED_CORRECTION,
            "《条例》第三十条",
            "终止处理（逾期未补正，视为放弃申请）",
            needs_leader=False,
            automatic=True,
        ),
        Outcome(
            FEE_UNPAID,
            f"《条例》第四十二条、{fees.RULES_NUMBER}",
            "终止处理（逾期未缴纳信息处理费，视为放弃申请）",
            needs_leader=False,
            automatic=True,
        ),
        Outcome(
            OTHER,
            "申请人撤回申请等其他情形",
            "按上述答复内容处理",
            needs_leader=False,
            cited=False,
        ),
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
