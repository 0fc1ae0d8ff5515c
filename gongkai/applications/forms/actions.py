"""One small form per workflow action, with the fields that action needs and nothing else.

Field names are the keys ``application_act`` reads from ``data`` (and ``on``), so a refused step's
``DomainError.field`` lands on the field the user typed. Each form is prefixed with its action's
key, so that many forms can share the detail page without their ids colliding.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.core.files import File
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.applications import fees, outcomes
from gongkai.applications.forms.intake import RECEIPT_HELP
from gongkai.applications.models import Application, Delivery, State
from gongkai.applications.permissions import possible_assignees
from gongkai.applications.services.attachments import file_size_problem, human_size
from gongkai.applications.services.handling import CONSULTATION_KINDS, ServeMethod
from gongkai.applications.step_rules import headless_department_refusal, with_headed
from gongkai.core.forms import NamedErrorsMixin, date_input
from gongkai.workdays.conf import convention_from_settings

_REASON = {"widget": forms.Textarea(attrs={"rows": 2})}


class ActionForm(NamedErrorsMixin, forms.Form):
    """The day the step was taken (the services check it against the law) and a note."""

    on_label = _("办理日期")
    on_help = _("")

    on = forms.DateField(label=_("办理日期"), widget=date_input())
    note = forms.CharField(
        label=_("备注（仅内部可见）"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, application: Application, **kwargs) -> None:
        self.application = application
        super().__init__(*args, **kwargs)
        self.fields["on"].label = self.on_label
        self.fields["on"].help_text = self.on_help
        self.fields["on"].initial = timezone.localdate()
        # Labels changed after the mixin named its messages: name them again for "on".
        named = {"field": self.on_label}
        self.fields["on"].error_messages.update(
            required=gettext("请填写%(field)s") % named,
            invalid=gettext("%(field)s不是有效日期（应为 YYYY-MM-DD）") % named,
        )
        self.fields["note"].error_messages["required"] = gettext("请填写备注")
        # Put "note" last, after the action's own fields.
        self.order_fields([n for n in self.fields if n != "note"] + ["note"])

    def service_data(self) -> dict[str, Any]:
        """``data`` for ``application_act``: plain values (dates as ISO text, objects by key)."""
        data = {}
        for name, value in self.cleaned_data.items():
            if name in ("on", "note", "files") or value in (None, ""):
                continue
            if isinstance(value, date):
                value = value.isoformat()
            elif hasattr(value, "pk"):
                value = value.pk
            data[name] = value
        return data

    def service_files(self) -> list[File]:
        """``files`` for ``application_act``: the uploads of a form that takes them."""
        return list(self.cleaned_data.get("files") or [])


class ConfirmReceiptForm(ActionForm):
    on_label = _("收到申请日期")
    on_help = RECEIPT_HELP


class RequestCorrectionForm(ActionForm):
    on_label = _("告知补正日期")
    on_help = _("应自收到申请之日起 7 个工作日内一次性告知（《条例》第三十条）")
    items = forms.CharField(label=_("需要补正的事项"), widget=forms.Textarea(attrs={"rows": 3}))
    until = forms.DateField(label=_("补正期限"), widget=date_input())


class ReceiveCorrectionForm(ActionForm):
    on_label = _("收到补正日期")
    on_help = _("答复期限自收到补正之日起重新计算")
    info_name = forms.CharField(
        label=_("补正后的所需信息名称"),
        max_length=Application._meta.get_field("info_name").max_length,
        required=False,
        help_text=_("按补正内容修改；未修改的保持原样。此后的告知书引用补正后的内容"),
    )
    description = forms.CharField(
        label=_("补正后的所需信息的特征性描述"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, application: Application, **kwargs) -> None:
        super().__init__(*args, application=application, **kwargs)
        self.fields["info_name"].initial = application.info_name
        self.fields["description"].initial = application.description


class _PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class _DepartmentChoice(forms.ModelChoiceField):
    """A department without a head says so in the list (choosing it is refused, with why)."""

    def label_from_instance(self, obj) -> str:
        if headless_department_refusal(obj):
            return gettext("%(department)s（尚无处室负责人）") % {"department": obj.name}
        return obj.name


class AssignForm(ActionForm):
    on_label = _("分办日期")
    department = _DepartmentChoice(label=_("承办处室"), queryset=None, empty_label=_("请选择"))
    assignee = _PersonChoice(
        label=_("承办人"),
        queryset=None,
        required=False,
        empty_label=_("暂不指定"),
        help_text=_("指定后，到期提醒发给该承办人；不指定时发给本机关全部承办人"),
    )

    def __init__(self, *args, application: Application, **kwargs) -> None:
        super().__init__(*args, application=application, **kwargs)
        # Each department read with whether it is headed: one query for the whole list.
        self.fields["department"].queryset = with_headed(application.agency.departments.all())
        self.fields["assignee"].queryset = possible_assignees(application.agency)
        if application.department_id is not None:
            # Reassigning: the current choice shown, to be changed.
            self.fields["department"].initial = application.department_id
            self.fields["assignee"].initial = application.assignee_id
            self.fields["department"].help_text = _("重新分办：请选择其他处室或承办人")
        if application.state == State.DRAFTED:
            self.fields["department"].help_text = _(
                "重新分办后，答复须由现承办人重新拟写（原答复内容保留，可在其基础上修改）"
            )


class StartConsultationForm(ActionForm):
    on_label = _("发出征求意见日期")
    on_help = _("征求意见所需时间不计入答复期限（《条例》第三十三条）")
    party = forms.CharField(label=_("征求意见对象"), max_length=200)
    kind = forms.ChoiceField(
        label=_("对象类型"),
        choices=list(CONSULTATION_KINDS.items()),
    )
    received_on = forms.DateField(
        label=_("对方收到征求意见书日期"),
        required=False,
        widget=date_input(),
        help_text=_("15 个工作日的答复期自对方收到之日起算；尚不知道时留空，知道后再记录"),
    )


class RecordConsultationReceiptForm(ActionForm):
    on_label = _("记录日期")
    received_on = forms.DateField(
        label=_("对方收到征求意见书日期"),
        widget=date_input(),
        help_text=_("如签收回执、邮件送达记录上的日期（《条例》第三十二条、第三十四条）"),
    )


class EndConsultationForm(ActionForm):
    on_label = _("收到意见或期满日期")
    result = forms.CharField(label=_("意见结果"), required=False, max_length=500, **_REASON)


class SendFeeNoticeForm(ActionForm):
    on_label = _("发出收费通知日期")
    basis = forms.ChoiceField(
        label=_("收费方式"),
        choices=fees.basis_choices(),
        widget=forms.RadioSelect,
        help_text=_("按件或按量，二者只能选其一（国办函〔2020〕109号）"),
    )
    quantity = forms.IntegerField(
        label=_("数量"), min_value=1, help_text=_("按件：本申请的件数；按量：页数")
    )
    delivered_on = forms.DateField(
        label=_("申请人收到收费通知日期"),
        required=False,
        widget=date_input(),
        help_text=_(
            "缴费期限自申请人收到收费通知次日起算 20 个工作日；当日以电子方式送达的填发出日期，"
            "邮寄的留空，签收后再记录"
        ),
    )

    def __init__(self, *args, application: Application, **kwargs) -> None:
        super().__init__(*args, application=application, **kwargs)
        if not convention_from_settings().fee_pauses_clock:
            # The applicant has 20 working days to pay while the reply clock keeps running, and
            # an extension can only be approved before the deadline (Art. 33).
            self.fields["basis"].help_text = _(
                "%(help)s。注意：缴费期间答复期限不暂停；如缴费后难以在期限内答复，"
                "请在期限届满前批准延期"
            ) % {"help": self.fields["basis"].help_text}


class RecordFeeDeliveryForm(ActionForm):
    on_label = _("记录日期")
    delivered_on = forms.DateField(
        label=_("申请人收到收费通知日期"),
        widget=date_input(),
        help_text=_("如邮件签收、短信或电子邮件送达记录上的日期"),
    )


class ApproveExtensionForm(ActionForm):
    on_label = _("批准日期")
    days = forms.IntegerField(label=_("延长工作日数"), min_value=1, max_value=20, initial=20)
    reason = forms.CharField(label=_("延期理由"), max_length=500, **_REASON)


class SetCustomDeadlineForm(ActionForm):
    on_label = _("确定日期")
    on_help = _(
        "申请公开的数量、频次明显超过合理范围的，可以确定延迟答复的合理期限（《条例》第三十五条）"
    )
    until = forms.DateField(label=_("答复期限"), widget=date_input())
    reason = forms.CharField(label=_("理由"), max_length=500, **_REASON)


class DraftForm(ActionForm):
    on_label = _("拟稿日期")
    outcome = forms.ChoiceField(label=_("答复结果"), choices=[])
    reply_text = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args, application: Application, **kwargs) -> None:
        super().__init__(*args, application=application, **kwargs)
        self.fields["outcome"].choices = [("", _("请选择")), *outcomes.choices()]
        # A returned draft comes back with the text it had, to be mended rather than retyped.
        self.fields["outcome"].initial = application.outcome
        self.fields["reply_text"].initial = application.reply_text


class ReturnForm(ActionForm):
    on_label = _("退回日期")
    reason = forms.CharField(label=_("退回理由"), max_length=500, **_REASON)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; each file checked (not empty, within the size limit)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None) -> list:
        if isinstance(data, list | tuple):
            uploads = [upload for upload in data if upload]
        else:
            uploads = [data] if data else []
        if not uploads and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        cleaned = []
        for upload in uploads:
            if problem := file_size_problem(upload):
                raise forms.ValidationError(problem, code="size")
            cleaned.append(super().clean(upload, initial))
        return cleaned


# The applicant's chosen way of getting the information (Art. 29), as the likely way of serving.
_SERVE_METHOD_FOR_DELIVERY = {
    Delivery.POST: ServeMethod.POST,
    Delivery.EMAIL: ServeMethod.EMAIL,
    Delivery.COLLECT: ServeMethod.IN_PERSON,
    Delivery.ONLINE: ServeMethod.ONLINE,
}


class ServeForm(ActionForm):
    on_label = _("送达日期")
    method = forms.ChoiceField(
        label=_("送达方式"), choices=ServeMethod.choices, widget=forms.RadioSelect
    )
    tracking_number = forms.CharField(
        label=_("邮寄单号"), max_length=60, required=False, help_text=_("邮寄送达的必须填写")
    )
    files = MultipleFileField(
        label=_("提供的政府信息（文件）"),
        required=False,
    )

    def __init__(self, *args, application: Application, **kwargs) -> None:
        super().__init__(*args, application=application, **kwargs)
        self.fields["method"].initial = _SERVE_METHOD_FOR_DELIVERY.get(application.delivery)
        limit = human_size(settings.GONGKAI_UPLOAD_MAX_BYTES)
        self.fields["files"].help_text = gettext(
            "可一次选择多个文件，任何格式；每个文件不超过 %(limit)s"
        ) % {"limit": limit}


class WithdrawForm(ActionForm):
    on_label = _("撤回日期")
    reason = forms.CharField(
        label=_("撤回情况"),
        required=False,
        max_length=500,
        help_text=_("不填写时记为“申请人撤回申请”"),
        **_REASON,
    )


FORMS: dict[str, type[ActionForm]] = {
    "confirm_receipt": ConfirmReceiptForm,
    "request_correction": RequestCorrectionForm,
    "receive_correction": ReceiveCorrectionForm,
    "assign": AssignForm,
    "start_consultation": StartConsultationForm,
    "record_consultation_receipt": RecordConsultationReceiptForm,
    "end_consultation": EndConsultationForm,
    "send_fee_notice": SendFeeNoticeForm,
    "record_fee_delivery": RecordFeeDeliveryForm,
    "approve_extension": ApproveExtensionForm,
    "set_custom_deadline": SetCustomDeadlineForm,
    "draft": DraftForm,
    "return": ReturnForm,
    "serve": ServeForm,
    "withdraw": WithdrawForm,
}


def action_form(
    key: str,
    application: Application,
    data: dict[str, Any] | None = None,
    files: dict[str, Any] | None = None,
) -> ActionForm:
    """The form of one action (the plain date-and-note form for steps needing nothing else)."""
    form_class = FORMS.get(key, ActionForm)
    return form_class(data, files, application=application, prefix=key)
