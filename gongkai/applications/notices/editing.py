"""Editing an agency's notice wording: a preview before saving, saving, and going back.

The preview goes through the same composer as issuing (services.notice_compose), with the
unsaved wording instead of the one in force, for one of the agency's applications or for a sample
one that is never saved. What a workflow step would record (the items of a correction, the days
of an extension, a fee's amount…) comes from the application's own step when it has taken it,
else from sample values, each marked as such.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.applications import event_kinds, fees, outcomes
from gongkai.applications.models import Application, Channel, NoticeTemplate
from gongkai.applications.notices import kinds
from gongkai.applications.notices.compose import Composed
from gongkai.applications.notices.placeholders import template_problems
from gongkai.applications.notices.services import Wording, notice_compose
from gongkai.core.errors import DomainError


def _sample_data(kind_key: str, on: date) -> dict[str, Any]:
    later = (on + timedelta(days=21)).isoformat()
    return {
        kinds.CORRECTION: {
            "items": _("（示例）请写明所需信息的名称、文号或者便于查询的特征性描述"),
            "until": later,
        },
        kinds.EXTENSION: {"days": "20", "reason": _("（示例）需要调取档案")},
        kinds.CONSULTATION: {"party": _("（示例）某某科技有限公司")},
        kinds.AGENCY_CONSULTATION: {"party": _("（示例）某某市人民政府办公室")},
        kinds.CUSTOM_DEADLINE: {"until": later, "reason": _("（示例）需要逐件检索")},
        kinds.FEE: {
            "basis": fees.BY_COUNT_SCHEDULE.basis,
            "quantity": "12",
            "amount": "100",
            "calculation": _("（示例）超出部分按件计收"),
        },
    }.get(kind_key, {})


def sample_application(agency: Agency, on: date) -> Application:
    """An application that is never saved, for previewing without touching a real one."""
    return Application(
        agency=agency,
        number=_("（示例）%(year)s-0001") % {"year": on.year},
        channel=Channel.ONLINE,
        applicant_name=_("张三（示例）"),
        info_name=_("（示例）2025 年专利资助资金分配结果"),
        received_on=on,
        due_on=on + timedelta(days=28),
        due_explanation=_("（示例）自收到申请之日起 20 个工作日"),
        reply_text=_("（示例）经查，您申请的信息予以公开，见附件。"),
    )


def _event_kinds(kind_key: str) -> list[str]:
    """The workflow steps that issue this kind of notice (consultations: one step, two letters)."""
    return event_kinds.kinds_issuing(kind_key)


def _step_data(application: Application, kind_key: str) -> dict[str, Any]:
    step = application.events.filter(kind__in=_event_kinds(kind_key)).order_by("-on", "-pk").first()
    return dict(step.data) if step is not None else {}


def preview_outcome(kind_key: str, outcome_key: str, application: Application | None) -> str:
    """The outcome a reply is previewed for: the template's own, the application's, or granted."""
    if kind_key != kinds.REPLY:
        return ""
    if outcome_key:
        return outcome_key
    if application is not None and application.outcome:
        return application.outcome
    return outcomes.GRANTED


def notice_preview(
    *,
    agency: Agency,
    kind: str,
    outcome: str,
    body: str,
    closing: str,
    application: Application | None = None,
) -> Composed:
    """The notice composed from the given wording; DomainError when it cannot be composed."""
    body, closing = _normalised(body), _normalised(closing)
    if problems := template_problems(kind, outcome, body, closing):
        raise TemplateProblems(problems)
    on = timezone.localdate()
    data = _sample_data(kind, on)
    if application is not None:
        data |= _step_data(application, kind)
    else:
        application = sample_application(agency, on)
    wording = Wording(body, closing or kinds.kind(kind).default_closing, _("预览"))
    composed, _wording = notice_compose(
        application=application,
        kind=kind,
        outcome=preview_outcome(kind, outcome, application),
        number=_("（文号在发出时生成）"),
        on=on,
        data=data,
        wording=wording,
    )
    return composed


class TemplateProblems(DomainError):
    """The wording is unusable; ``problems`` holds one message per field (body, closing…)."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(next(iter(problems.values())), field=next(iter(problems)))
        self.problems = problems


def _normalised(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def notice_template_save(
    *, agency: Agency, kind: str, outcome: str, body: str, closing: str
) -> NoticeTemplate:
    """The agency's own wording for this kind (and outcome), created or replaced."""
    body, closing = _normalised(body), _normalised(closing)
    if problems := template_problems(kind, outcome, body, closing):
        raise TemplateProblems(problems)
    with transaction.atomic():
        template = (
            NoticeTemplate.objects.select_for_update()
            .filter(agency=agency, kind=kind, outcome=outcome)
            .first()
        )
        if template is None:
            template = NoticeTemplate(agency=agency, kind=kind, outcome=outcome)
        template.body, template.closing = body, closing
        template.save()
        return template


def notice_template_reset(*, agency: Agency, kind: str, outcome: str) -> bool:
    """The agency's own wording removed: the platform's or the system's default applies again."""
    deleted, _rows = NoticeTemplate.objects.filter(
        agency=agency, kind=kind, outcome=outcome
    ).delete()
    return bool(deleted)
