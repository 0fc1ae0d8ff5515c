"""The forms of the annual report's staff pages: open a year, write the narrative, acknowledge a
warning, take a step of the review chain, import a report published elsewhere.

Field names are those the services' DomainError names (``section_一``, ``finding``, ``reason``,
``file``, ``published_on``, ``year``), so a refusal lands on the field it is about.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core.forms import NamedErrorsMixin, date_input
from gongkai.reports.annual import workflow
from gongkai.reports.annual.imports import MAX_FILE_BYTES
from gongkai.reports.annual.services import SECTION_MAX_CHARS
from gongkai.reports.engine.editions import NARRATIVE_SECTIONS, SECTION_TITLES
from gongkai.reports.models import ReportEventKind

_REASON_LABELS = {
    ReportEventKind.SEND_BACK: _("退回原因"),
    ReportEventKind.CORRECT: _("更正原因"),
}
_REASON_HELP = {
    ReportEventKind.SEND_BACK: _("承办人将看到此原因"),
    ReportEventKind.CORRECT: _("将作为新版本的更正说明公开"),
}


def section_field(number: str) -> str:
    return f"section_{number}"


class OpenForm(NamedErrorsMixin, forms.Form):
    year = forms.IntegerField(label=_("报告年度"), widget=forms.HiddenInput)


class NarrativeForm(NamedErrorsMixin, forms.Form):
    """Sections 一、五、六; their headings are the official ones (data, not translated)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        help_text = _("最多 %(max)d 字") % {"max": SECTION_MAX_CHARS}
        for number in NARRATIVE_SECTIONS:
            self.fields[section_field(number)] = forms.CharField(
                label=f"{number}、{SECTION_TITLES[number]}",
                required=False,
                strip=False,
                help_text=help_text,
                widget=forms.Textarea(attrs={"rows": 10}),
            )
        for field in self.fields.values():  # labels set after the mixin named the messages
            field.error_messages["required"] = _("请填写%(label)s") % {"label": field.label}

    @classmethod
    def of(cls, sections: dict[str, str]) -> NarrativeForm:
        return cls(initial={section_field(n): sections.get(n, "") for n in NARRATIVE_SECTIONS})

    def sections(self) -> dict[str, str]:
        return {n: self.cleaned_data.get(section_field(n)) or "" for n in NARRATIVE_SECTIONS}


class AcknowledgeForm(NamedErrorsMixin, forms.Form):
    finding = forms.CharField(label=_("检查提示"), widget=forms.HiddenInput, max_length=2000)
    reason = forms.CharField(
        label=_("说明理由"),
        required=False,
        max_length=2000,
        help_text=_("说明这条提示为何不影响报告的准确性；清空后保存即撤回说明"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class StepForm(NamedErrorsMixin, forms.Form):
    """One step of the review chain: a reason where the step needs one."""

    def __init__(self, *args: Any, key: str, **kwargs: Any) -> None:
        self.key = key
        super().__init__(*args, prefix=key, **kwargs)
        if key in workflow.NEEDS_REASON:
            kind = ReportEventKind(key)
            self.fields["reason"] = forms.CharField(
                label=_REASON_LABELS[kind],
                help_text=_REASON_HELP[kind],
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields["reason"].error_messages["required"] = _("请填写%(label)s") % {
                "label": _REASON_LABELS[kind]
            }

    def reason(self) -> str:
        return self.cleaned_data.get("reason") or ""


class ImportForm(NamedErrorsMixin, forms.Form):
    file = forms.FileField(
        label=_("年度报告文件"),
        help_text=_("已在其他网站公开的往年报告：文本、网页（HTML）、Word（.docx）、PDF、Excel 等"),
    )
    published_on = forms.DateField(label=_("公开日期"), widget=date_input())
    year = forms.IntegerField(
        label=_("报告年度"),
        required=False,
        min_value=1990,
        max_value=2999,
        help_text=_("不填写时从文件中读出"),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("文件超过 %(mb)d MB，不像是一份年度报告") % {"mb": MAX_FILE_BYTES // 2**20}
            )
        return upload
