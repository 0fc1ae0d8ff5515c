"""The annual report's statutory deadlines, declared once, as data, with their legal basis.

《中华人民共和国政府信息公开条例》（2019）第四十九条 [V, DOMAIN.md §2]:

- 县级以上人民政府部门 publish their previous-year report (and submit it to the 主管部门) by
  1月31日 — ``Agency.report_kind`` "department";
- the 主管部门 of a 县级以上地方人民政府 publishes that government's report by 3月31日 —
  ``report_kind`` "government".

"By 1月31日" (…前) is read as "on or before": a report published on 1月31日 is on time, one
published on 2月1日 is late. Art. 49 sets no deadline for 乡镇 governments (nor for a township's
offices, which are not 县级以上 departments): local rules do [U]. An agency whose ``level`` is
"township" has no deadline here, and every page that shows one says why (``TOWNSHIP_NOTE``);
should a province set one by its own rules, ``TOWNSHIP`` is the one place to declare it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Deadline:
    """A report of year Y is due on (Y+1)-month-day."""

    kind: str  # Agency.report_kind
    month: int
    day: int
    basis: str  # the article, as the pages cite it
    verified: bool = True  # False: [U], not read in the text of the law

    def due(self, year: int) -> date:
        return date(year + 1, self.month, self.day)


BASIS_49 = "《政府信息公开条例》第四十九条"
DEADLINES: dict[str, Deadline] = {
    "department": Deadline("department", 1, 31, BASIS_49),
    "government": Deadline("government", 3, 31, BASIS_49),
}
# 乡镇: not set by Art. 49 [U]. None until a local rule is declared here (verified=False).
TOWNSHIP: Deadline | None = None
TOWNSHIP_LEVEL = "township"
TOWNSHIP_NOTE = _(
    "《条例》第四十九条未规定乡镇年度报告的公布期限（以地方规定为准，未核实），不判断是否逾期"
)


def deadline_of(*, report_kind: str, level: str) -> Deadline | None:
    """The deadline that applies to an agency of this kind and level; None when none is set."""
    if level == TOWNSHIP_LEVEL:
        return TOWNSHIP
    return DEADLINES.get(report_kind)


def due_on(*, report_kind: str, level: str, year: int) -> date | None:
    """The day the report of ``year`` is due (inclusive); None where no deadline is set."""
    deadline = deadline_of(report_kind=report_kind, level=level)
    return deadline.due(year) if deadline else None


def past_due(published_on: date, due: date | None) -> bool:
    """Published after the day it was due ("by 1月31日": on it is on time); never without one."""
    return due is not None and published_on > due


def is_late(published_on: date, *, report_kind: str, level: str, year: int) -> bool | None:
    """Whether a report published on ``published_on`` was late; None where no deadline is set."""
    due = due_on(report_kind=report_kind, level=level, year=year)
    return None if due is None else past_due(published_on, due)
