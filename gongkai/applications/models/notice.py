"""Notices (告知书): an agency's editable wording, and the frozen documents sent out.

``NoticeTemplate`` holds the wording an agency may change (salutation, body, contact lines); the
legal paragraphs are data (notices/kinds.py) and are always appended. A row with no agency is the
platform's default; with neither, the defaults declared in kinds.py apply.

``Notice`` is what was issued: the full text and the DOCX and PDF as sent (kept in the storage
under their SHA-256, gongkai.core.stored_files), with the SHA-256 of each. It is frozen once
written — no later change of a template or of the application reaches it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.applications import outcomes
from gongkai.applications.models.application import Application
from gongkai.applications.models.event import ApplicationEvent
from gongkai.applications.notices import kinds
from gongkai.applications.notices.placeholders import template_problems
from gongkai.core.stored_files import NAME_MAX_LENGTH, stored_read


def _outcome_choices() -> list[tuple[str, str]]:
    return [(o.key, o.label) for o in outcomes.OUTCOMES.values()]


class NoticeTemplate(models.Model):
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("机关"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notice_templates",
        help_text=_("留空为平台默认模板"),
    )
    kind = models.CharField(_("告知书类型"), max_length=20, choices=kinds.choices())
    outcome = models.CharField(
        _("处理结果"),
        max_length=40,
        blank=True,
        choices=_outcome_choices(),
        help_text=_("仅答复告知书可按处理结果分别设置；留空适用于所有处理结果"),
    )
    body = models.TextField(
        _("正文"),
        help_text=_(
            "第一行为称呼（如 {applicant_name}：），其后每行一段。可用 {占位符}；"
            "法律依据和救济途径由系统自动附加，不能写在这里。"
        ),
    )
    closing = models.TextField(
        _("联系信息"), blank=True, help_text=_("附在法律段落之后、落款之前；留空使用默认联系信息")
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("告知书模板")
        verbose_name_plural = _("告知书模板")
        ordering = ["agency", "kind", "outcome"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "kind", "outcome"],
                condition=Q(agency__isnull=False),
                name="notice_template_unique_per_agency",
            ),
            models.UniqueConstraint(
                fields=["kind", "outcome"],
                condition=Q(agency__isnull=True),
                name="notice_template_unique_default",
            ),
        ]

    def __str__(self) -> str:
        owner = self.agency.name if self.agency_id else _("平台默认")
        return f"{owner} · {kinds.title_for(self.kind, self.outcome)}"

    def clean(self) -> None:
        if problems := template_problems(self.kind, self.outcome, self.body, self.closing):
            raise ValidationError(problems)

    def save(self, *args, **kwargs) -> None:
        # Checked here too, not only in forms: a template saved by a script must be usable.
        self.clean()
        super().save(*args, **kwargs)


class Notice(models.Model):
    application = models.ForeignKey(
        Application, verbose_name=_("申请"), on_delete=models.PROTECT, related_name="notices"
    )
    # The workflow step that issued it; one notice per step, so issuing twice finds the first.
    event = models.OneToOneField(
        ApplicationEvent,
        verbose_name=_("办理记录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notice",
    )
    agency = models.ForeignKey(Agency, verbose_name=_("机关"), on_delete=models.PROTECT)
    kind = models.CharField(_("告知书类型"), max_length=20, choices=kinds.choices())
    outcome = models.CharField(_("处理结果"), max_length=40, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    sequence = models.PositiveIntegerField(_("序号"))
    # Unique within the agency: two agencies may well use the same 文号 pattern.
    number = models.CharField(_("文号"), max_length=80)
    title = models.CharField(_("标题"), max_length=100)
    addressee = models.CharField(_("收件人"), max_length=300)
    issued_on = models.DateField(_("告知日期"))
    issued_at = models.DateTimeField(_("生成时间"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    template_source = models.CharField(_("所用模板"), max_length=200)
    text = models.TextField(_("全文"))
    # Empty once the personal information is purged (applications.retention).
    docx_file = models.FileField(_("Word 文档"), max_length=NAME_MAX_LENGTH, blank=True)
    pdf_file = models.FileField(_("PDF 文档"), max_length=NAME_MAX_LENGTH, blank=True)
    sha256 = models.CharField(_("PDF 的 SHA-256"), max_length=64)
    docx_sha256 = models.CharField(_("Word 文档的 SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("告知书")
        verbose_name_plural = _("告知书")
        ordering = ["application", "issued_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "sequence"], name="notice_unique_sequence"
            ),
            models.UniqueConstraint(fields=["agency", "number"], name="notice_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def docx(self) -> bytes:
        return stored_read(self.docx_file)

    @property
    def pdf(self) -> bytes:
        return stored_read(self.pdf_file)

    @property
    def to_applicant(self) -> bool:
        return kinds.kind(self.kind).to_applicant

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("告知书已发出并冻结，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("告知书已发出并冻结，不能删除")
