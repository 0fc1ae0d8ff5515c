"""What an application must contain (Art. 29) and the checks on it, before anything is stored.

One declaration serves the public form, the staff form and the ledger import: each field problem
comes back keyed by the model field's name, in Chinese, so every entry point names the same field.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from django.utils import timezone

from gongkai.applications.models import (
    ApplicantKind,
    Application,
    Channel,
    Delivery,
    FormWanted,
    IdType,
    OrgKind,
)
from gongkai.core.identity import (
    normalise_resident_id,
    normalise_uscc,
    resident_id_problem,
    uscc_problem,
)


@dataclass
class Intake:
    """An application as the applicant gave it, before the agency registers it."""

    channel: str
    applicant_kind: str
    applicant_name: str
    phone: str
    info_name: str
    form_wanted: str
    delivery: str
    id_type: str = ""
    id_number: str = ""
    uscc: str = ""
    org_kind: str = ""
    contact_person: str = ""
    email: str = ""
    address: str = ""
    doc_number: str = ""
    description: str = ""

    @classmethod
    def from_mapping(cls, data: dict) -> Intake:
        """Build from form data or an import row; missing keys become empty strings."""
        names = [f.name for f in fields(cls)]
        return cls(**{n: str(data.get(n) or "").strip() for n in names})

    def normalised(self) -> Intake:
        copy = Intake(**self.__dict__)
        if copy.id_type == IdType.RESIDENT_ID:
            copy.id_number = normalise_resident_id(copy.id_number)
        copy.uscc = normalise_uscc(copy.uscc) if copy.uscc else ""
        if copy.applicant_kind == ApplicantKind.PERSON:
            copy.uscc, copy.org_kind = "", ""
        return copy


def _label(name: str) -> str:
    return str(Application._meta.get_field(name).verbose_name)


def _choice_problem(name: str, value: str, choices) -> str | None:
    if value not in choices.values:
        allowed = "、".join(str(label) for label in choices.labels)
        return f"{_label(name)}“{value}”无效，应为：{allowed}"
    return None


def intake_problems(intake: Intake) -> dict[str, str]:
    """Every problem with an application, by field name; empty when it may be registered."""
    problems: dict[str, str] = {}
    required = ["channel", "applicant_kind", "applicant_name", "phone", "info_name"]
    required += ["form_wanted", "delivery"]
    if intake.applicant_kind == ApplicantKind.PERSON:
        required += ["id_type", "id_number"]
    elif intake.applicant_kind == ApplicantKind.ORGANISATION:
        required += ["uscc", "org_kind", "contact_person"]
    for name in required:
        if not getattr(intake, name):
            problems[name] = f"请填写{_label(name)}"
    choice_fields = {
        "channel": Channel,
        "applicant_kind": ApplicantKind,
        "form_wanted": FormWanted,
        "delivery": Delivery,
        "id_type": IdType,
        "org_kind": OrgKind,
    }
    for name, choices in choice_fields.items():
        value = getattr(intake, name)
        if value and name not in problems and (problem := _choice_problem(name, value, choices)):
            problems[name] = problem
    checks_id = intake.id_type == IdType.RESIDENT_ID and "id_number" not in problems
    today = timezone.localdate()  # a birth date "in the future" is judged in Beijing time
    if (
        checks_id
        and intake.id_number
        and (problem := resident_id_problem(intake.id_number, today=today))
    ):
        problems["id_number"] = problem
    checks_uscc = intake.applicant_kind == ApplicantKind.ORGANISATION and intake.uscc
    if checks_uscc and (problem := uscc_problem(intake.uscc)):
        problems["uscc"] = problem
    if intake.delivery == Delivery.EMAIL and not intake.email:
        problems["email"] = "选择电子邮件方式获取信息时，请填写电子邮箱"
    if intake.delivery == Delivery.POST and not intake.address:
        problems["address"] = "选择邮寄方式获取信息时，请填写通信地址"
    digits = [c for c in intake.phone if c.isdigit()]
    if intake.phone and not 7 <= len(digits) <= 15:
        problems["phone"] = "联系电话应为 7 至 15 位数字"
    return problems


def receipt_date_problem(received_on: date | None, today: date) -> str | None:
    """Art. 31: which day counts as received, by channel; staff give it when they register."""
    if received_on is None:
        return "请填写收到申请日期（当面提交为提交当日，邮寄为签收之日，其他方式为双方确认之日）"
    if received_on > today:
        return f"收到申请日期 {received_on} 晚于今天"
    return None
