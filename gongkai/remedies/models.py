"""The case register: one ``Case`` per 行政复议 or 行政诉讼 over the agency's disclosure work, and
its append-only history (``CaseEvent``).

A case is *open* (尚未审结) until it has a decision: ``decided_on`` and ``result`` are set together
or not at all, and a decision is never dated before the filing — the database refuses either
(table 四 counts a case by those two fields, so a half-entered decision would be miscounted).
A decision entered wrongly is corrected by reopening the case, which is an event, never an edit.

``application`` links the case to the application it arose from, always one of the same agency
(the services check it: a CHECK constraint cannot look into another table). A case from before
the platform, or one about 主动公开 with no application, leaves it empty; ``application_reference``
then says in words what the case was about (e.g. the old ledger's number).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.applications.models import Application
from gongkai.core.models import AppendOnlyEvent


class Stream(models.TextChoices):
    """The three streams of table 四 (DOMAIN.md §1.5), each counted in five columns."""

    REVIEW = "review", _("行政复议")
    DIRECT = "direct", _("行政诉讼·未经复议直接起诉")
    AFTER_REVIEW = "after_review", _("行政诉讼·复议后起诉")


class Result(models.TextChoices):
    """The outcome of a decided case, as table 四 sorts it (blank while the case is open)."""

    UPHELD = "upheld", _("维持")
    CORRECTED = "corrected", _("纠正")
    OTHER = "other", _("其他")


class CaseState(models.TextChoices):
    """Not stored: a case is decided exactly when it has ``decided_on`` (see ``Case.state``)."""

    OPEN = "open", _("尚未审结")
    DECIDED = "decided", _("已审结")


class Case(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name=_("机关"), on_delete=models.PROTECT, related_name="remedy_cases"
    )
    application = models.ForeignKey(
        Application,
        verbose_name=_("关联申请"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="remedy_cases",
    )
    application_reference = models.CharField(_("申请情况（平台外）"), max_length=200, blank=True)
    stream = models.CharField(_("类别"), max_length=20, choices=Stream.choices)
    number = models.CharField(_("案号"), max_length=100, blank=True)
    filed_on = models.DateField(_("立案日期"))
    decided_on = models.DateField(_("审结日期"), null=True, blank=True)
    body = models.CharField(_("复议机关/审理法院"), max_length=200)
    challenged = models.TextField(_("复议/诉讼事项"))
    result = models.CharField(_("结果"), max_length=20, choices=Result.choices, blank=True)
    note = models.TextField(_("备注"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("复议诉讼案件")
        verbose_name_plural = _("复议诉讼案件")
        ordering = ["-filed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stream__in=Stream.values), name="remedies_case_stream_known"
            ),
            # Table 四 counts a decided case in its result's column and an open one as pending:
            # a result without a date, or a date without a result, would be counted wrongly.
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True, result="")
                | Q(decided_on__isnull=False, result__in=Result.values),
                name="remedies_case_result_iff_decided",
                violation_error_message=_(
                    "审结的案件须同时有审结日期和结果，未审结的案件两者都不填"
                ),
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("filed_on")),
                name="remedies_case_decided_after_filed",
                violation_error_message=_("审结日期不能早于立案日期"),
            ),
            # The same 案号 entered twice is the same case entered twice.
            models.UniqueConstraint(
                fields=["agency", "number"],
                condition=~Q(number=""),
                name="remedies_case_unique_number",
            ),
        ]
        indexes = [
            # Table 四 for one agency-year: a range on filed_on, a filter on decided_on, then the
            # stream and result it groups and counts by — all read from the index.
            models.Index(
                fields=["agency", "filed_on", "decided_on", "stream", "result"],
                name="remedies_case_report_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.number or f"{self.get_stream_display()} {self.filed_on.isoformat()}"

    @property
    def state(self) -> str:
        return CaseState.DECIDED if self.decided_on else CaseState.OPEN

    @property
    def is_open(self) -> bool:
        return self.decided_on is None

    def state_label(self) -> str:
        return str(CaseState(self.state).label)


class EventKind(models.TextChoices):
    REGISTERED = "registered", _("登记")
    UPDATED = "updated", _("修改")
    DECIDED = "decided", _("登记审结")
    REOPENED = "reopened", _("更正审结登记（恢复为尚未审结）")
    IMPORTED = "imported", _("从文件导入")


class CaseEvent(AppendOnlyEvent):
    """One change of a case: who, when, and the fields before and after it (``before`` and
    ``after`` hold only the fields that changed, as JSON: dates ISO, the application its pk)."""

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="events", verbose_name=_("案件")
    )
    kind = models.CharField(_("事项"), max_length=20, choices=EventKind.choices)
    before = models.JSONField(_("修改前"), default=dict, blank=True)
    after = models.JSONField(_("修改后"), default=dict, blank=True)

    class Meta:
        verbose_name = _("复议诉讼案件记录")
        verbose_name_plural = _("复议诉讼案件记录")
        ordering = ["case", "at", "pk"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.kind not in EventKind.values:
            raise ValueError(_("未声明的记录事项“%(kind)s”") % {"kind": self.kind})
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return f"{self.on} {self.kind}"
