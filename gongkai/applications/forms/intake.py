"""The application form (Art. 29): the public one, and the one staff fill in for other channels.

Field names are ``Intake``'s, labels and lengths are the model's, and the checks are
``intake_problems`` — one declaration for the public form, the staff form and the ledger import.
The Django fields are optional on purpose: whether a field is needed depends on the applicant's
kind and the delivery chosen, and ``intake_problems`` says so in the words the import uses too.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.applications.intake import Intake, intake_problems, receipt_date_problem
from gongkai.applications.models import (
    ApplicantKind,
    Application,
    Channel,
    Delivery,
    FormWanted,
    IdType,
    OrgKind,
)
from gongkai.core.forms import NamedErrorsMixin, attach_problems, date_input
from gongkai.documents.media import (
    CheckedFile,
    applicant_upload_max_bytes,
    check_upload,
    human_size,
)

PERSON_FIELDS = ("id_type", "id_number")
ORGANISATION_FIELDS = ("uscc", "org_kind", "contact_person")
# Art. 31: which day counts as received, by channel (shown beside the date staff enter).
RECEIPT_HELP = (
    "按《条例》第三十一条：当面提交、口头申请为提交当日；邮寄需签收的为签收之日；"
    "平常信函、电子邮件、传真为与申请人确认之日。"
)
_PICK = [("", "请选择")]
# The applicant's attachments, named as their FilePurpose; what a file chooser offers.
FILE_FIELDS = ("identity_proof", "authorisation")
ACCEPTED_UPLOADS = "application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"


def _label(name: str) -> str:
    return str(Application._meta.get_field(name).verbose_name)


def _text(name: str, *, textarea: bool = False, **attrs: Any) -> forms.CharField:
    model_field = Application._meta.get_field(name)
    widget = forms.Textarea(attrs={"rows": 4, **attrs}) if textarea else forms.TextInput(attrs)
    return forms.CharField(
        label=_label(name),
        max_length=getattr(model_field, "max_length", None),
        required=False,
        widget=widget,
    )


def _choice(name: str, choices, *, radio: bool = False) -> forms.ChoiceField:
    if radio:
        return forms.ChoiceField(
            label=_label(name), choices=choices.choices, required=False, widget=forms.RadioSelect
        )
    return forms.ChoiceField(label=_label(name), choices=_PICK + choices.choices, required=False)


def new_submission_key() -> str:
    """Made when a form is shown; submitting it twice then registers one application."""
    return str(uuid.uuid4())


def with_fresh_key(data: QueryDict) -> QueryDict:
    """The posted data again, under a new key: for a key that already sent another application."""
    data = data.copy()
    data["submission_key"] = new_submission_key()
    return data


class IntakeForm(NamedErrorsMixin, forms.Form):
    """Art. 29: who asks (name, identity, contact), for what, and in which form."""

    applicant_kind = _choice("applicant_kind", ApplicantKind, radio=True)
    applicant_name = _text("applicant_name", autocomplete="name")
    id_type = _choice("id_type", IdType)
    id_number = _text("id_number", autocomplete="off")
    uscc = _text("uscc", autocomplete="off")
    org_kind = _choice("org_kind", OrgKind)
    contact_person = _text("contact_person")
    phone = _text("phone", inputmode="tel", autocomplete="tel")
    email = forms.EmailField(label=_label("email"), required=False, max_length=254)
    address = _text("address", autocomplete="street-address")
    info_name = _text("info_name")
    doc_number = _text("doc_number")
    description = _text("description", textarea=True)
    form_wanted = _choice("form_wanted", FormWanted, radio=True)
    delivery = _choice("delivery", Delivery, radio=True)
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["applicant_kind"].initial = ApplicantKind.PERSON
        self.fields["id_type"].initial = IdType.RESIDENT_ID
        self.fields["submission_key"].initial = new_submission_key()
        self.fields["email"].widget.attrs.update(autocomplete="email", inputmode="email")
        self.fields[
            "description"
        ].help_text = "不清楚所需信息的名称或文号时，请描述其特征（内容、形成时间、制作机关等）"

    def intake_channel(self) -> str:
        raise NotImplementedError

    def intake(self) -> Intake:
        return Intake.from_mapping({**self.cleaned_data, "channel": self.intake_channel()})

    def clean_submission_key(self) -> str:
        key = self.cleaned_data["submission_key"]
        try:
            return str(uuid.UUID(key))
        except ValueError:
            # A form without its key (a hand-made request) still works, without the guard.
            return ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # Every problem at once, with the same words the services and the import use.
        attach_problems(self, intake_problems(self.intake()))
        return cleaned

    def person_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in PERSON_FIELDS]

    def organisation_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ORGANISATION_FIELDS]


class PublicApplicationForm(IntakeForm):
    """The public online form: the channel is always online (Art. 31(4)), with the applicant's
    attachments (Art. 29): a proof of identity, and an authorisation letter for someone applying
    on another's behalf. ``checked_files()`` are the attachments, read and checked by content."""

    identity_proof = forms.FileField(
        label=_("身份证明"),
        required=False,
        help_text=_("可选。身份证件或营业执照等的照片或扫描件，PDF、JPEG 或 PNG 格式"),
        widget=forms.FileInput(attrs={"accept": ACCEPTED_UPLOADS}),
    )
    on_behalf = forms.BooleanField(
        label=_("受他人委托代为申请"),
        required=False,
        help_text=_("代他人提出申请的，须上传申请人签署的授权委托书"),
    )
    authorisation = forms.FileField(
        label=_("授权委托书"),
        required=False,
        help_text=_("PDF、JPEG 或 PNG 格式"),
        widget=forms.FileInput(attrs={"accept": ACCEPTED_UPLOADS}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit = human_size(applicant_upload_max_bytes())
        for name in FILE_FIELDS:
            field = self.fields[name]
            label = str(field.label)
            field.help_text = gettext("%(help)s，不超过 %(limit)s") % {
                "help": field.help_text,
                "limit": limit,
            }
            field.error_messages.update(
                invalid=gettext("%(label)s未能读取，请重新选择文件") % {"label": label},
                missing=gettext("%(label)s未能收到，请重新选择文件") % {"label": label},
                empty=gettext("%(label)s：所选文件是空的，请重新选择文件") % {"label": label},
            )

    def intake_channel(self) -> str:
        return Channel.ONLINE

    def _clean_upload(self, name: str) -> CheckedFile | None:
        upload = self.cleaned_data.get(name)
        if not upload:
            return None
        try:
            return check_upload(upload, label=str(self.fields[name].label))
        except forms.ValidationError as error:
            raise forms.ValidationError(
                [gettext("%(problem)s（其他已填写的内容已保留）") % {"problem": m} for m in error]
            ) from None

    def clean_identity_proof(self) -> CheckedFile | None:
        return self._clean_upload("identity_proof")

    def clean_authorisation(self) -> CheckedFile | None:
        return self._clean_upload("authorisation")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        missing = not cleaned.get("authorisation") and "authorisation" not in self.errors
        if cleaned.get("on_behalf") and missing:
            self.add_error(
                "authorisation",
                gettext("受他人委托代为申请的，请上传%(label)s")
                % {"label": self.fields["authorisation"].label},
            )
        return cleaned

    def checked_files(self) -> dict[str, CheckedFile]:
        """The attachments by purpose (FilePurpose values), once the form is valid."""
        return {name: f for name in FILE_FIELDS if (f := self.cleaned_data.get(name))}

    def files_to_choose_again(self) -> bool:
        """Whether files were sent with a form shown again: a browser never keeps them."""
        return self.is_bound and any(self.files.get(name) for name in FILE_FIELDS)


# Staff register every channel but the online form (which applicants use themselves); an oral
# application is the checkbox below, so that the form says who filled it in.
STAFF_CHANNELS = [(c.value, c.label) for c in Channel if c not in (Channel.ONLINE, Channel.ORAL)]


class StaffRegistrationForm(IntakeForm):
    agency = forms.ModelChoiceField(label="受理机关", queryset=Agency.objects.none())
    channel = forms.ChoiceField(
        label=_label("channel"), choices=_PICK + STAFF_CHANNELS, required=False
    )
    oral = forms.BooleanField(
        label="口头申请，代为填写",
        required=False,
        help_text="申请人书面申请确有困难、口头提出的，由工作人员代为填写（《条例》第二十九条）",
    )
    received_on = forms.DateField(
        label=_label("received_on"), required=False, widget=date_input(), help_text=RECEIPT_HELP
    )
    note = forms.CharField(
        label="登记说明", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    field_order = ["agency", "channel", "oral", "received_on"]

    def __init__(self, *args, agencies: QuerySet[Agency], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["agency"].empty_label = "请选择"
        if len(agencies) == 1:
            self.fields["agency"].initial = agencies[0].pk
        self.fields["received_on"].initial = timezone.localdate()

    def intake_channel(self) -> str:
        if self.cleaned_data.get("oral"):
            return Channel.ORAL
        return self.cleaned_data.get("channel") or ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if "received_on" not in self.errors:
            received: date | None = cleaned.get("received_on")
            if problem := receipt_date_problem(received, timezone.localdate()):
                self.add_error("received_on", problem)
        return cleaned
