"""The first draft of the narrative sections 一、五、六, written from the records.

Every number quoted is read from the report's own tables (or, for what the tables do not hold,
from ``annual.records``), so the draft agrees with the tables by construction and the checker's
S1 finds nothing to say. What only the office can write is left as a marked gap
(``PLACEHOLDER``): the gate refuses to submit a report that still holds one, so a draft is never
published with its blanks.

The sentences use the phrasings the checker's S1 reads (engine/narrative.py), so that when the
office edits a number in the text and not in the records, S1 says so.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from gongkai.reports.annual.records import Fees
from gongkai.reports.engine.editions import (
    CARRIED_FORWARD,
    CARRIED_IN,
    GRANTED,
    NEW,
    OVERVIEW_TOPICS_2021,
    PARTIAL,
    RESULTS_TOTAL,
    TABLE4_STREAMS,
    CellKey,
)
from gongkai.reports.engine.model import Report

# The mark of what the office still has to write; the gate looks for its opening bracket.
PLACEHOLDER_OPEN = "【待补充"
CHINESE_NUMBERS = "一二三四五六七八九十"


def placeholder(what: str) -> str:
    return f"{PLACEHOLDER_OPEN}：{what}】"


def narrative_draft(
    report: Report, *, items_published: int, fees: Fees, corrected_cases: int
) -> dict[str, str]:
    """Sections 一、五、六 for a report whose tables are filled (``report``)."""
    return {
        "一": _overview(report, items_published),
        "五": _problems(corrected_cases),
        "六": _other(report, fees),
    }


def _n(report: Report, key: CellKey) -> int:
    if key.section in report.omitted:
        return 0
    return int(report.number(key) or 0)


def _overview(report: Report, items_published: int) -> str:
    e = report.edition
    total = e.table3_columns[-1]

    def t3(row) -> int:
        return _n(report, e.t3(row, total))

    block = e.table2[0]
    rules, normative = (
        CellKey("二", block.heading, r.label, block.columns[-1].label) for r in block.rows
    )
    paragraphs = [
        # 主动公开
        f"本年度主动公开政府信息{items_published}条。"
        + placeholder(_("主动公开工作的主要做法和重点领域信息公开情况")),
        # 依申请公开
        f"本年度新收政府信息公开申请{t3(NEW)}件，上年结转{t3(CARRIED_IN)}件；"
        f"办结{t3(RESULTS_TOTAL)}件，其中予以公开{t3(GRANTED)}件、部分公开{t3(PARTIAL)}件；"
        f"结转下年度继续办理{t3(CARRIED_FORWARD)}件。",
        # 政府信息管理
        f"截至年底，{block.rows[0].name}{_n(report, rules)}件、"
        f"{block.rows[1].name}{_n(report, normative)}件（{block.columns[-1].short}）。"
        + placeholder(_("政府信息管理、文件清理和公开属性审查情况")),
        # 政府信息公开平台建设
        placeholder(_("政府网站、政务新媒体等公开平台的建设和维护情况")),
        # 监督保障
        _remedies_sentence(report) + placeholder(_("工作考核、社会评议和责任追究结果情况")),
    ]
    if e.key == "2021":
        return "\n".join(
            f"（{CHINESE_NUMBERS[i]}）{topic}\n{text}"
            for i, (topic, text) in enumerate(zip(OVERVIEW_TOPICS_2021, paragraphs, strict=True))
        )
    return "\n".join(paragraphs)


def _remedies_sentence(report: Report) -> str:
    review, direct, after = (_n(report, CellKey("四", "", "", s[-1].label)) for s in TABLE4_STREAMS)
    return f"本年度因政府信息公开工作被申请行政复议{review}件、提起行政诉讼{direct + after}件。"


def _problems(corrected_cases: int) -> str:
    found = ""
    if corrected_cases:
        found = f"本年度行政复议、行政诉讼中被纠正{corrected_cases}件。" + placeholder(
            _("被纠正案件的原因分析和整改情况")
        )
    return (
        f"（一）存在问题\n{found}{placeholder(_('本年度工作中存在的主要问题'))}\n"
        f"（二）改进措施\n{placeholder(_('针对问题的改进措施'))}"
    )


def _other(report: Report, fees: Fees) -> str:
    if fees.applications:
        sentence = f"本年度收取信息处理费{fees.yuan}元，涉及{fees.applications}件申请。"
    else:
        sentence = "本年度未收取信息处理费。"
    if report.edition.key == "2019" and not fees.applications:
        return "无。"
    return sentence
