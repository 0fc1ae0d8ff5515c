"""What a case must satisfy, in one place: the services raise the first problem, the import
lists every problem of every row, both from these functions.

Each problem is keyed by the ``Case`` field it is about and says so in Chinese, naming the field,
so that a form puts it on that field and an import row names it by its column.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from gongkai.applications.models import Application
from gongkai.core.errors import DomainError
from gongkai.remedies.models import Case, Result, Stream

# What is registered about a case (and may be edited); the decision is ``DECISION_FIELDS``.
REGISTERED_FIELDS = (
    "stream",
    "number",
    "filed_on",
    "body",
    "challenged",
    "application",
    "application_reference",
    "note",
)
DECISION_FIELDS = ("decided_on", "result")
TEXT_FIELDS = ("number", "body", "challenged", "application_reference", "note")
FIELD_ORDER = {name: i for i, name in enumerate((*REGISTERED_FIELDS, *DECISION_FIELDS))}


def label(name: str) -> str:
    return str(Case._meta.get_field(name).verbose_name)


def clean_text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _too_long(name: str, text: str) -> str | None:
    limit = Case._meta.get_field(name).max_length
    if limit and len(text) > limit:
        return _("%(label)s最多 %(limit)d 个字（现有 %(count)d 个）") % {
            "label": label(name),
            "limit": limit,
            "count": len(text),
        }
    return None


def _date_problem(name: str, value: Any, today: date, *, required: bool) -> str | None:
    if value is None:
        return _("请填写%(label)s") % {"label": label(name)} if required else None
    if not isinstance(value, date):
        return _("%(label)s不是有效日期（应为 YYYY-MM-DD）") % {"label": label(name)}
    if value > today:
        return _("%(label)s不能晚于今天") % {"label": label(name)}
    return None


def registration_problems(
    agency_id: int, values: Mapping[str, Any], *, today: date, decided_on: date | None = None
) -> dict[str, str]:
    """Every problem of what is registered about a case (``values`` keyed by field, text
    already stripped); ``decided_on``: the decision of the case being edited, if it has one."""
    problems: dict[str, str] = {}
    if values.get("stream") not in Stream.values:
        problems["stream"] = _("请选择类别：%(choices)s") % {
            "choices": "、".join(str(s.label) for s in Stream)
        }
    filed_on = values.get("filed_on")
    if problem := _date_problem("filed_on", filed_on, today, required=True):
        problems["filed_on"] = problem
    for name in ("body", "challenged"):
        if not values.get(name):
            problems[name] = _("请填写%(label)s") % {"label": label(name)}
    for name in TEXT_FIELDS:
        if name not in problems and (problem := _too_long(name, values.get(name) or "")):
            problems[name] = problem
    application: Application | None = values.get("application")
    if application is not None:
        if application.agency_id != agency_id:
            problems["application"] = _("关联申请须是本机关的申请")
        elif values.get("application_reference"):
            problems["application_reference"] = _(
                "已关联平台上的申请时，不再填写申请情况（平台外）"
            )
        elif (
            "filed_on" not in problems
            and application.received_on
            and filed_on < application.received_on
        ):
            problems["filed_on"] = _("立案日期不能早于关联申请的收到日期（%(day)s）") % {
                "day": application.received_on.isoformat()
            }
    if "filed_on" not in problems and decided_on is not None and filed_on > decided_on:
        problems["filed_on"] = _("立案日期不能晚于审结日期（%(day)s）") % {
            "day": decided_on.isoformat()
        }
    return problems


def decision_problems(
    *, filed_on: date, decided_on: Any, result: Any, today: date
) -> dict[str, str]:
    """Every problem of a decision: its day (after the filing, not in the future), its result."""
    problems: dict[str, str] = {}
    if problem := _date_problem("decided_on", decided_on, today, required=True):
        problems["decided_on"] = problem
    elif filed_on and decided_on < filed_on:
        problems["decided_on"] = _("审结日期不能早于立案日期（%(day)s）") % {
            "day": filed_on.isoformat()
        }
    if result not in Result.values:
        problems["result"] = _("请选择结果：%(choices)s") % {
            "choices": "、".join(str(r.label) for r in Result)
        }
    return problems


def number_taken(agency_id: int, number: str, *, case: Case | None = None) -> bool:
    if not number:
        return False
    taken = Case.objects.filter(agency_id=agency_id, number=number)
    if case is not None:
        taken = taken.exclude(pk=case.pk)
    return taken.exists()


def number_taken_message(number: str) -> str:
    return _("案号“%(number)s”已登记在本机关的另一案件上") % {"number": number}


def raise_first(problems: Mapping[str, str]) -> None:
    """The first problem, in the order of the fields, as the DomainError the services raise."""
    if problems:
        name = min(problems, key=lambda n: FIELD_ORDER.get(n, len(FIELD_ORDER)))
        raise DomainError(problems[name], field=name)
