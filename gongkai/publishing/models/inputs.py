"""The cells of table 二 the records cannot give (行政许可, 行政处罚, 收费, 采购 …), entered by the
office with who entered them, when and from what source. Entries are kept: the latest for a cell
is its value, the earlier ones its history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency


class Table2Input(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name=_("机关"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveIntegerField(_("报告年度"))
    # The cell as the edition names it (engine.editions.CellKey of section 二).
    block = models.CharField(_("项目"), max_length=40)
    row = models.CharField(_("信息内容"), max_length=100)
    column = models.CharField(_("栏目"), max_length=100)
    value = models.CharField(_("数值"), max_length=60)
    source = models.CharField(_("数据来源"), max_length=300)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("填报时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("表二填报数据")
        verbose_name_plural = _("表二填报数据")
        ordering = ["agency", "year", "block", "row", "column", "-entered_at", "-pk"]
        indexes = [models.Index(fields=["agency", "year"], name="table2_input_year_idx")]

    def __str__(self) -> str:
        return f"{self.year} {self.block} {self.row} {self.column}: {self.value}"
