"""Shared steps of the view tests: applications in a given state, posting an action form."""

from __future__ import annotations

from datetime import date, timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.applications import outcomes
from gongkai.applications.models import Application
from gongkai.applications.services import (
    application_act,
    application_register,
    application_submit_online,
)
from tests.applications.factories import Office, person_intake


def today() -> date:
    return timezone.localdate()


def registered(office: Office, *, received: date | None = None, **intake) -> Application:
    """Registered by the clerk (in person), received today unless said otherwise."""
    return application_register(
        agency=office.agency,
        intake=person_intake(**intake),
        received_on=received or today(),
        actor=office.clerk,
    )


def submitted_online(office: Office, **intake) -> Application:
    return application_submit_online(
        agency=office.agency, intake=person_intake(channel="online", **intake)
    )


def act(app: Application, action: str, actor, *, on: date | None = None, **data) -> Application:
    return application_act(application=app, action=action, actor=actor, on=on or today(), data=data)


def assigned(office: Office, **intake) -> Application:
    return act(
        registered(office, **intake), "assign", office.clerk, department=office.department.pk
    )


def fee_notice_sent(app: Application, actor, on: date, *, quantity: int = 250) -> Application:
    """A fee notice by volume (250 pages: 4700 元) sent on ``on`` and received by the applicant the
    same day, so that its 20 working days to pay run from the next."""
    return act(
        app,
        "send_fee_notice",
        actor,
        on=on,
        basis="by_volume",
        quantity=quantity,
        delivered_on=on.isoformat(),
    )


def awaiting_fee(office: Office, notice: date, **intake) -> Application:
    """Received Mon 2026-10-26, assigned the next day, a fee notice of 50 pages sent and received
    on ``notice``."""
    app = act(
        registered(office, received=date(2026, 10, 26), **intake),
        "assign",
        office.clerk,
        on=date(2026, 10, 27),
        department=office.department.pk,
    )
    return fee_notice_sent(app, office.clerk, notice, quantity=50)


def drafted(office: Office, *, outcome: str = outcomes.GRANTED, by=None) -> Application:
    return act(
        assigned(office), "draft", by or office.clerk, outcome=outcome, reply_text="答复如下……"
    )


def post_action(client: Client, app: Application, action: str, *, follow=False, **fields):
    """POST one action form as the detail page renders it (fields prefixed with the action)."""
    data = {f"{action}-{name}": value for name, value in fields.items()}
    data.setdefault(f"{action}-on", today().isoformat())
    return client.post(reverse("applications:act", args=[app.pk, action]), data, follow=follow)


def public_form_data(**overrides) -> dict[str, str]:
    """What a person filling the public form sends (valid unless overridden)."""
    intake = person_intake()
    data = {
        "applicant_kind": "person",
        "applicant_name": intake.applicant_name,
        "id_type": "resident_id",
        "id_number": intake.id_number,
        "phone": intake.phone,
        "email": intake.email,
        "address": intake.address,
        "info_name": intake.info_name,
        "form_wanted": "electronic",
        "delivery": "email",
        "submission_key": "6f1c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def days_ago(n: int) -> date:
    return today() - timedelta(days=n)


def field_html(html: str, name: str) -> str:
    """A page's HTML from one field's wrapper to the next one's: its label, errors, input."""
    start = html.index(f'id="field-{name}"')
    end = html.find('<div class="field"', start + 1)
    return html[start : end if end != -1 else None]


def days_ahead(n: int) -> date:
    return today() + timedelta(days=n)
