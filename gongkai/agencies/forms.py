"""Forms of the agency admin's pages; every error names its field (NamedErrorsMixin)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency, Department, Role
from gongkai.agencies.services import GRANTABLE_ROLES, SETTINGS_FIELDS
from gongkai.core.forms import NamedErrorsMixin

ROLE_CHOICES = [(role.value, role.label) for role in GRANTABLE_ROLES]


class RoleFields(NamedErrorsMixin, forms.Form):
    """A role and, for a department head, the department headed."""

    role = forms.ChoiceField(label=_("角色"), choices=ROLE_CHOICES)
    department = forms.ModelChoiceField(
        label=_("处室"),
        queryset=Department.objects.none(),
        required=False,
        help_text=_("仅处室负责人需要选择；一人负责多个处室的，逐个添加"),
    )

    def __init__(self, *args, agency: Agency, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(agency=agency)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("role") == Role.HEAD and not data.get("department"):
            self.add_error("department", _("处室：处室负责人须选择所负责的处室"))
        return data


class PersonAddForm(RoleFields):
    NEW, EXISTING = "new", "existing"

    mode = forms.ChoiceField(
        label=_("添加方式"),
        choices=[(NEW, _("新建账号")), (EXISTING, _("添加已有账号"))],
        widget=forms.RadioSelect,
        initial=NEW,
    )
    username = forms.CharField(label=_("登录名"), max_length=150)
    name = forms.CharField(label=_("姓名"), max_length=150, required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    password = forms.CharField(
        label=_("初始密码"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=True),
        help_text=_("新建账号时填写，请当面告知本人并提醒其登录后修改"),
    )
    field_order = ["mode", "username", "name", "email", "password", "role", "department"]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("mode") == self.NEW:
            if not (data.get("name") or "").strip():
                self.add_error("name", _("请填写姓名"))
            if not data.get("password"):
                self.add_error("password", _("请填写初始密码"))
        return data


class DepartmentForm(NamedErrorsMixin, forms.Form):
    name = forms.CharField(label=_("处室名称"), max_length=200)


class AgencySettingsForm(NamedErrorsMixin, forms.ModelForm):
    # The page's sections: (legend, the fields in it), every field of SETTINGS_FIELDS once.
    GROUPS = (
        (
            _("公开工作机构（印在告知书上，并在公开指南中列出）"),
            ("office_name", "office_address", "office_postcode", "office_phone", "office_fax"),
        ),
        (
            _("公开指南"),
            ("office_hours", "office_email", "apply_instructions", "level", "credit_code"),
        ),
        (
            _("办理与编号"),
            (
                "disclosure_office",
                "leader_may_extend",
                "notice_number_pattern",
                "index_number_pattern",
            ),
        ),
        (
            _("门户网站页脚"),
            ("site_sponsor", "site_code", "icp_number", "police_number"),
        ),
    )

    class Meta:
        model = Agency
        fields = SETTINGS_FIELDS
        widgets = {"apply_instructions": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "apply_instructions": _(
                "在公开指南“获取方式”中显示，例如当面、信函、传真申请的地址和注意事项"
            ),
            "credit_code": _("18 位；索引号格式中的 {统一社会信用代码} 即取此值"),
            "site_sponsor": _("门户网站页脚的“主办单位”，不填则显示机关名称"),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["disclosure_office"].queryset = Department.objects.filter(agency=self.instance)

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(legend, [self[name] for name in names]) for legend, names in self.GROUPS]

    def _post_clean(self) -> None:
        # The service checks and saves (agency_settings_update); the model is not written here.
        pass
