"""The reply notice, one form per outcome, derived from the one declaration of outcomes.

Each outcome brings its decision (``Outcome.decision``) and its basis (``Outcome.basis``); here
they become the reply's legal paragraphs: for a closure the system makes when a period runs
out, the rule that closes it; then the decision, citing its article where one decides it; then
the applicant's remedies (legal.REMEDIES).
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.applications import outcomes
from gongkai.applications.notices.legal import ABOUT, FEE_RULES, LAW, REMEDIES

REPLY_TITLE = "政府信息公开申请答复告知书"
REPLY_BODY = (
    "{applicant_name}：\n"
    "本机关于{received_on}收到您提出的政府信息公开申请" + ABOUT + "。"
    "经研究，现答复如下：\n{reply_text}"
)

_TERMINATION_TITLE = "政府信息公开申请终止处理告知书"
_TERMINATION_BODY = (
    "{applicant_name}：\n"
    "本机关于{received_on}收到您提出的政府信息公开申请" + ABOUT + "。\n{reply_text}"
)

# What the law says follows, for the closures the system makes when a period runs out.
_CLOSING_RULES = {
    outcomes.ABANDONED_CORRECTION: (
        f"根据{LAW}第三十条，申请人无正当理由逾期不补正的，视为放弃申请，"
        "行政机关不再处理该政府信息公开申请。"
    ),
    outcomes.FEE_UNPAID: (
        f"根据{LAW}第四十二条和{FEE_RULES}，"
        "申请人逾期未按收费通知要求缴纳费用的，视为放弃申请，行政机关不再处理该政府信息公开申请。"
    ),
}


@dataclass(frozen=True)
class ReplyForm:
    """The reply notice for one outcome: its title, its legal paragraphs and default body."""

    outcome: outcomes.Outcome
    title: str
    legal: tuple[str, ...]
    default_body: str


def reply_decision(outcome_key: str) -> str:
    """What the reply decides, as the applicant reads it."""
    return outcomes.outcome(outcome_key).decision


def reply_basis(outcome_key: str) -> str:
    """The article(s) and item(s) the reply rests on, in full; "" when none is cited."""
    outcome = outcomes.outcome(outcome_key)
    if not outcome.cited or outcome.key in _CLOSING_RULES:
        return ""
    return outcome.basis.replace("《条例》", LAW)


def _reply_form(outcome: outcomes.Outcome) -> ReplyForm:
    rule = _CLOSING_RULES.get(outcome.key)
    if rule:  # the rule just quoted is the basis
        decision = "据此，本机关对您的申请作出如下处理：{outcome_label}。"
    elif reply_basis(outcome.key):
        decision = "本机关依据{basis}，对您的申请作出如下处理：{outcome_label}。"
    else:
        decision = "本机关对您的申请作出如下处理：{outcome_label}。"
    return ReplyForm(
        outcome=outcome,
        title=_TERMINATION_TITLE if outcome.automatic else REPLY_TITLE,
        legal=(*([rule] if rule else []), decision, REMEDIES),
        default_body=_TERMINATION_BODY if outcome.automatic else REPLY_BODY,
    )


REPLY_FORMS: dict[str, ReplyForm] = {
    key: _reply_form(outcome) for key, outcome in outcomes.OUTCOMES.items()
}
