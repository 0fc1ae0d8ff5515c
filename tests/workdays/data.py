"""Calendars and expected results shared by the workdays tests."""

from __future__ import annotations

from datetime import date

from gongkai.workdays.calendar import WorkCalendar
from gongkai.workdays.seed import from_chinese_calendar

# Built once: hypothesis tests take it as a module constant, not as a function-scoped fixture.
SEEDED: WorkCalendar = from_chinese_calendar(range(2025, 2027))

# The required results (the brief's table), with the calendar seeded for 2025–2026:
# received, reply due, due after a 20-day extension, correction notice due (7 working days).
TABLE = [
    (date(2025, 9, 26), date(2025, 10, 30), date(2025, 11, 27), date(2025, 10, 13)),
    (date(2026, 2, 10), date(2026, 3, 16), date(2026, 4, 14), date(2026, 2, 26)),
    (date(2026, 4, 30), date(2026, 6, 1), date(2026, 6, 30), date(2026, 5, 13)),
    (date(2026, 9, 25), date(2026, 10, 29), date(2026, 11, 26), date(2026, 10, 12)),
]

NOTICE_2027 = """# 2027 年部分节假日安排（测试用，只列元旦）
2027-01-01 休 元旦
"""
