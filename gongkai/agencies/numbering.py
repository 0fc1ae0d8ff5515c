"""Numbers an agency gives from its own patterns: the 文号 of its notices
(``Agency.notice_number_pattern``) and the 索引号 of its published items
(``Agency.index_number_pattern``).

It lives beside the fields it checks: the agency admin's settings and the Django admin refuse a
pattern that cannot number, and the notices (``applications.notices``) and the items
(``publishing``) number with it.

A pattern is ordinary text with placeholders, by English or Chinese name: {year} / {年份} (the
year), {seq} / {序号} (the agency's running number within that year), {code} / {机关代码}
(the agency's code), and for the 索引号 {credit_code} / {统一社会信用代码}, e.g.
"黑知公开〔{year}〕{seq}号" or "{统一社会信用代码}/{year}-{seq:05d}". A format spec is allowed (a
zero-padded sequence is common); attribute or index lookups and conversions are not. Numbers
run per agency and year, so a pattern must hold both the sequence and the year, or next year's
first number would repeat this year's.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.agencies.models import Agency
from gongkai.core.errors import DomainError

_FORMATTER = string.Formatter()
# The only format specs a number needs: an optional zero pad and a width of at most two digits,
# as in {seq:04d}. Anything else is refused before formatting: a spec such as {seq:300000000d}
# would make the check itself allocate gigabytes.
_SPEC = re.compile(r"0?\d{0,2}d?")


@dataclass(frozen=True)
class NumberPattern:
    field: str  # the Agency field holding the pattern
    what: Promise  # what it numbers, e.g. 文号
    label: Promise  # the field's label, e.g. 告知书文号格式
    aliases: tuple[tuple[str, str], ...]  # (placeholder, its Chinese name)
    max_length: int  # the length of the column the number is stored in
    example: str
    # Placeholders of which the pattern must hold one, and why (numbers unique across agencies).
    identifying: tuple[str, ...] = ()
    identifying_reason: Promise | None = None

    @property
    def _names(self) -> dict[str, str]:
        return {**{k: k for k, _cn in self.aliases}, **{cn: k for k, cn in self.aliases}}

    def _usable(self) -> str:
        return "、".join(f"{{{key}}}（{{{cn}}}）" for key, cn in self.aliases)

    def _values(self, values: dict[str, Any]) -> dict[str, Any]:
        return {name: values[key] for name, key in self._names.items()}

    def problem(self, pattern: str) -> str | None:
        """Why the pattern cannot number (a Chinese message), or None when it can."""
        if not pattern.strip():
            return _("请填写%(label)s，例如 %(example)s") % {
                "label": self.label,
                "example": self.example,
            }
        try:
            parsed = list(_FORMATTER.parse(pattern))
        except ValueError:
            return _("花括号不成对；如需显示花括号本身，请写成 {{ 或 }}")
        used: set[str] = set()
        for _literal, name, spec, conversion in parsed:
            if name is None:
                continue
            if name not in self._names:
                return _("无法识别的占位符“{%(name)s}”，可用的占位符：%(usable)s") % {
                    "name": name,
                    "usable": self._usable(),
                }
            if conversion:
                return _("占位符“{%(name)s}”不能带“!”转换，请写成 {%(name)s}") % {"name": name}
            if spec and not _SPEC.fullmatch(spec):
                return _(
                    "格式说明无效（“%(spec)s”）：只能补零和指定位数（至多两位），例如 {seq:04d}"
                ) % {"spec": spec}
            used.add(self._names[name])
        if "seq" not in used:
            return _("须包含 {seq}（当年序号），否则各%(what)s会重复") % {"what": self.what}
        if "year" not in used:
            return _("须包含 {year}（年份）：序号每年重新编排，没有年份的%(what)s会与往年重复") % {
                "what": self.what
            }
        if self.identifying and not used & set(self.identifying):
            return str(self.identifying_reason)
        sample = {key: "x" for key, _cn in self.aliases} | {"year": 2999, "seq": 99999}
        try:
            number = _FORMATTER.vformat(pattern, (), self._values(sample))
        except (ValueError, TypeError):
            return _("格式说明无效（冒号之后的部分），例如序号补零应写成 {seq:04d}")
        if len(number) > self.max_length:
            return _("生成的%(what)s过长（最多 %(max)s 个字）") % {
                "what": self.what,
                "max": self.max_length,
            }
        return None

    def number(self, agency: Agency, year: int, seq: int) -> str:
        """The agency's ``seq``-th number of ``year``; a DomainError naming the pattern's field
        when the agency's pattern cannot give it."""
        pattern = getattr(agency, self.field)
        if problem := self.problem(pattern):
            raise DomainError(
                _("%(label)s“%(pattern)s”不可用：%(problem)s")
                % {"label": self.label, "pattern": pattern, "problem": problem},
                field=self.field,
            )
        values = {"year": year, "seq": seq, "code": agency.code, "credit_code": agency.credit_code}
        number = _FORMATTER.vformat(pattern, (), self._values(values))
        if len(number) > self.max_length:  # a long agency code; the check used a short one
            raise DomainError(
                _("%(label)s：生成的%(what)s“%(number)s”过长（最多 %(max)s 个字）")
                % {
                    "label": self.label,
                    "what": self.what,
                    "number": number,
                    "max": self.max_length,
                },
                field=self.field,
            )
        return number


_COMMON = (("year", "年份"), ("seq", "序号"), ("code", "机关代码"))

NOTICE_NUMBER = NumberPattern(
    field="notice_number_pattern",
    what=gettext_lazy("文号"),
    label=gettext_lazy("告知书文号格式"),
    aliases=_COMMON,
    max_length=80,  # the Notice.number column's length
    example="黑知公开〔{year}〕{seq}号",
)
INDEX_NUMBER = NumberPattern(
    field="index_number_pattern",
    what=gettext_lazy("索引号"),
    label=gettext_lazy("索引号格式"),
    aliases=(*_COMMON, ("credit_code", "统一社会信用代码")),
    max_length=100,  # the Item.index_number column's length
    example="{统一社会信用代码}/{year}-{seq:05d}",
    identifying=("code", "credit_code"),
    identifying_reason=gettext_lazy(
        "须包含 {code}（机关代码）或 {统一社会信用代码}：索引号在全平台唯一，不能与其他机关的重复"
    ),
)


def pattern_problem(pattern: str) -> str | None:
    """Why a 文号 pattern cannot number notices (a Chinese message), or None when it can."""
    return NOTICE_NUMBER.problem(pattern)


def notice_number(agency: Agency, year: int, seq: int) -> str:
    """The 文号 of the agency's ``seq``-th notice of ``year``."""
    return NOTICE_NUMBER.number(agency, year, seq)
