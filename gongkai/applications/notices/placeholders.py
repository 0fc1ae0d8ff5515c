"""Checking and filling the {placeholders} of a notice's wording.

An agency's template may use only the placeholders its kind declares, by plain name — the key
({applicant_name}) or its Chinese name ({申请人姓名}), both declared once in kinds.py: no
attribute or index lookups, no conversions or format specs — the values are plain strings, and a
template written by an agency admin must never reach into Python objects. It may not carry its
own legal text either (article citations, remedies): that part is fixed data (kinds.py and
replies.py).
"""

from __future__ import annotations

import re
import string
from typing import NamedTuple

from django.utils.translation import gettext as _

from gongkai.applications import outcomes
from gongkai.applications.notices import kinds

_FORMATTER = string.Formatter()

# Wording that belongs to the fixed legal paragraphs; an agency's template may not bring its own.
_LEGAL_MARKERS = re.compile(
    r"第[一二三四五六七八九十百零〇两\d]+条|行政复议|行政诉讼|复议|诉讼|人民法院|国办函"
)


class PlaceholderError(ValueError):
    """A template's placeholders are unusable; the message (Chinese) names the culprit."""


class Placeholder(NamedTuple):
    key: str  # as the code and the legal text name it: applicant_name
    name: str  # as an agency admin may write it instead: 申请人姓名
    meaning: str  # what it holds


def placeholders_for(kind_key: str) -> list[Placeholder]:
    """Every placeholder a template of this kind may use, for the template editor."""
    table = kinds.kind(kind_key).all_placeholders()
    return [Placeholder(key, name, meaning) for key, (name, meaning) in table.items()]


def aliases(kind_key: str) -> dict[str, str]:
    """Every name a template of this kind may write (key or Chinese name) → the key."""
    listed = placeholders_for(kind_key)
    result = {p.key: p.key for p in listed}
    for p in listed:
        if result.setdefault(p.name, p.key) != p.key:  # a declaration bug, not the user's
            raise ValueError(f"{kind_key}: placeholder name {p.name!r} is not unique")
    return result


def with_aliases(kind_key: str, values: dict[str, str]) -> dict[str, str]:
    """The values, each also under its Chinese name, for filling an agency's wording."""
    extra = {name: values[key] for name, key in aliases(kind_key).items() if key in values}
    return {**values, **extra}


def placeholder_names(text: str) -> list[str]:
    """The placeholders a text uses, in order; PlaceholderError when its braces are broken."""
    names: list[str] = []
    try:
        parsed = list(_FORMATTER.parse(text))
    except ValueError:
        raise PlaceholderError(
            _("模板中的花括号不成对；占位符应写成 {名称}，如需显示花括号本身，请写成 {{ 或 }}")
        ) from None
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if spec or conversion:
            raise PlaceholderError(
                _("占位符“%(name)s”不能带“!”或“:”之后的格式说明，请写成 %(name)s")
                % {"name": _braced(name)}
            )
        names.append(name)
    return names


def template_problems(kind_key: str, outcome_key: str, body: str, closing: str) -> dict[str, str]:
    """Problems of an agency's wording for one notice kind, keyed by field; {} when usable."""
    problems: dict[str, str] = {}
    try:
        kind = kinds.kind(kind_key)
    except ValueError as error:
        return {"kind": str(error)}
    if outcome_key:
        if kind_key != kinds.REPLY:
            problems["outcome"] = _("只有答复告知书可以按处理结果分别设置模板")
        elif outcome_key not in outcomes.OUTCOMES:
            problems["outcome"] = _("未知的处理结果“%(outcome)s”") % {"outcome": outcome_key}
    allowed = aliases(kind_key)
    usable = "、".join(
        _("%(name)s或%(key)s（%(meaning)s）")
        % {"name": _braced(p.name), "key": _braced(p.key), "meaning": p.meaning}
        for p in placeholders_for(kind_key)
    )
    fields = (("body", body, _("正文")), ("closing", closing, _("落款前的联系信息")))
    for field, text, label in fields:
        if problem := _text_problem(text, allowed, kind.title, label, usable):
            problems[field] = problem
    if "body" not in problems:
        if not body.strip():
            problems["body"] = _("请填写正文")
        else:
            used = {allowed[name] for name in placeholder_names(body)}
            table = kind.all_placeholders()
            for key in kind.required:
                if key not in used:
                    name, meaning = table[key]
                    problems["body"] = _(
                        "%(title)s的正文必须包含占位符“%(name)s”（也可写作 %(key)s，%(meaning)s）"
                    ) % {
                        "title": kind.title,
                        "name": _braced(name),
                        "key": _braced(key),
                        "meaning": meaning,
                    }
                    break
    return problems


def _text_problem(
    text: str, allowed: dict[str, str], title: str, label: str, usable: str
) -> str | None:
    try:
        names = placeholder_names(text)
    except PlaceholderError as error:
        return _("%(field)s：%(problem)s") % {"field": label, "problem": error}
    for name in names:
        if name not in allowed:
            return _("%(field)s中的占位符“%(name)s”无法识别。%(title)s可用的占位符：%(usable)s") % {
                "field": label,
                "name": _braced(name),
                "title": title,
                "usable": usable,
            }
    if found := _LEGAL_MARKERS.search(_FORMATTER.vformat(text, (), _Blank())):
        return _(
            "%(field)s不能包含法律依据或救济途径的文字（发现“%(found)s”）："
            "这部分由系统按法律规定自动附加，机关模板不能修改或替换"
        ) % {"field": label, "found": found.group()}
    return None


def _braced(name: str) -> str:
    """A placeholder as a template writes it: {name}."""
    return "{" + name + "}"


class _Blank(dict):
    """Every placeholder reads as empty, so legal markers are searched in the wording only."""

    def __missing__(self, key: str) -> str:
        return ""


def fill(text: str, values: dict[str, str]) -> str:
    """The text with its placeholders replaced; every name must be in ``values``."""
    return _FORMATTER.vformat(text, (), values)
