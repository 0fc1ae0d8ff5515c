"""The annual report of an agency for a year, its history, and its published versions.

``AnnualReport`` is the working copy: the narrative the office writes (一、五、六), the reasons it
gave for the checker's warnings, and the state of its review chain. The tables are never stored
on it: they are computed from the records each time (``reports.annual.assemble``) until the report
is published. Publishing freezes a ``ReportVersion`` — the cells in the engine's contract, the
text, the rendered HTML/DOCX/PDF with their SHA-256 — which later changes to the records never
alter (the database refuses UPDATE and DELETE on it, like on the events). A correction after
publication is version 2, visibly dated; version 1 stays readable.

Reports published before the platform (imported) and reports of agencies not on it (uploaded by
the provincial office) are an ``AnnualReport`` with one version holding the original file.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.core.models import AppendOnlyEvent
from gongkai.core.stored_files import NAME_MAX_LENGTH, stored_read


class ReportState(models.TextChoices):
    DRAFT = "draft", _("编制中")
    SUBMITTED = "submitted", _("待处室负责人审核")
    HEAD_APPROVED = "head_approved", _("待分管领导审核")
    LEADER_APPROVED = "leader_approved", _("待保密审查")
    PUBLISHED = "published", _("已公开")


class Origin(models.TextChoices):
    PLATFORM = "platform", _("平台编制")
    IMPORTED = "imported", _("导入的已公开报告")
    UPLOADED = "uploaded", _("省级公开办上传")


class AnnualReport(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name=_("机关"), on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField(_("报告年度"))
    origin = models.CharField(
        _("来源"), max_length=20, choices=Origin.choices, default=Origin.PLATFORM
    )
    state = models.CharField(
        _("状态"), max_length=20, choices=ReportState.choices, default=ReportState.DRAFT
    )
    # The narrative sections 一、五、六 as the office last saved them, keyed by section number.
    sections = models.JSONField(_("正文"), default=dict, blank=True)
    # The checker's warnings the office acknowledged: finding id (annual.gate) → the reason.
    acknowledgements = models.JSONField(_("已说明的提示"), default=dict, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("年度报告")
        verbose_name_plural = _("年度报告")
        ordering = ["agency", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="annual_report_agency_year")
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}"


# Each stored format of a version → the field naming its file.
FILE_FIELDS = {fmt: f"{fmt}_file" for fmt in ("html", "docx", "pdf", "source")}


class ReportVersion(models.Model):
    """One published version, frozen. Files are kept in the storage under their SHA-256
    (gongkai.core.stored_files), the row holding their names and digests: a file changed in the
    storage is refused when read."""

    report = models.ForeignKey(
        AnnualReport, verbose_name=_("年度报告"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("版本"))
    published_on = models.DateField(_("公开日期"))
    published_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("公开人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    correction_reason = models.TextField(_("更正说明"), blank=True)
    edition = models.CharField(_("格式版本"), max_length=4)
    # The report in the engine's cell contract (JSON): what the checker, R5 and the province read.
    contract = models.TextField(_("单元格"))
    findings = models.JSONField(_("检查结果"), default=list, blank=True)
    text = models.TextField(_("文本"), blank=True)
    html_file = models.FileField(_("HTML"), max_length=NAME_MAX_LENGTH, blank=True)
    docx_file = models.FileField(_("DOCX"), max_length=NAME_MAX_LENGTH, blank=True)
    pdf_file = models.FileField(_("PDF"), max_length=NAME_MAX_LENGTH, blank=True)
    sha256 = models.JSONField(_("SHA-256"), default=dict)  # format → hex digest
    # An imported or uploaded report: the file as it was published elsewhere.
    source_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    source_media_type = models.CharField(_("原文件类型"), max_length=120, blank=True)
    source_file = models.FileField(_("原文件"), max_length=NAME_MAX_LENGTH, blank=True)

    class Meta:
        verbose_name = _("年度报告版本")
        verbose_name_plural = _("年度报告版本")
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"

    def file(self, fmt: str) -> bytes:
        """The stored bytes of one format ("source" for an imported file); b"" when absent."""
        if fmt not in FILE_FIELDS:
            raise ValueError(f"not a stored format: {fmt!r}")
        return stored_read(getattr(self, FILE_FIELDS[fmt]))


class ReportEventKind(models.TextChoices):
    CREATE = "create", _("开始编制")
    EDIT = "edit", _("修改正文")
    ACKNOWLEDGE = "acknowledge", _("说明检查提示")
    SUBMIT = "submit", _("提交审核")
    HEAD_APPROVE = "head_approve", _("处室负责人审核通过")
    LEADER_APPROVE = "leader_approve", _("分管领导审核通过")
    PUBLISH = "publish", _("保密审查通过并公开")
    SEND_BACK = "send_back", _("退回修改")
    CORRECT = "correct", _("更正已公开报告")
    IMPORT = "import", _("导入已公开报告")
    UPLOAD = "upload", _("上传报告")


class ReportEvent(AppendOnlyEvent):
    report = models.ForeignKey(
        AnnualReport, on_delete=models.PROTECT, related_name="events", verbose_name=_("年度报告")
    )
    kind = models.CharField(_("事项"), max_length=20, choices=ReportEventKind.choices)

    class Meta:
        verbose_name = _("年度报告记录")
        verbose_name_plural = _("年度报告记录")
        ordering = ["report", "at", "pk"]

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        if self.kind not in ReportEventKind.values:
            raise ValueError(_("未声明的记录事项“%(kind)s”") % {"kind": self.kind})
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return f"{self.on} {self.kind}"
