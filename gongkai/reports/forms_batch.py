"""The public checker's archive upload: a ZIP of reports, refused with the limit it passes.

The limits are checked on the sizes the archive declares before anything is inflated (the
engine's batch.archive, which enforces them again while inflating). They are far below the
command line's: the web process checks the reports itself, within one request.
"""

from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.documents.sizes import human_size

from .engine.batch.archive import (
    COMPRESSED,
    DECLARED,
    MEMBERS,
    Archive,
    ArchiveError,
    ArchiveLimitError,
    ArchiveLimits,
)

# Files in one archive, and their size once inflated, all together.
MAX_MEMBERS = 100
MAX_UNPACKED_BYTES = 100 * 1024 * 1024


def archive_limits() -> ArchiveLimits:
    """The page's limits; the archive as stored may be as large as any upload."""
    return ArchiveLimits(
        members=MAX_MEMBERS,
        compressed=settings.GONGKAI_UPLOAD_MAX_BYTES,
        unpacked=MAX_UNPACKED_BYTES,
    )


def limit_message(error: ArchiveLimitError) -> str:
    """The limit passed, in the user's language, with the figures."""
    figures = {"found": error.found, "allowed": error.allowed}
    if error.limit == MEMBERS:
        return _("压缩包内文件过多：共 %(found)s 个，上限为 %(allowed)s 个") % figures
    sizes = {"found": human_size(error.found), "allowed": human_size(error.allowed)}
    if error.limit == COMPRESSED:
        return _("压缩包过大：压缩后共 %(found)s，上限为 %(allowed)s") % sizes
    if error.limit == DECLARED:
        return (
            _(
                "压缩包内的文件解压后超过其声明的大小（%(allowed)s），"
                "压缩包已损坏或被刻意构造，已停止解压"
            )
            % sizes
        )
    if error.while_inflating:
        return _("压缩包解压后超过上限 %(allowed)s（实际内容比压缩包声明的大），已停止解压") % sizes
    return _("压缩包解压后过大：共 %(found)s，上限为 %(allowed)s") % sizes


class ReportArchiveForm(forms.Form):
    archive = forms.FileField(
        label=gettext_lazy("年度报告压缩包（ZIP）"),
        help_text=gettext_lazy(
            "把多份年度报告（文本、网页、Word、PDF、Excel、JSON、CSV）打包为一个 .zip 上传，"
            "逐份检查并汇总。"
        ),
        error_messages={
            "required": gettext_lazy("请选择要检查的压缩包"),
            "empty": gettext_lazy("上传的文件是空的"),
        },
    )

    def clean_archive(self) -> Archive:
        upload = self.cleaned_data["archive"]
        suffix = PurePath(upload.name or "").suffix.lower()
        if suffix != ".zip":
            raise forms.ValidationError(
                _("请上传 .zip 压缩包（收到的是“%(suffix)s”文件）")
                % {"suffix": suffix or _("无扩展名")},
                code="suffix",
            )
        limits = archive_limits()
        if upload.size > limits.compressed:
            sizes = {"found": human_size(upload.size), "allowed": human_size(limits.compressed)}
            raise forms.ValidationError(
                _("压缩包过大（%(found)s），上限为 %(allowed)s") % sizes, code=COMPRESSED
            )
        try:
            archive = Archive(upload, limits)
        except ArchiveLimitError as exc:
            raise forms.ValidationError(limit_message(exc), code=exc.limit) from None
        except ArchiveError:
            raise forms.ValidationError(
                _("不是有效的 ZIP 压缩包，或压缩包已损坏"), code="invalid"
            ) from None
        if not archive.members:
            archive.close()
            raise forms.ValidationError(_("压缩包中没有文件"), code="empty")
        return archive
