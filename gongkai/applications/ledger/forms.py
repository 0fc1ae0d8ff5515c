"""The upload form: which agency, which file, and whether only to check it."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.db.models import QuerySet

from gongkai.agencies.models import Agency
from gongkai.applications.ledger.reading import ACCEPTED
from gongkai.documents.sizes import human_size


class LedgerImportForm(forms.Form):
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        to_field_name="code",
        label="导入到机关",
        empty_label=None,
        error_messages={
            "required": "请选择导入到哪个机关",
            "invalid_choice": "导入到机关：您不能向所选机关导入台账",
        },
    )
    file = forms.FileField(
        label="台账文件",
        help_text="Excel（.xlsx，读取第一个工作表）或 CSV（UTF-8 或 GBK 编码）；表头为第一行。",
        error_messages={"required": "请选择台账文件", "empty": "台账文件是空的"},
    )
    dry_run = forms.BooleanField(label="只检查，不导入", required=False)
    # Made when the form is shown: the same form posted twice (a double click, a browser
    # retry) imports once, and the second post gets the first one's result.
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, agencies: QuerySet[Agency], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["submission_key"].initial = str(uuid.uuid4())

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = PurePath(upload.name or "").suffix.lower()
        if suffix not in ACCEPTED:
            raise forms.ValidationError(
                f"台账文件：只能导入 XLSX 或 CSV 文件，收到的是“{suffix or '无扩展名'}”文件"
            )
        limit = settings.GONGKAI_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"台账文件过大（{human_size(upload.size)}），上限为 {human_size(limit)}"
            )
        return upload
