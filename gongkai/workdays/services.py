"""Reading and changing the holiday table; every change sends ``calendar_changed``.

``calendar_current()`` is called on every deadline computation, so it is cached in-process. The
cache is keyed on a fingerprint of both tables (row counts and latest change times), read with
two small queries: a change made by another process, or undone by a rolled-back transaction
(as between tests), is then seen at once, which a counter kept in memory would miss.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from gongkai.workdays.calendar import CalendarEntry, WorkCalendar, is_weekend
from gongkai.workdays.models import SOURCE_ADMIN, SOURCE_NOTICE, CalendarDay, CalendarYear
from gongkai.workdays.notice import parse_notice
from gongkai.workdays.signals import calendar_changed

_cache: tuple[tuple[Any, ...], WorkCalendar] | None = None


class CalendarError(ValueError):
    """A refused change to the calendar; the message (Chinese) is for the user."""


@dataclass(frozen=True)
class ImportResult:
    """What an import did; with errors, nothing was stored."""

    year: int
    holidays: int = 0
    workdays: int = 0
    replaced: int = 0
    errors: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


def _fingerprint() -> tuple[Any, ...]:
    days = CalendarDay.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    years = CalendarYear.objects.aggregate(n=Count("pk"), last=Max("loaded_at"))
    return (days["n"], days["last"], years["n"], years["last"])


def calendar_current() -> WorkCalendar:
    """The working-day calendar as stored now."""
    global _cache
    key = _fingerprint()
    cached = _cache
    if cached is not None and cached[0] == key:
        return cached[1]
    rows = list(CalendarDay.objects.values_list("date", "is_workday"))
    calendar = WorkCalendar(
        holidays=frozenset(day for day, worked in rows if not worked),
        workdays=frozenset(day for day, worked in rows if worked),
        years=frozenset(CalendarYear.objects.values_list("year", flat=True)),
    )
    _cache = (key, calendar)
    return calendar


def notify_calendar_changed(years: Iterable[int]) -> None:
    """Drop the cached calendar and send ``calendar_changed`` (call inside the transaction)."""
    global _cache
    _cache = None
    calendar_changed.send(sender=CalendarYear, years=frozenset(years))


# The State Council publishes next year's schedule in the autumn; before this month, asking
# for it would only be noise (deadlines reach at most ~2 months ahead).
NEXT_YEAR_WANTED_FROM_MONTH = 10


def missing_years_now(today: date | None = None) -> list[int]:
    """This year, and from October next year, those of them whose schedule is not loaded."""
    today = today or timezone.localdate()
    calendar = calendar_current()
    years = [today.year]
    if today.month >= NEXT_YEAR_WANTED_FROM_MONTH:
        years.append(today.year + 1)
    return [y for y in years if not calendar.has_year(y)]


def _store_year(
    year: int, entries: Iterable[CalendarEntry], *, user: AbstractBaseUser | None, source: str
) -> tuple[int, int, int]:
    """Replace the year's exceptions; (holidays, workdays, old rows deleted)."""
    replaced, _ = CalendarDay.objects.filter(date__year=year).delete()
    rows = [
        CalendarDay(
            date=e.day, is_workday=e.is_workday, name=e.name, source=source, updated_by=user
        )
        for e in entries
    ]
    CalendarDay.objects.bulk_create(rows)
    CalendarYear.objects.update_or_create(year=year, defaults={"source": source, "loaded_by": user})
    holidays = sum(1 for row in rows if not row.is_workday)
    return holidays, len(rows) - holidays, replaced


def calendar_year_import(
    *,
    year: int,
    lines: str,
    user: AbstractBaseUser | None,
    source: str = SOURCE_NOTICE,
) -> ImportResult:
    """Load (or replace) a year from the notice's date list; all or nothing (see notice.py)."""
    parsed = parse_notice(lines, year)
    if parsed.errors:
        return ImportResult(year=year, errors=parsed.errors)
    with transaction.atomic():
        holidays, workdays, replaced = _store_year(
            year, parsed.entries, user=user, source=source.strip() or SOURCE_NOTICE
        )
        notify_calendar_changed({year})
    return ImportResult(year=year, holidays=holidays, workdays=workdays, replaced=replaced)


def calendar_years_seed(
    *, years: Iterable[int] | None = None, user: AbstractBaseUser | None = None
) -> list[int]:
    """Load years from the chinese_calendar package: the given ones (replacing them), else those
    the package has and the table lacks. Returns the years loaded."""
    from gongkai.workdays.seed import package_exceptions, package_source, package_years

    available = package_years()
    if years is None:
        loaded = set(CalendarYear.objects.values_list("year", flat=True))
        wanted = [y for y in available if y not in loaded]
    else:
        wanted = sorted(set(years))
        unknown = [y for y in wanted if y not in available]
        if unknown:
            raise CalendarError(
                f"{package_source()} 没有 {'、'.join(map(str, unknown))} 年的节假日数据"
                f"（只有 {available[0]}–{available[-1]} 年）"
            )
    if not wanted:
        return []
    entries = package_exceptions(wanted)
    with transaction.atomic():
        for year in wanted:
            own = [e for e in entries if e.day.year == year]
            _store_year(year, own, user=user, source=package_source())
        notify_calendar_changed(wanted)
    return wanted


def calendar_day_problem(day: date, is_workday: bool) -> str | None:
    """Why a single-day exception cannot be stored, or None."""
    if not CalendarYear.objects.filter(year=day.year).exists():
        return f"{day.year} 年的节假日安排尚未载入，请先导入该年的安排，再修改单日"
    if is_workday != is_weekend(day):
        state = "工作日" if is_workday else "休息日"
        return f"{day.isoformat()} 本来就是{state}，无需登记为例外"
    return None


def calendar_day_set(
    *, day: date, is_workday: bool, name: str, user: AbstractBaseUser | None
) -> CalendarDay | None:
    """Make ``day`` a working day or a day off; the ordinary state removes the exception."""
    if not CalendarYear.objects.filter(year=day.year).exists():
        raise CalendarError(calendar_day_problem(day, is_workday) or "")
    with transaction.atomic():
        if is_workday != is_weekend(day):
            CalendarDay.objects.filter(date=day).delete()
            result = None
        else:
            result, _ = CalendarDay.objects.update_or_create(
                date=day,
                defaults={
                    "is_workday": is_workday,
                    "name": name.strip(),
                    "source": SOURCE_ADMIN,
                    "updated_by": user,
                },
            )
        notify_calendar_changed({day.year})
    return result


def calendar_year_delete(*, year: int) -> int:
    """Unload a year (its deadlines become provisional again); returns the exceptions deleted."""
    with transaction.atomic():
        deleted, _ = CalendarDay.objects.filter(date__year=year).delete()
        CalendarYear.objects.filter(year=year).delete()
        notify_calendar_changed({year})
    return deleted
