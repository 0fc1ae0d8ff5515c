"""An application for disclosure: who asked, for what, how it arrived, and where it stands.

The applicant is recorded on the application as they gave it at the time (a snapshot): that is
what the reply answers and what the report counts. ``report_column`` is the table 三 column the
applicant falls in, kept as a column so that the report is one grouped scan.

``due_on`` and its companions are a cache of the deadline derived from the clock events
(services.deadlines); nothing writes them by hand.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency, Department
from gongkai.applications.models.choices import (
    ApplicantKind,
    Channel,
    Delivery,
    FormWanted,
    IdType,
    OrgKind,
    State,
)


class Application(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name=_("机关"), on_delete=models.PROTECT, related_name="applications"
    )
    number = models.CharField(_("申请编号"), max_length=30)
    # Shown once to the applicant; with their phone or ID number it opens the application.
    query_code = models.CharField(_("查询码"), max_length=20, unique=True)
    # Set by the submitting form; a second submission with the same key returns the first.
    submission_key = models.CharField(max_length=64, unique=True, null=True, blank=True)
    channel = models.CharField(_("申请方式"), max_length=20, choices=Channel.choices)

    applicant_kind = models.CharField(_("申请人类型"), max_length=20, choices=ApplicantKind.choices)
    applicant_name = models.CharField(_("姓名或名称"), max_length=200)
    id_type = models.CharField(_("证件类型"), max_length=20, choices=IdType.choices, blank=True)
    id_number = models.CharField(_("证件号码"), max_length=40, blank=True)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    org_kind = models.CharField(_("组织类型"), max_length=20, choices=OrgKind.choices, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=100, blank=True)
    phone = models.CharField(_("联系电话"), max_length=40)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("通信地址"), max_length=300, blank=True)
    report_column = models.CharField(max_length=20, editable=False)

    info_name = models.CharField(_("所需信息名称"), max_length=300)
    doc_number = models.CharField(_("文号"), max_length=100, blank=True)
    description = models.TextField(_("所需信息的特征性描述"), blank=True)
    form_wanted = models.CharField(_("获取信息的形式"), max_length=20, choices=FormWanted.choices)
    delivery = models.CharField(_("获取信息的方式"), max_length=20, choices=Delivery.choices)

    state = models.CharField(_("状态"), max_length=20, choices=State.choices)
    submitted_at = models.DateTimeField(_("提交时间"))
    # Art. 31: the day the agency counts as having received it, and who confirmed that day.
    received_on = models.DateField(_("收到申请日期"), null=True, blank=True)
    received_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.ForeignKey(
        Department, verbose_name=_("承办处室"), null=True, blank=True, on_delete=models.PROTECT
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome = models.CharField(_("答复结果"), max_length=40, blank=True)
    reply_text = models.TextField(_("答复内容"), blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("拟稿人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)

    due_on = models.DateField(_("答复期限"), null=True, blank=True, editable=False)
    due_provisional = models.BooleanField(_("期限为暂定"), default=False, editable=False)
    due_explanation = models.TextField(_("期限说明"), blank=True, editable=False)

    class Meta:
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "number"], name="application_unique_number"),
            # The report counts every closed application in its outcome's row, in its closing
            # year, and as open from its receipt: both dates and the outcome must agree.
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | (
                    models.Q(received_on__isnull=False, closed_on__gte=models.F("received_on"))
                    & ~models.Q(outcome="")
                ),
                name="application_closed_after_receipt_with_outcome",
                violation_error_message="办结的申请须有收到日期和答复结果，且办结日期不早于收到日期",
            ),
        ]
        indexes = [
            # Table 三 for one agency-year scans one agency's rows by receipt and closing date.
            models.Index(
                fields=["agency", "received_on", "closed_on", "report_column", "outcome"],
                name="application_report_idx",
            ),
            models.Index(fields=["agency", "state", "due_on"], name="application_workload_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.info_name}"

    def save(self, *args, **kwargs) -> None:
        self.report_column = self.column_for(self.applicant_kind, self.org_kind)
        super().save(*args, **kwargs)

    @staticmethod
    def column_for(applicant_kind: str, org_kind: str) -> str:
        """The table 三 column key: 自然人, or the organisation's kind."""
        if applicant_kind == ApplicantKind.PERSON:
            return "natural_person"
        return org_kind or OrgKind.OTHER

    @property
    def is_pending(self) -> bool:
        """Not yet answered: no reply served and not otherwise ended; the clock runs."""
        return self.closed_on is None
