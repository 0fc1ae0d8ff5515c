"""Forms that find applications: the applicant's lookup, and the staff list's filters."""

from __future__ import annotations

import string

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.applications.models import State
from gongkai.applications.query_codes import (
    normalise_query_code,
    query_code_problem,
    shown_char,
)
from gongkai.core.forms import NamedErrorsMixin
from gongkai.core.identity import fold_full_width

_PROOF_CHARS = frozenset(string.ascii_letters + string.digits + "()+-—–")


class TrackForm(NamedErrorsMixin, forms.Form):
    """Query code plus phone or ID number. ``cleaned_data["query_code"]`` is the stored form of
    the code (however it was typed); input that cannot be a code or a proof is a field error."""

    query_code = forms.CharField(
        label=_("查询码"),
        # Room for spaces, hyphens and full-width forms; the code itself is 12 characters.
        max_length=40,
        help_text=_("提交申请后页面上显示的查询码，例如 ABCD-EFGH-JKMN，大小写、连字符均可"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    proof = forms.CharField(
        label=_("联系电话或证件号码"),
        max_length=40,
        help_text=_("申请时填写的联系电话、身份证件号码或统一社会信用代码"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # Django's own message for a NUL byte does not say which field had it.
            message = gettext("{label}含有不允许的控制字符").format(label=field.label)
            field.validators = [
                ProhibitNullCharactersValidator(message=message)
                if isinstance(v, ProhibitNullCharactersValidator)
                else v
                for v in field.validators
            ]

    def clean_query_code(self) -> str:
        text = self.cleaned_data["query_code"]
        if problem := query_code_problem(text):
            raise forms.ValidationError(problem)
        return normalise_query_code(text)

    def clean_proof(self) -> str:
        text = self.cleaned_data["proof"]
        # A phone, an ID number or a credit code: letters, digits, spaces and a phone's
        # separators, in ASCII or full-width forms. Anything else is a typo, said as such.
        folded = fold_full_width(text)
        if bad := next((c for c in folded if not (c.isspace() or c in _PROOF_CHARS)), None):
            raise forms.ValidationError(
                gettext("{label}只能含有数字、字母和 - ( ) +，不能含有{char}").format(
                    label=self.fields["proof"].label, char=shown_char(bad)
                )
            )
        return text


class WithdrawForm(NamedErrorsMixin, forms.Form):
    """The applicant's confirmation of a withdrawal, with an optional reason."""

    reason = forms.CharField(
        label=_("撤回理由"),
        required=False,
        max_length=500,
        help_text=_("可不填写"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_("我确认撤回本申请，撤回后机关将不再办理"),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The mixin's "请填写…" does not fit a checkbox.
        self.fields["confirm"].error_messages["required"] = gettext(
            "请勾选“我确认撤回本申请”后再提交"
        )


class ApplicationFilterForm(NamedErrorsMixin, forms.Form):
    """The staff list's filters (GET); every one optional."""

    agency = forms.ModelChoiceField(
        label="机关", queryset=Agency.objects.none(), required=False, empty_label="全部机关"
    )
    state = forms.ChoiceField(label="状态", required=False, choices=[("", "全部状态")])
    year = forms.IntegerField(label="年度", required=False, min_value=2008, max_value=2100)
    q = forms.CharField(
        label="搜索",
        required=False,
        max_length=100,
        help_text="申请编号、申请人或所需信息名称",
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    def __init__(self, *args, agencies: QuerySet[Agency], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["state"].choices = [("", "全部状态"), ("open", "全部在办"), *State.choices]
