"""The applicant withdraws their own application online, from the track page.

The workflow's ``withdraw`` is a staff step (a clerk records a withdrawal handed in on paper);
this records the same step through the same tail (handling.step_record: effect, event, deadline,
notice, the applicant told) with no staff actor, flagged ``by_applicant``, so that the annual
report counts both in the same row. Allowed where the workflow's states and the record rules
allow ``withdraw``: before the reply.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from gongkai.applications import step_rules, workflow
from gongkai.applications.models import Application, State
from gongkai.applications.services.handling import check_step_date, step_record
from gongkai.core.errors import DomainError

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
        # The office's own step, less its roles: the same record rules, effect, notice and news.
        history = step_rules.Situation(app, on, None)
        check_step_date(history)
        if refusal := step_rules.step_refusal(
            app, WITHDRAW, on=on, user_pk=None, situation=history
        ):
            raise DomainError(refusal)
        data = {"reason": reason} if reason else {}
        step_record(app, act, history, data, actor=None, flags={"by_applicant": True})
    return app
