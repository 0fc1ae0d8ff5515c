"""The columns of a case register file (import and blank template), declared once.

The headers are what the office types or finds in the template: data, like the report's labels,
not translated (a file made in one language must import in another). A header is matched
without spaces, punctuation or a required-marker "*", and a few other names offices use are
accepted for it. The choice columns accept the labels of their choices and the usual shorter
or longer words for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from gongkai.remedies.models import Result, Stream


@dataclass(frozen=True)
class Column:
    field: str  # the Case field it fills; "application" holds the application's number
    header: str
    required: bool
    hint: Promise | str = ""
    aliases: tuple[str, ...] = ()


COLUMNS = (
    Column("stream", "类别", True, _("行政复议、行政诉讼·未经复议直接起诉或行政诉讼·复议后起诉")),
    Column("number", "案号", False, _("同一案号只能登记一次")),
    Column(
        "filed_on",
        "立案日期",
        True,
        _("复议机关受理或法院立案的日期，如 2025-03-02"),
        ("受理日期", "收案日期"),
    ),
    Column("body", "复议机关/审理法院", True, "", ("复议机关", "审理法院", "复议机关或审理法院")),
    Column(
        "challenged",
        "复议/诉讼事项",
        True,
        _("被申请复议或被起诉的行为，如对某申请的答复"),
        ("事项", "被诉事项", "复议事项", "诉讼事项"),
    ),
    Column(
        "application",
        "关联申请编号",
        False,
        _("平台上的申请编号；平台外的申请请填在下一列"),
        ("申请编号",),
    ),
    Column(
        "application_reference",
        "申请情况（平台外）",
        False,
        _("平台上线前的申请，或与申请无关的案件，用文字说明"),
        ("申请情况",),
    ),
    Column(
        "decided_on",
        "审结日期",
        False,
        _("尚未审结的留空；填写时须同时填写结果"),
        ("结案日期",),
    ),
    Column(
        "result", "结果", False, _("维持、纠正或其他；尚未审结的留空"), ("审理结果", "审结结果")
    ),
    Column("note", "备注", False),
)
HEADERS = tuple(c.header for c in COLUMNS)
BY_FIELD = {c.field: c for c in COLUMNS}

_NOISE = re.compile(r"[\s·・•.。()（）\-—_、/／*＊:：]")


def fold(text: str) -> str:
    """Text as it is matched: without spaces, punctuation or case."""
    return _NOISE.sub("", text).lower()


_BY_HEADER = {fold(name): c for c in COLUMNS for name in (c.header, *c.aliases)}


def column_for_header(text: str) -> Column | None:
    return _BY_HEADER.get(fold(text)) if text else None


# The words a file may use for each choice; the first is what the template offers (data, in
# Chinese, whatever the page's language).
STREAM_WORDS: dict[str, tuple[str, ...]] = {
    Stream.REVIEW: ("行政复议", "复议"),
    Stream.DIRECT: ("行政诉讼·未经复议直接起诉", "未经复议直接起诉", "直接起诉"),
    Stream.AFTER_REVIEW: ("行政诉讼·复议后起诉", "复议后起诉", "复议后诉讼"),
}
RESULT_WORDS: dict[str, tuple[str, ...]] = {
    Result.UPHELD: ("维持", "结果维持"),
    Result.CORRECTED: ("纠正", "结果纠正"),
    Result.OTHER: ("其他", "其他结果"),
}


def _matcher(words: dict[str, tuple[str, ...]]) -> dict[str, str]:
    table = {fold(w): str(value) for value, ws in words.items() for w in ws}
    table.update({fold(str(value)): str(value) for value in words})  # the codes themselves
    return table


_STREAMS = _matcher(STREAM_WORDS)
_RESULTS = _matcher(RESULT_WORDS)


def match_stream(text: str) -> str | None:
    return _STREAMS.get(fold(text))


def match_result(text: str) -> str | None:
    return _RESULTS.get(fold(text))
