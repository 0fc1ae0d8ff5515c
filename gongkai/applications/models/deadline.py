"""Years whose cached deadlines wait for a recompute after the calendar changed.

A change to the holiday table (an import, an admin edit, an unloaded year) marks its years here,
in the change's own transaction; ``gongkai recompute_deadlines`` (run by cron, and by ``gongkai
remind`` before it reminds) recomputes the open applications whose deadline runs through a
marked year and removes the marks it has dealt with.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StaleDeadlineYear(models.Model):
    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    # The latest change to the year; a change made during a recompute keeps the mark.
    marked_at = models.DateTimeField(_("日历修改时间"), default=timezone.now)

    class Meta:
        verbose_name = _("待重算期限的年份")
        verbose_name_plural = _("待重算期限的年份")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)
