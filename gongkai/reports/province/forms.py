"""The provincial office's upload of an agency's published report (an agency not on the platform).

Field names are those ``annual_report_import``'s DomainError names (``file``, ``published_on``,
``year``), so a refusal lands on the field it is about; ``agency`` offers only the agencies the
office may upload for (``offices.uploadable_agencies``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.core.forms import NamedErrorsMixin, date_input
from gongkai.reports.annual.imports import MAX_FILE_BYTES


class AgencyChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Agency) -> str:
        return f"{obj.name}（{obj.code}）"


class UploadForm(NamedErrorsMixin, forms.Form):
    agency = AgencyChoice(label=_("机关"), queryset=Agency.objects.none(), to_field_name="code")
    file = forms.FileField(
        label=_("年度报告文件"),
        help_text=_(
            "该机关已公开的年度报告：文本、网页（HTML）、Word（.docx）、PDF、Excel、JSON、CSV"
        ),
    )
    published_on = forms.DateField(
        label=_("公开日期"),
        widget=date_input(),
        help_text=_("该机关公开这份报告的日期，据此判断是否逾期（《条例》第四十九条）"),
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("文件超过 %(mb)d MB，不像是一份年度报告") % {"mb": MAX_FILE_BYTES // 2**20}
            )
        return upload
