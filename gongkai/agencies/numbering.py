"""The 文号 of a notice, from its agency's pattern (``Agency.notice_number_pattern``).

It lives beside the field it checks: the agency admin's settings and the Django admin refuse a
pattern that cannot number notices, and the notices (``applications.notices``) number with it.

A pattern is ordinary text with three placeholders, by English or Chinese name: {year} / {年份}
(the year of issue), {seq} / {序号} (the agency's running number within that year) and {code} /
{机关代码} (the agency's code), e.g. "黑知公开〔{year}〕{seq}号" or "{code}-{year}-{seq:04d}". A
format spec is allowed (a zero-padded sequence is common); attribute or index lookups and
conversions are not. Notices are numbered per agency and year, so a pattern must hold both the
sequence and the year, or next year's first notice would repeat this year's.
"""

from __future__ import annotations

import re
import string
from typing import Any

from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.core.errors import DomainError

FIELD = "notice_number_pattern"
# The Notice.number column's length.
MAX_LENGTH = 80

# Placeholder → the value it stands for; each also by its Chinese name.
_ALIASES = {"year": "年份", "seq": "序号", "code": "机关代码"}
_NAMES = {**{key: key for key in _ALIASES}, **{cn: key for key, cn in _ALIASES.items()}}
# Values a check formats the pattern with: the widest year and sequence a notice may get.
_SAMPLE = {"year": 2999, "seq": 99999, "code": "x"}

_FORMATTER = string.Formatter()
# The only format specs a 文号 needs: an optional zero pad and a width of at most two digits, as
# in {seq:04d}. Anything else is refused before formatting: a spec such as {seq:300000000d} would
# make the check itself allocate gigabytes.
_SPEC = re.compile(r"0?\d{0,2}d?")


def _usable() -> str:
    return "、".join(f"{{{key}}}（{{{cn}}}）" for key, cn in _ALIASES.items())


def _values(year: int, seq: int, code: str) -> dict[str, Any]:
    values: dict[str, Any] = {"year": year, "seq": seq, "code": code}
    return {name: values[key] for name, key in _NAMES.items()}


def pattern_problem(pattern: str) -> str | None:
    """Why a 文号 pattern cannot number notices (a Chinese message), or None when it can."""
    if not pattern.strip():
        return _("请填写告知书文号格式，例如 黑知公开〔{year}〕{seq}号")
    try:
        parsed = list(_FORMATTER.parse(pattern))
    except ValueError:
        return _("花括号不成对；如需显示花括号本身，请写成 {{ 或 }}")
    used: set[str] = set()
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in _NAMES:
            return _("无法识别的占位符“{%(name)s}”，可用的占位符：%(usable)s") % {
                "name": name,
                "usable": _usable(),
            }
        if conversion:
            return _("占位符“{%(name)s}”不能带“!”转换，请写成 {%(name)s}") % {"name": name}
        if spec and not _SPEC.fullmatch(spec):
            return _(
                "格式说明无效（“%(spec)s”）：只能补零和指定位数（至多两位），例如 {seq:04d}"
            ) % {"spec": spec}
        used.add(_NAMES[name])
    if "seq" not in used:
        return _("须包含 {seq}（当年序号），否则各告知书的文号会重复")
    if "year" not in used:
        return _("须包含 {year}（年份）：序号每年重新编排，没有年份的文号会与往年重复")
    try:
        number = _FORMATTER.vformat(pattern, (), _values(**_SAMPLE))
    except (ValueError, TypeError):
        return _("格式说明无效（冒号之后的部分），例如序号补零应写成 {seq:04d}")
    if len(number) > MAX_LENGTH:
        return _("生成的文号过长（最多 %(max)s 个字）") % {"max": MAX_LENGTH}
    return None


def notice_number(agency: Agency, year: int, seq: int) -> str:
    """The 文号 of the agency's ``seq``-th notice of ``year``; a DomainError naming the
    pattern's field when the agency's pattern cannot number it."""
    pattern = agency.notice_number_pattern
    if problem := pattern_problem(pattern):
        raise DomainError(
            _("告知书文号格式“%(pattern)s”不可用：%(problem)s")
            % {"pattern": pattern, "problem": problem},
            field=FIELD,
        )
    number = _FORMATTER.vformat(pattern, (), _values(year, seq, agency.code))
    if len(number) > MAX_LENGTH:  # a long agency code; the check used a short one
        raise DomainError(
            _("告知书文号格式：生成的文号“%(number)s”过长（最多 %(max)s 个字）")
            % {"number": number, "max": MAX_LENGTH},
            field=FIELD,
        )
    return number
