"""Forms that find applications: the applicant's lookup, and the staff list's filters."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet

from gongkai.agencies.models import Agency
from gongkai.applications.forms.base import NamedErrorsMixin
from gongkai.applications.models import State


class TrackForm(NamedErrorsMixin, forms.Form):
    query_code = forms.CharField(
        label="查询码",
        max_length=20,
        help_text="提交申请后页面上显示的查询码，例如 ABCD-EFGH-JKMN",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    proof = forms.CharField(
        label="联系电话或证件号码",
        max_length=40,
        help_text="申请时填写的联系电话、身份证件号码或统一社会信用代码",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
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
