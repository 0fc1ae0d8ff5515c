"""Parse a year's holiday schedule typed from the State Council notice (国务院办公厅通知).

Pure Python. One entry per line::

    # 2027 年部分节假日安排
    2027-01-01 休 元旦
    2027-10-01..2027-10-07 休 国庆节
    2027-10-09 班 调休上班

Blank lines and ``#`` comments are ignored. Every problem is reported with its line number, and
the caller stores nothing unless there are none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from gongkai.workdays.calendar import CalendarEntry, is_weekend

OFF = "休"
ON = "班"
DEFAULT_NAMES = {OFF: "节假日", ON: "调休上班"}
# A holiday period is at most a few days long; a longer range is almost surely a typo.
MAX_RANGE_DAYS = 31
WEEKDAY_NAMES = "一二三四五六日"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class ParsedNotice:
    entries: tuple[CalendarEntry, ...]
    errors: tuple[str, ...]


def _date(text: str, number: int, errors: list[str]) -> date | None:
    if _ISO_DATE.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    errors.append(f"第 {number} 行：“{text}”不是有效日期，应写作 YYYY-MM-DD，如 2027-10-01")
    return None


def _days(text: str, number: int, errors: list[str]) -> list[date] | None:
    first_text, sep, last_text = text.partition("..")
    first = _date(first_text, number, errors)
    last = _date(last_text, number, errors) if sep else first
    if first is None or last is None:
        return None
    if last < first:
        errors.append(f"第 {number} 行：日期范围 {text} 的结束日早于开始日")
        return None
    length = (last - first).days + 1
    if length > MAX_RANGE_DAYS:
        errors.append(f"第 {number} 行：日期范围 {text} 长达 {length} 天，超过 {MAX_RANGE_DAYS} 天")
        return None
    return [first + timedelta(days=offset) for offset in range(length)]


def parse_notice(text: str, year: int) -> ParsedNotice:
    """The exceptions of ``year`` listed in ``text``, or the errors that stop the import."""
    errors: list[str] = []
    entries: list[CalendarEntry] = []
    seen: dict[date, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split(maxsplit=2)
        if len(parts) < 2:
            errors.append(f"第 {number} 行：缺少“{OFF}”或“{ON}”，应写作如“2027-10-01 休 国庆节”")
            continue
        kind = parts[1]
        if kind not in (OFF, ON):
            errors.append(f"第 {number} 行：第二项应为“{OFF}”或“{ON}”，实为“{kind}”")
            continue
        days = _days(parts[0], number, errors)
        if days is None:
            continue
        name = parts[2].strip() if len(parts) > 2 else DEFAULT_NAMES[kind]
        entries.extend(_line_entries(days, kind, name, year, number, seen, errors))
    if not entries and not errors:
        errors.append(f"没有任何日期行：请每行写一个日期，如“{year}-10-01 休 国庆节”")
    if errors:
        return ParsedNotice(entries=(), errors=tuple(errors))
    return ParsedNotice(entries=tuple(sorted(entries, key=lambda e: e.day)), errors=())


def _line_entries(
    days: list[date],
    kind: str,
    name: str,
    year: int,
    number: int,
    seen: dict[date, int],
    errors: list[str],
) -> list[CalendarEntry]:
    found: list[CalendarEntry] = []
    for day in days:
        if day.year != year:
            errors.append(f"第 {number} 行：{day.isoformat()} 不在 {year} 年内")
            return []
        if day in seen:
            errors.append(f"第 {number} 行：{day.isoformat()} 与第 {seen[day]} 行重复")
            return []
        seen[day] = number
        weekday = f"星期{WEEKDAY_NAMES[day.weekday()]}"
        if kind == ON and not is_weekend(day):
            errors.append(
                f"第 {number} 行：{day.isoformat()} 是{weekday}，本来就是工作日，不能标为“{ON}”"
            )
            return []
        # A weekend day inside a holiday period is off anyway: nothing to store.
        if kind == OFF and is_weekend(day):
            continue
        found.append(CalendarEntry(day=day, is_workday=kind == ON, name=name))
    return found
