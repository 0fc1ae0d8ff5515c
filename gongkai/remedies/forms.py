"""The forms of the case register: a case, its decision, the correction of a decision, the
filter of the list and the import upload. Every error names its field (core.forms)."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.agencies.models import Agency
from gongkai.applications.ledger.reading import ACCEPTED
from gongkai.applications.models import Application
from gongkai.core.forms import NamedErrorsMixin, date_input
from gongkai.documents.sizes import human_size
from gongkai.remedies.models import Case, Result, Stream
from gongkai.remedies.services.rules import REGISTERED_FIELDS


def _label(name: str) -> str:
    return Case._meta.get_field(name).verbose_name


class CaseForm(NamedErrorsMixin, forms.Form):
    """What is registered about a case. ``application`` is typed as the application's number
    (an agency has thousands; a drop-down of them would be no use) and read as the application."""

    stream = forms.ChoiceField(label=_label("stream"), choices=Stream.choices)
    number = forms.CharField(label=_label("number"), required=False, max_length=100)
    filed_on = forms.DateField(label=_label("filed_on"), widget=date_input())
    body = forms.CharField(label=_label("body"), max_length=200)
    challenged = forms.CharField(
        label=_label("challenged"), widget=forms.Textarea(attrs={"rows": 3})
    )
    application = forms.CharField(
        label=gettext_lazy("关联申请编号"),
        required=False,
        max_length=30,
        help_text=gettext_lazy("本平台上的申请编号，如 2025-00012；案件的页面会链接到该申请"),
    )
    application_reference = forms.CharField(
        label=_label("application_reference"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("平台上线前的申请，或与申请无关的案件，用文字说明"),
    )
    note = forms.CharField(
        label=_label("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agency = agency

    @classmethod
    def initial_for(cls, case: Case) -> dict[str, Any]:
        initial = {name: getattr(case, name) for name in REGISTERED_FIELDS}
        initial["application"] = case.application.number if case.application else ""
        return initial

    def clean_application(self) -> Application | None:
        number = self.cleaned_data["application"].strip()
        if not number:
            return None
        found = Application.objects.filter(agency=self.agency, number=number).first()
        if found is None:
            raise forms.ValidationError(
                _("关联申请编号：本机关没有编号为“%(number)s”的申请") % {"number": number}
            )
        return found


class DecideForm(NamedErrorsMixin, forms.Form):
    decided_on = forms.DateField(label=_label("decided_on"), widget=date_input())
    result = forms.ChoiceField(
        label=_label("result"), choices=Result.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=gettext_lazy("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReopenForm(NamedErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("更正原因"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("审结情况登记有误时使用：案件恢复为尚未审结，再重新登记审结"),
    )


class CaseFilterForm(forms.Form):
    stream = forms.ChoiceField(
        label=gettext_lazy("类别"),
        required=False,
        choices=[("", gettext_lazy("全部类别")), *Stream.choices],
    )
    status = forms.ChoiceField(
        label=gettext_lazy("状态"),
        required=False,
        choices=[
            ("", gettext_lazy("全部")),
            ("open", gettext_lazy("尚未审结")),
            ("decided", gettext_lazy("已审结")),
        ],
    )
    year = forms.IntegerField(
        label=gettext_lazy("立案年度"), required=False, min_value=1990, max_value=2100
    )


class ImportForm(NamedErrorsMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("案件登记文件"),
        help_text=gettext_lazy(
            "Excel（.xlsx，读取第一个工作表）或 CSV（UTF-8 或 GBK 编码）；表头为第一行。"
        ),
    )

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        suffix = PurePath(upload.name or "").suffix.lower()
        if suffix not in ACCEPTED:
            raise forms.ValidationError(
                _("案件登记文件：只能导入 XLSX 或 CSV 文件，收到的是“%(suffix)s”文件")
                % {"suffix": suffix or _("无扩展名")}
            )
        limit = settings.GONGKAI_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("案件登记文件过大（%(size)s），上限为 %(limit)s")
                % {"size": human_size(upload.size), "limit": human_size(limit)}
            )
        return upload
