"""Files that belong to an application: the applicant's proof of identity or authorisation letter
(Art. 29), and the information given with the reply when it is served.

The content is kept in the storage under its SHA-256 (gongkai.core.stored_files), like the
notices, and backed up with the database by ``gongkai backup``; it is never served from the
storage, only through the permission-checked views. ``sha256`` proves later that the file is the
one given. A file is never changed after it is stored.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.applications.models.application import Application
from gongkai.applications.models.event import ApplicationEvent
from gongkai.core.stored_files import NAME_MAX_LENGTH, stored_read


class FilePurpose(models.TextChoices):
    IDENTITY_PROOF = "identity_proof", _("身份证明")
    AUTHORISATION = "authorisation", _("授权委托书")
    INFORMATION = "information", _("提供的政府信息")


class ApplicationFile(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="files", verbose_name=_("申请")
    )
    purpose = models.CharField(_("用途"), max_length=20, choices=FilePurpose.choices)
    # The serve step a file of information was given with; empty for the applicant's own files.
    event = models.ForeignKey(
        ApplicationEvent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="files",
        verbose_name=_("办理记录"),
    )
    name = models.CharField(_("文件名"), max_length=200)
    media_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    file = models.FileField(_("文件"), max_length=NAME_MAX_LENGTH)
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    # None: the applicant uploaded it with the online form.
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("申请附件")
        verbose_name_plural = _("申请附件")
        ordering = ["application", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()}：{self.name}"

    @property
    def content(self) -> bytes:
        """The file's bytes, read from the storage."""
        return stored_read(self.file)
