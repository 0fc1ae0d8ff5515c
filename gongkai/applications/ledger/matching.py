"""Reading the words of a ledger cell as a choice or a table 三 outcome, strictly.

Offices write labels loosely ("不予公开-保护第三方合法权益", "（三）4 保护第三方合法权益",
"查阅抄录"), so cells are compared in a normal form, like the report engine's label matching:
width-folded, without spaces, quotes, brackets or numbering punctuation. Matching is by equal
words or by words found inside exactly one official label — never by likeness, since "予以公开"
and "不予公开" differ by one character and mean the opposite. Anything else is an error that
lists the valid choices.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.db import models
from django.utils.translation import get_language

from gongkai.applications.outcomes import OUTCOMES, Outcome
from gongkai.reports.engine.readers.labels import normalize

_SEPARATORS = re.compile(r"[()\[\]【】〔〕<>《》.、,，;；:：\-—–_/\\|~～]")
_NUMBERING = re.compile(r"^([一二三四五六七])?(\d+)?")


def fold(text: str) -> str:
    """A cell's comparable form (the report engine's normal form, minus separators)."""
    return _SEPARATORS.sub("", normalize(text))


def _listed(labels: Iterable[str]) -> str:
    # Quoted, since labels such as "查阅、抄录" hold the list's own separator.
    return "、".join(f"“{label}”" for label in labels)


class MatchError(ValueError):
    """The cell matches no choice, or several; the message lists what it could be."""


def match_choice(
    text: str, choices: type[models.TextChoices], aliases: dict[str, str] | None = None
) -> str:
    """The value whose label (or value, or declared alias) the cell writes."""
    table = _choice_table(choices, tuple((aliases or {}).items()), get_language())
    if (value := table.get(fold(text))) is not None:
        return value
    allowed = _listed(str(label) for label in choices.labels)
    raise MatchError(f"无法识别“{text}”，应为以下之一：{allowed}")


@lru_cache(maxsize=64)
def _choice_table(
    choices: type[models.TextChoices], aliases: tuple[tuple[str, str], ...], language: str | None
) -> dict[str, str]:
    """Folded label, value or alias → value; built once per language (labels are lazy)."""
    table = {fold(str(label)): value for value, label in choices.choices}
    table |= {fold(value): value for value in choices.values}
    table |= {fold(alias): value for alias, value in aliases}
    return table


@dataclass(frozen=True)
class _Row:
    """One outcome's words, split the way its table 三 row is: group (（三）不予公开) and item."""

    outcome: Outcome
    group_number: str  # 一 … 七
    item_number: str  # "4", or "" for （一）/（二）
    forms: frozenset[str]  # folded words that name it exactly

    def numbered(self, group: str, item: str) -> bool:
        return (not group or group == self.group_number) and (not item or item == self.item_number)


def _split(label: str) -> tuple[str, str]:
    """A label's number and words: "（三）不予公开" → ("三", "不予公开")."""
    text = normalize(label)
    found = re.match(r"^\(([一二三四五六七])\)|^(\d+)\.", text)
    number = (found.group(1) or found.group(2)) if found else ""
    return number, text[found.end() :] if found else text


def _row(outcome: Outcome) -> _Row:
    path = outcome.row.path[1:]  # without "三、本年度办理结果"
    group_number, group = _split(path[0])
    # "（二）部分公开（区分处理的，只计这一情形…）": the words before the note name it too.
    group_short = fold(group.split("(")[0])
    groups = {fold(group), group_short}
    if len(path) == 1:
        return _Row(outcome, group_number, "", frozenset(groups))
    item_number, item = _split(path[1])
    item = fold(item)
    forms = {item} | {g + item for g in groups}
    return _Row(outcome, group_number, item_number, frozenset(forms))


_ROWS = tuple(_row(o) for o in OUTCOMES.values())

# Wordings seen in real ledgers and reports that no official label contains (DOMAIN.md §1.4).
OUTCOME_ALIASES: dict[str, str] = {
    fold("本机关不掌握相关信息"): "result.unavailable.1",
}


def outcome_labels(rows: tuple[_Row, ...] = _ROWS) -> str:
    return _listed(r.outcome.label for r in rows)


def match_outcome(text: str) -> str:
    """The outcome key a ledger's 答复结果 cell names, or MatchError listing the choices."""
    raw = text.strip()
    if raw in OUTCOMES:
        return raw
    words = fold(raw)
    found = _NUMBERING.match(words)
    group, item = found.group(1) or "", found.group(2) or ""
    rest = words[found.end() :]
    numbered = tuple(r for r in _ROWS if r.numbered(group, item))
    if (alias := OUTCOME_ALIASES.get(rest)) and any(r.outcome.key == alias for r in numbered):
        return alias
    if not rest:
        # Numbering alone ("（三）4") names a row when it is complete.
        exact = numbered if (group or item) else ()
    else:
        exact = tuple(r for r in numbered if rest in r.forms)
    if not exact and len(rest) >= 2:
        # Words inside exactly one label ("国家秘密"); several is ambiguous, never a guess.
        exact = tuple(r for r in numbered if any(rest in form for form in r.forms))
    if len(exact) == 1:
        return exact[0].outcome.key
    if not exact and (group or item) and rest:
        try:
            named = match_outcome(rest)
        except MatchError:
            pass
        else:
            label = OUTCOMES[named].label
            raise MatchError(f"“{raw}”的编号与名称不一致：名称对应的是{_listed([label])}")
    if exact:
        raise MatchError(f"“{raw}”可对应多项办理结果，请写明其中一项：{outcome_labels(exact)}")
    raise MatchError(f"无法识别“{raw}”，应为年度报告表三的一项办理结果：{outcome_labels()}")
