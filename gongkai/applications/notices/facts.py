"""The values a notice's placeholders are filled with, read from the application and its events.

Every value is a string, as printed to the addressee: dates the Chinese way, and nothing of
the staff's own workings (the clock's explanation of a deadline, a fee's band-by-band working,
event data keys). Deadlines come from the application's deadline cache (just refreshed by the
step that issues the notice) or from the workdays clock; none is typed in.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from gongkai.applications import fees, outcomes
from gongkai.applications.links import track_url
from gongkai.applications.models import Application
from gongkai.applications.notices import kinds, replies
from gongkai.applications.notices.compose import cn_date
from gongkai.core.errors import DomainError
from gongkai.workdays import clock
from gongkai.workdays.conf import convention_from_settings
from gongkai.workdays.services import calendar_current

_SCHEDULES = {s.basis: s for s in (fees.BY_COUNT_SCHEDULE, fees.BY_VOLUME_SCHEDULE)}


# Said of a date that may still move: a year it runs through has no holiday schedule yet.
_PROVISIONAL = "暂定，以国务院公布的节假日安排为准"


def _due_text(day: date | None, provisional: bool) -> str:
    if day is None:
        return "待定"
    return cn_date(day) + (f"（{_PROVISIONAL}）" if provisional else "")


def _iso(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def _need(data: dict[str, Any], name: str, label: str) -> str:
    """A value the step must have recorded; the workflow's own checks make sure it did."""
    value = data.get(name)
    if isinstance(value, list | tuple):  # several items: a list, never its Python repr
        value = "；".join(str(item).strip() for item in value if str(item).strip())
    if value in (None, ""):
        raise DomainError(f"无法生成告知书：缺少{label}", field=name)
    return str(value).strip()


def common_values(application: Application, issued_on: date) -> dict[str, str]:
    agency = application.agency
    return {
        "applicant_name": application.applicant_name,
        "addressee": application.applicant_name,
        "application_number": application.number,
        "info_name": application.info_name,
        "received_on": cn_date(application.received_on),
        "agency_name": agency.name,
        "office_name": agency.office_name or agency.name,
        "office_address": agency.office_address,
        "office_phone": agency.office_phone,
        "issued_on": cn_date(issued_on),
    }


def _receipt(app: Application, data: dict[str, Any], on: date) -> dict[str, str]:
    # The deadline only: how the clock counted it is the staff's explanation, not the notice's.
    return {
        "reply_due": _due_text(app.due_on, app.due_provisional),
        "channel": str(app.get_channel_display()),
        "query_code": app.query_code,
        # Not a placeholder: the receipt's fixed sentence, the address in brackets.
        "track_url": f"（{track_url()}）",
    }


def _correction(app: Application, data: dict[str, Any], on: date) -> dict[str, str]:
    return {
        "items": _need(data, "items", "需要补正的事项"),
        "until": cn_date(_iso(_need(data, "until", "补正期限"))),
    }


def _extension(app: Application, data: dict[str, Any], on: date) -> dict[str, str]:
    return {
        "days": _need(data, "days", "延长的工作日数"),
        "reason": _need(data, "reason", "延期理由"),
        "new_due": _due_text(app.due_on, app.due_provisional),
    }


def _consultation(app: Application, data: dict[str, Any], on: date) -> dict[str, str]:
    party = _need(data, "party", "征求意见对象")
    return {"party": party, "addressee": party}


def _agency_consultation(app: Application, data: dict[str, Any], on: date) -> dict[str, str]:
    party = _need(data, "party", "被征求意见机关")
    return {"party": party, "addressee": party}


def _custom_deadline(app: Application, data: dict[str, Any], on: date) -> dict[str, str]:
    # The date the agency decided (Art. 35), as recorded by the step; the clock takes the same
    # date as the deadline (workdays.clock), so the cache and the notice agree.
    return {
        "until": cn_date(_iso(_need(data, "until", "另行确定的答复期限"))),
        "reason": _need(data, "reason", "延迟答复的理由"),
    }


def _fee(app: Application, data: dict[str, Any], on: date) -> dict[str, str]:
    schedule = _SCHEDULES.get(data.get("basis", ""))
    if schedule is None:
        raise DomainError("无法生成收费通知：计费方式应为按件计收或按量计收", field="basis")
    # The window runs from the applicant's receipt: a date only when that is known now (delivered
    # electronically the same day); by post the notice states the rule alone.
    payment_due = ""
    if delivered := _iso(data.get("delivered_on")):
        window = clock.fee_payment_deadline(
            delivered, calendar_current(), convention_from_settings()
        )
        note = f"，{_PROVISIONAL}" if window.provisional else ""
        payment_due = f"（至{cn_date(window.due)}{note}）"
    quantity, amount = _need(data, "quantity", "数量"), _need(data, "amount", "金额")
    # The recorded working (data["calculation"]) stays in the file: it carries the staff's
    # notes on how 109号 is read. The notice states the basis, the article, quantity and sum.
    return {
        "fee_basis": schedule.name,
        "fee_article": schedule.article,
        "quantity": quantity,
        "unit": schedule.unit,
        "amount": amount,
        "calculation": (
            f"按照{schedule.legal_basis}规定的标准{schedule.name}，"
            f"数量{quantity}{schedule.unit}，金额{amount}元"
        ),
        "payment_due": payment_due,
    }


def _closure_facts(app: Application, outcome_key: str) -> str:
    """What happened, for a closure the system made when a period ran out."""
    if outcome_key == outcomes.ABANDONED_CORRECTION:
        request = app.events.filter(kind="request_correction").order_by("-on", "-pk").first()
        if request is not None:
            return (
                f"本机关于{cn_date(request.on)}告知您补正，补正期限至"
                f"{cn_date(_iso(request.data.get('until')))}。期限届满，本机关未收到您的补正。"
            )
    if outcome_key == outcomes.FEE_UNPAID:
        notice = app.events.filter(kind="send_fee_notice").order_by("-on", "-pk").first()
        expiry = app.events.filter(kind="expire_fee").order_by("-on", "-pk").first()
        if notice is not None:
            due = _iso(expiry.data.get("payment_due")) if expiry else None
            until = f"，缴费期限至{cn_date(due)}" if due else ""
            return (
                f"本机关于{cn_date(notice.on)}向您发出信息处理费收费通知{until}。"
                "期限届满，本机关未收到您缴纳的信息处理费。"
            )
    return ""


def review_body(app: Application) -> str:
    """Where the applicant applies for 行政复议 (see legal.REMEDIES for the reading)."""
    parent = app.agency.parent
    return parent.name if parent is not None else "本机关"


def reply_values(app: Application, outcome_key: str) -> dict[str, str]:
    outcome = outcomes.outcome(outcome_key)
    text = app.reply_text or _closure_facts(app, outcome_key)
    return {
        "outcome_label": outcome.decision,
        "basis": replies.reply_basis(outcome.key),
        "review_body": review_body(app),
        "reply_text": text,
    }


_BY_KIND = {
    kinds.RECEIPT: _receipt,
    kinds.CORRECTION: _correction,
    kinds.EXTENSION: _extension,
    kinds.CONSULTATION: _consultation,
    kinds.AGENCY_CONSULTATION: _agency_consultation,
    kinds.CUSTOM_DEADLINE: _custom_deadline,
    kinds.FEE: _fee,
}


def notice_values(
    *,
    application: Application,
    kind_key: str,
    outcome_key: str,
    data: dict[str, Any],
    issued_on: date,
) -> dict[str, str]:
    """Every placeholder a notice of this kind can use, filled for this application and step."""
    values = common_values(application, issued_on)
    if kind_key == kinds.REPLY:
        values.update(reply_values(application, outcome_key))
    else:
        values.update(_BY_KIND[kind_key](application, data, issued_on))
    return values
