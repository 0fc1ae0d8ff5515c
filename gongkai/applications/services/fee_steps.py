"""The fee steps' effects (国办函〔2020〕109号): the notice with its calculation, its delivery,
and closing an application whose fee went unpaid."""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _

from gongkai.applications import fees, outcomes, step_rules
from gongkai.applications.models import Application, ApplicationEvent
from gongkai.applications.services.step_input import day_not_before, require
from gongkai.core.errors import DomainError


def send_fee_notice_effect(app, on, data, actor, history):
    # 109号 第三条: one basis per application, never charged twice (step_rules: one notice).
    basis = require(data, "basis", "收费方式")
    quantity = data.get("quantity")
    try:
        quantity = int(quantity)
    except (TypeError, ValueError):
        raise DomainError(f"数量“{quantity}”应为正整数", field="quantity") from None
    earlier = 0
    if basis == "by_count":
        earlier = earlier_items_this_month(app)
    try:
        calc = fees.fee_calculate(basis=basis, quantity=quantity, earlier_this_month=earlier)
    except fees.FeeError as error:
        # A known basis leaves only the quantity to be wrong.
        field = "quantity" if basis in (fees.BY_COUNT, fees.BY_VOLUME) else "basis"
        raise DomainError(str(error), field=field) from None
    if calc.total == 0:
        raise DomainError("按该数量不应收费，无需发出收费通知", field="quantity")
    recorded = {
        "basis": basis,
        "quantity": quantity,
        "amount": calc.total,
        "calculation": calc.text,
    }
    if data.get("delivered_on"):
        recorded["delivered_on"] = _fee_delivery(data, on).isoformat()
    return recorded


def _fee_delivery(data, sent: date) -> date:
    return day_not_before(data, "delivered_on", _("收费通知送达日期"), sent, _("发出日期"))


def record_fee_delivery_effect(app, on, data, actor, history):
    sent = history.latest("send_fee_notice").on
    return {"delivered_on": _fee_delivery(data, sent).isoformat()}


def earlier_items_this_month(app: Application) -> int:
    """Items the same applicant asked this agency for earlier in the month of receipt (按件).

    109号 第四条 counts an applicant's applications (件) per calendar month, charged or not; an
    earlier application split into several items by its own fee notice counts as that many.
    """
    identity = {"uscc": app.uscc} if app.uscc else {"id_number": app.id_number}
    received = app.received_on
    earlier = (
        Application.objects.filter(
            agency=app.agency,
            received_on__year=received.year,
            received_on__month=received.month,
            **identity,
        )
        .exclude(pk=app.pk)
        .filter(Q(received_on__lt=received) | Q(received_on=received, pk__lt=app.pk))
    )
    split = {
        event.application_id: event.data.get("quantity", 1)
        for event in ApplicationEvent.objects.filter(
            kind="send_fee_notice", application__in=earlier, data__basis="by_count"
        )
    }
    return sum(split.get(pk, 1) for pk in earlier.values_list("pk", flat=True))


def expire_fee_effect(app, on, data, actor, history):
    # The window the step's rule found over (step_rules), from the events it read.
    window = step_rules.fee_window(history.events)
    app.outcome, app.closed_on = outcomes.FEE_UNPAID, on
    return {"outcome": app.outcome, "payment_due": window.due.isoformat()}
