"""The public checker's upload form: which files it takes and how large, saying so when refused."""

from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.conf import settings

# What a published report comes as, and what Gongkai writes (so a download can be re-checked).
ACCEPTED = {
    ".txt": "文本",
    ".htm": "网页",
    ".html": "网页",
    ".docx": "Word",
    ".pdf": "PDF",
    ".xlsx": "Excel",
    ".json": "JSON",
    ".csv": "CSV",
}


class ReportUploadForm(forms.Form):
    file = forms.FileField(
        label="年度报告文件",
        help_text="支持文本、网页（HTML）、Word（.docx）、PDF，以及 Excel、JSON、CSV。",
        error_messages={"required": "请选择要检查的年度报告文件", "empty": "上传的文件是空的"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = PurePath(upload.name or "").suffix.lower()
        if suffix not in ACCEPTED:
            kinds = "、".join(sorted(ACCEPTED))
            raise forms.ValidationError(f"不支持“{suffix or '无扩展名'}”文件；请上传 {kinds} 文件")
        limit = settings.GONGKAI_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(f"文件过大（{_mib(upload.size)}），上限为 {_mib(limit)}")
        return upload


def _mib(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"
