"""The applicant withdraws their own application online, from the track page.

The workflow's ``withdraw`` is a staff step (a clerk records a withdrawal handed in on paper);
this records the same step with no staff actor, flagged ``by_applicant``, with the same effect on
the record (outcome, closing date: handling.EFFECTS), so that the annual report counts both in
the same row. Allowed exactly where the workflow allows ``withdraw``: before the reply.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from gongkai.applications import step_rules, workflow
from gongkai.applications.models import Application, ApplicationEvent, State
from gongkai.applications.notices.services import notices_for_event
from gongkai.applications.services.deadlines import application_refresh_deadline
from gongkai.applications.services.handling import EFFECTS
from gongkai.core.errors import DomainError
from gongkai.workdays import clock

WITHDRAW = "withdraw"
REASON_MAX_CHARS = 500


def can_withdraw_online(application: Application) -> bool:
    return application.state in workflow.action(WITHDRAW).sources


def withdrawal_refusal(application: Application) -> str:
    """Why this application cannot be withdrawn online now; "" when it can."""
    if can_withdraw_online(application):
        return ""
    if application.state == State.SUBMITTED:
        return gettext("申请尚待机关确认收到，暂不能在网上撤回；如需撤回，请联系受理机关。")
    return gettext("申请当前状态为“%(state)s”，不能撤回。") % {
        "state": State(application.state).label
    }


def application_withdraw_by_applicant(*, application: Application, reason: str = "") -> Application:
    """Close the application as withdrawn by its applicant today; refused (DomainError) in a state
    where the workflow does not allow a withdrawal. All of it, or nothing."""
    act = workflow.action(WITHDRAW)
    reason = reason.strip()
    if len(reason) > REASON_MAX_CHARS:
        raise DomainError(
            gettext("撤回理由最多 %(limit)d 个字") % {"limit": REASON_MAX_CHARS}, field="reason"
        )
    on = timezone.localdate()
    with transaction.atomic():
        app = Application.objects.select_for_update().get(pk=application.pk)
        if refusal := withdrawal_refusal(app):
            raise DomainError(refusal)
        before = app.state
        data = {"reason": reason} if reason else {}
        recorded = EFFECTS[act.key](app, on, data, None, step_rules.Situation(app, on, None))
        recorded["by_applicant"] = True
        app.state = act.target
        app.save()
        event = ApplicationEvent.objects.create(
            application=app,
            kind=act.key,
            on=on,
            actor=None,
            state_before=before,
            state_after=app.state,
            data=recorded,
        )
        try:
            application_refresh_deadline(app)
        except clock.ClockError as error:
            raise DomainError(str(error)) from None
        notices_for_event(event)
    return app
