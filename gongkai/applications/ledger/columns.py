"""The ledger's columns, declared once: the template's header row, the reader and the checks.

Each column has its Chinese header (exactly as in the template), the ``Intake`` or application
field it fills, what kind of cell it is, and whether the header must be present. Headers are
matched in a normal form (full-width folded, no spaces, no required-field stars), in any order.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from django.db import models

from gongkai.applications.models import (
    ApplicantKind,
    Channel,
    Delivery,
    FormWanted,
    IdType,
    OrgKind,
)


class Kind(StrEnum):
    TEXT = "text"
    DATE = "date"
    CHOICE = "choice"  # a label of the field's TextChoices
    OUTCOME = "outcome"  # a table 三 result row, matched by keywords (ledger.outcomes)
    DEPARTMENT = "department"  # a department name of the importing agency


@dataclass(frozen=True)
class Column:
    header: str
    field: str  # an Intake / Application field name, or a ledger-only one ("number", …)
    kind: Kind = Kind.TEXT
    # The header must be in the file: every row needs the value, whoever the applicant is.
    required: bool = False
    choices: type[models.TextChoices] | None = None
    # Other headers offices' own ledgers use for the same column.
    aliases: tuple[str, ...] = ()
    hint: str = ""
    # Digits that are not numbers (ID, credit code, phone): the template formats them as text so
    # that Excel keeps leading zeros and every digit past the 15th.
    as_text: bool = False


def _labels(choices: type[models.TextChoices]) -> str:
    return "、".join(str(label) for label in choices.labels)


COLUMNS: tuple[Column, ...] = (
    Column("申请编号", "number", hint="可留空，由系统按收到年份编号（如 2025-00001）"),
    Column(
        "收到申请日期",
        "received_on",
        Kind.DATE,
        required=True,
        aliases=("收到日期",),
        hint="《条例》第三十一条：当面提交为提交当日，邮寄为签收之日，其他方式为双方确认之日",
    ),
    Column("申请方式", "channel", Kind.CHOICE, required=True, choices=Channel),
    Column("申请人类型", "applicant_kind", Kind.CHOICE, required=True, choices=ApplicantKind),
    Column("姓名或名称", "applicant_name", required=True, aliases=("申请人", "申请人姓名或名称")),
    Column("证件类型", "id_type", Kind.CHOICE, choices=IdType, hint="自然人必填"),
    Column("证件号码", "id_number", hint="自然人必填", as_text=True),
    Column("统一社会信用代码", "uscc", hint="法人或其他组织必填", as_text=True),
    Column("组织类型", "org_kind", Kind.CHOICE, choices=OrgKind, hint="法人或其他组织必填"),
    Column("联系人", "contact_person", hint="法人或其他组织必填"),
    Column("联系电话", "phone", required=True, aliases=("电话",), as_text=True),
    Column("通信地址", "address", aliases=("地址",), hint="获取方式为邮寄时必填"),
    Column("电子邮箱", "email", aliases=("邮箱",), hint="获取方式为电子邮件时必填"),
    Column("所需信息名称", "info_name", required=True, aliases=("申请内容",)),
    Column("文号", "doc_number"),
    Column("特征性描述", "description", aliases=("所需信息的特征性描述",)),
    Column("获取信息的形式", "form_wanted", Kind.CHOICE, required=True, choices=FormWanted),
    Column("获取信息的方式", "delivery", Kind.CHOICE, required=True, choices=Delivery),
    Column(
        "答复结果",
        "outcome",
        Kind.OUTCOME,
        hint="留空表示尚在办理；否则填年度报告表三的一项办理结果，如“予以公开”“（三）4.保护第三方合法权益”",
    ),
    Column("办结日期", "closed_on", Kind.DATE, hint="填写了答复结果时必填"),
    Column("承办处室", "department", Kind.DEPARTMENT, hint="可留空；须为本机关的处室名称"),
)

HEADERS: tuple[str, ...] = tuple(c.header for c in COLUMNS)
BY_FIELD: dict[str, Column] = {c.field: c for c in COLUMNS}

# Column pairs that make sense only together: a file with one header needs the other.
TOGETHER: tuple[tuple[str, str], ...] = (("outcome", "closed_on"),)

# Words offices write for a choice, beyond its label (folded form → value). Only unambiguous
# synonyms: "邮寄" alone is not here, since it may be signed or ordinary post (Art. 31).
CHOICE_ALIASES: dict[str, dict[str, str]] = {
    "applicant_kind": {
        "个人": ApplicantKind.PERSON,
        "公民": ApplicantKind.PERSON,
        "法人": ApplicantKind.ORGANISATION,
        "其他组织": ApplicantKind.ORGANISATION,
        "法人或者其他组织": ApplicantKind.ORGANISATION,
    },
    "id_type": {"身份证": IdType.RESIDENT_ID},
    "channel": {"当面": Channel.IN_PERSON, "口头提出": Channel.ORAL, "网上": Channel.ONLINE},
}

_MARKS = re.compile(r"[\s*＊]|[（(](必填|选填|可选)[)）]")


def fold_header(text: str) -> str:
    """A header cell's comparable form: NFKC, no spaces, no required-field marks."""
    return _MARKS.sub("", unicodedata.normalize("NFKC", text))


# Folded header or alias → column.
_BY_HEADER: dict[str, Column] = {
    fold_header(name): column for column in COLUMNS for name in (column.header, *column.aliases)
}


def column_for_header(text: str) -> Column | None:
    return _BY_HEADER.get(fold_header(text))


def choice_hint(column: Column) -> str:
    """The valid labels of a choice column, for the template and error messages."""
    return _labels(column.choices) if column.choices else ""
