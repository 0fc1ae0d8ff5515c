"""Forms of the staff's 主动公开 screens. Field names are the services' keywords, so that a
refusal's ``DomainError.field`` lands beside the field the user typed (NamedErrorsMixin names
the field in every message)."""

from __future__ import annotations

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency, Department
from gongkai.core.forms import NamedErrorsMixin, date_input
from gongkai.publishing import workflow
from gongkai.publishing.attachments import attachment_max_bytes
from gongkai.publishing.models import Category, EventKind, Item, State
from gongkai.publishing.selectors import replaceable_items
from gongkai.publishing.services.content import CONTENT_FIELDS

_DATES = ("written_on", "formed_on", "effective_on", "validity_changed_on")


class ItemForm(NamedErrorsMixin, forms.ModelForm):
    """Every content field of an item (and, for a new one, its department)."""

    class Meta:
        model = Item
        fields = (*CONTENT_FIELDS, "department")
        widgets = {
            **{name: date_input() for name in _DATES},
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 14}),
        }
        help_texts = {
            "formed_on": _(
                "自该日起 20 个工作日内应予公开（《条例》第二十六条）；信息变更的，填写变更之日"
            ),
            "body": _(
                "可直接粘贴文字，也可使用 HTML（段落、标题、列表、表格、链接等）；"
                "保存时会清除脚本和不安全的标记"
            ),
            "issuer": _("默认为本机关名称"),
            "validity": _("仅规章和规范性文件填写"),
            "validity_changed_on": _("效力状态为“已修改”或“废止”时填写"),
            "replaces": _("本文件修改或替代的本机关规章、规范性文件"),
            "department": _("由该处室负责人进行第一道审核"),
        }

    def __init__(self, *args, agency: Agency, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.agency = agency
        self.fields["category"].queryset = Category.objects.filter(agency=agency)
        self.fields["replaces"].queryset = replaceable_items(agency.pk, self.instance)
        self.fields["department"].queryset = Department.objects.filter(agency=agency)
        if self.instance.pk:  # the department is chosen once, when the item is made
            del self.fields["department"]
        else:
            self.fields["issuer"].initial = agency.name

    def _post_clean(self) -> None:
        # The services check and save (item_create, item_update); the model is not written here.
        pass

    def content(self) -> dict:
        return {name: self.cleaned_data[name] for name in CONTENT_FIELDS}


class AttachmentForm(NamedErrorsMixin, forms.Form):
    attachment = forms.FileField(label=_("附件"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachment"].help_text = _(
            "PDF、DOCX、XLSX、JPEG 或 PNG 文件，不超过 %(size)s；按文件内容检查类型"
        ) % {"size": filesizeformat(attachment_max_bytes())}


_REASON_LABELS = {
    EventKind.SEND_BACK: _("退回原因"),
    EventKind.REVISE: _("修订原因"),
    EventKind.WITHDRAW: _("撤回原因"),
}
_REASON_HELP = {
    EventKind.SEND_BACK: _("拟稿人将看到此原因"),
    EventKind.REVISE: _("将记入新公开版本的修订说明"),
    EventKind.WITHDRAW: _("公开页面将显示撤回原因"),
}


class StepForm(NamedErrorsMixin, forms.Form):
    """One step of the chain: a reason where the step needs one; at the confidentiality
    review, the reason for publishing despite the personal-information findings."""

    def __init__(self, *args, key: str, **kwargs) -> None:
        self.key = key
        super().__init__(*args, prefix=key, **kwargs)
        if key in workflow.NEEDS_REASON:
            self.fields["reason"] = forms.CharField(
                label=_REASON_LABELS[EventKind(key)],
                help_text=_REASON_HELP[EventKind(key)],
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        if key == EventKind.PUBLISH:
            self.fields["override_reason"] = forms.CharField(
                label=_("确认公开的理由"),
                required=False,
                help_text=_(
                    "发现疑似个人信息时必填：说明为何可以公开（例如已征得本人同意、"
                    "属于依法应当公开的信息）；将记入审核记录"
                ),
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        # Labels set after the mixin named the messages: name them again.
        for field in self.fields.values():
            field.error_messages["required"] = _("请填写%(label)s") % {"label": field.label}

    def service_kwargs(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in ("reason", "override_reason")}


class ItemFilterForm(NamedErrorsMixin, forms.Form):
    state = forms.ChoiceField(label=_("状态"), required=False)
    category = forms.ModelChoiceField(
        label=_("目录类别"), queryset=Category.objects.none(), required=False
    )
    year = forms.IntegerField(
        label=_("年度"),
        required=False,
        min_value=1990,
        max_value=2999,
        help_text=_("按发布日期；未公开的按形成或变更日期"),
    )

    def __init__(self, *args, agency: Agency, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [
            ("", _("全部")),
            ("pending", _("未公开（草稿和审核中）")),
            *State.choices,
        ]
        self.fields["category"].queryset = Category.objects.filter(agency=agency)


class CategoryForm(NamedErrorsMixin, forms.Form):
    name = forms.CharField(label=_("类别名称"), max_length=100)
    code = forms.CharField(
        label=_("类别代码"),
        max_length=40,
        help_text=_("小写字母、数字和连字符，用于门户网站的网址；添加后不再修改"),
    )
    parent = forms.ModelChoiceField(
        label=_("上级类别"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("（无，作为一级类别）"),
    )
    basis = forms.CharField(
        label=_("依据"),
        max_length=100,
        required=False,
        help_text=_("公开指南中显示，例如 《条例》第二十条第（一）项"),
    )
    position = forms.IntegerField(
        label=_("排序"), min_value=0, max_value=1_000_000, help_text=_("数字小的排在前面")
    )

    def __init__(self, *args, agency: Agency, editing: Category | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        categories = Category.objects.filter(agency=agency)
        if editing is None:
            del self.fields["position"]
        else:
            del self.fields["code"]
            categories = categories.exclude(pk=editing.pk)
        self.fields["parent"].queryset = categories
