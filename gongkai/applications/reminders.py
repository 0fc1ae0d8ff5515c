"""Which deadline reminders are due on a day, for whom, and in what words; queued in the outbox.

Kinds, for each open application (not yet served or closed) with a reply deadline:
  overdue    the deadline has passed;
  due_today  the deadline is today;
  due_soon   the deadline is within DUE_SOON_WORKING_DAYS working days;
and, for an application still registered without a correction requested,
  correction_window  the 7-working-day window for the one-time correction notice (Art. 30) ends
                     within CORRECTION_WARNING_WORKING_DAYS working days;
and, for each agency, one digest a day to its clerks:
  provisional  the open applications whose deadline is provisional (a year without holiday data).

Each reminder goes to the application's assignee, or, with no assignee (or one without an e-mail
address), to the agency's clerks who have one. The outbox key names the kind, the application, the
date the reminder is about and the recipient: running again on the same day finds every key taken
and queues nothing, while a deadline that moves (an extension, a consultation) is a new date and
so a new reminder. The provisional digest is keyed by day, so it comes once a day while it lasts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.urls import reverse

from gongkai.agencies.models import Agency, Membership, Role
from gongkai.applications.models import Application, State
from gongkai.core.models import OutboxMessage
from gongkai.core.outbox import outbox_enqueue
from gongkai.workdays import clock
from gongkai.workdays.calendar import WorkCalendar
from gongkai.workdays.conf import convention_from_settings
from gongkai.workdays.services import calendar_current

OVERDUE = "overdue"
DUE_TODAY = "due_today"
DUE_SOON = "due_soon"
CORRECTION_WINDOW = "correction_window"
PROVISIONAL = "provisional"

TAGS = {
    OVERDUE: "已逾期",
    DUE_TODAY: "今日到期",
    DUE_SOON: "即将到期",
    CORRECTION_WINDOW: "补正告知即将截止",
    PROVISIONAL: "期限暂定",
}

DUE_SOON_WORKING_DAYS = 3
CORRECTION_WARNING_WORKING_DAYS = 3
# A correction window (7 working days) ends at most ~3 weeks after receipt, even across the
# Spring Festival; older registrations cannot be in their window and are not looked at.
_CORRECTION_LOOKBACK = timedelta(days=40)
# Served: the reply has reached the applicant, so its deadline has been met; closing is clerical.
_NO_REPLY_REMINDERS = (State.SERVED, State.CLOSED)

_FOOTER = "——\n本邮件由政府信息公开平台自动发送，请勿直接回复。"


@dataclass(frozen=True)
class Reminder:
    kind: str
    key: str
    to: str
    subject: str
    body: str
    user_id: int
    agency_id: int
    application_id: int | None = None


@dataclass
class ReminderPlan:
    reminders: list[Reminder] = field(default_factory=list)
    # Applications (or agencies) that are due a reminder nobody can receive, described in Chinese.
    unreachable: list[str] = field(default_factory=list)


@dataclass
class EnqueueResult:
    due: int = 0
    new: list[Reminder] = field(default_factory=list)
    existing: int = 0
    unreachable: list[str] = field(default_factory=list)


def staff_application_url(application_id: int) -> str:
    return settings.GONGKAI_SITE_URL + reverse("applications:detail", args=[application_id])


def _reachable(user: AbstractBaseUser | None) -> bool:
    return user is not None and user.is_active and bool(user.email.strip())


class _Recipients:
    """The assignee, else the agency's clerks with an e-mail address (read once per agency)."""

    def __init__(self) -> None:
        self._clerks: dict[int, list[AbstractBaseUser]] = {}

    def clerks(self, agency_id: int) -> list[AbstractBaseUser]:
        if agency_id not in self._clerks:
            users = get_user_model().objects.filter(
                pk__in=Membership.objects.filter(agency_id=agency_id, role=Role.CLERK).values(
                    "user_id"
                ),
                is_active=True,
            )
            self._clerks[agency_id] = [u for u in users.order_by("pk") if _reachable(u)]
        return self._clerks[agency_id]

    def for_application(self, application: Application) -> list[AbstractBaseUser]:
        # An assignee without an address falls back to the clerks: a reminder that reaches no
        # one is exactly the silent miss reminders exist to prevent.
        if _reachable(application.assignee):
            return [application.assignee]
        return self.clerks(application.agency_id)


def _name(user: AbstractBaseUser) -> str:
    return user.get_full_name().strip() or user.get_username()


def _dated(day: date, provisional: bool) -> str:
    return f"{day.isoformat()}（暂定）" if provisional else day.isoformat()


def _lead(kind: str, app: Application, due: date, today: date, calendar: WorkCalendar) -> str:
    if kind == OVERDUE:
        late = calendar.workdays_between(due, today)
        return (
            f"申请 {app.number} 已超过答复期限 {due.isoformat()}（逾期 {late} 个工作日），"
            "请尽快答复（《条例》第三十三条）。"
        )
    if kind == DUE_TODAY:
        return f"申请 {app.number} 的答复期限是今天（{due.isoformat()}），请在今天内答复。"
    if kind == DUE_SOON:
        left = calendar.workdays_between(today, due)
        return f"申请 {app.number} 的答复期限 {due.isoformat()} 将至，距期限还有 {left} 个工作日。"
    return (
        f"申请 {app.number} 的补正告知期限 {due.isoformat()} 将至：如申请内容需要补正，"
        "应在此前一次性告知申请人需要补正的事项和合理的补正期限（《条例》第三十条），逾期后不能再要求补正。"
    )


def _application_reminder(
    *,
    kind: str,
    app: Application,
    user: AbstractBaseUser,
    due: date,
    provisional: bool,
    explanation: str,
    today: date,
    calendar: WorkCalendar,
) -> Reminder:
    what = "补正告知期限" if kind == CORRECTION_WINDOW else "答复期限"
    subject = f"【{TAGS[kind]}】{app.number} {what} {_dated(due, provisional)}"
    lines = [
        f"{_name(user)}，您好：",
        "",
        _lead(kind, app, due, today, calendar),
        "",
        f"申请编号：{app.number}",
        f"申请人：{app.applicant_name}",
        f"所需信息：{app.info_name}",
        f"当前状态：{app.get_state_display()}",
        f"{what}：{_dated(due, provisional)}",
        f"期限说明：{explanation}",
        f"办理页面：{staff_application_url(app.pk)}",
        "",
        _FOOTER,
    ]
    return Reminder(
        kind=kind,
        key=f"reminder:{kind}:{app.pk}:{due.isoformat()}:{user.pk}",
        to=user.email.strip(),
        subject=subject,
        body="\n".join(lines),
        user_id=user.pk,
        agency_id=app.agency_id,
        application_id=app.pk,
    )


def _reply_kind(due: date, today: date) -> str:
    if due < today:
        return OVERDUE
    return DUE_TODAY if due == today else DUE_SOON


def _unreachable(app: Application) -> str:
    return f"{app.agency.name} {app.number}：没有承办人，机关也没有填写了电子邮箱的承办人"


def _reply_reminders(
    plan: ReminderPlan, today: date, calendar: WorkCalendar, recipients: _Recipients
) -> None:
    until = calendar.add_workdays(today, DUE_SOON_WORKING_DAYS)
    apps = (
        Application.objects.exclude(state__in=_NO_REPLY_REMINDERS)
        .filter(due_on__isnull=False, due_on__lte=until)
        .select_related("agency", "assignee")
        .order_by("due_on", "pk")
    )
    for app in apps:
        users = recipients.for_application(app)
        if not users:
            plan.unreachable.append(_unreachable(app))
        for user in users:
            plan.reminders.append(
                _application_reminder(
                    kind=_reply_kind(app.due_on, today),
                    app=app,
                    user=user,
                    due=app.due_on,
                    provisional=app.due_provisional,
                    explanation=app.due_explanation,
                    today=today,
                    calendar=calendar,
                )
            )


def _correction_reminders(
    plan: ReminderPlan, today: date, calendar: WorkCalendar, recipients: _Recipients
) -> None:
    until = calendar.add_workdays(today, CORRECTION_WARNING_WORKING_DAYS)
    convention = convention_from_settings()
    apps = (
        Application.objects.filter(
            state=State.REGISTERED,
            received_on__isnull=False,
            received_on__gte=today - _CORRECTION_LOOKBACK,
        )
        # A correction is asked for once (Art. 30); after it, the window no longer matters.
        .exclude(events__kind="request_correction")
        .select_related("agency", "assignee")
        .order_by("received_on", "pk")
    )
    for app in apps:
        window = clock.correction_notice_deadline(app.received_on, calendar, convention)
        if not today <= window.due <= until:
            continue
        users = recipients.for_application(app)
        if not users:
            plan.unreachable.append(_unreachable(app))
        for user in users:
            plan.reminders.append(
                _application_reminder(
                    kind=CORRECTION_WINDOW,
                    app=app,
                    user=user,
                    due=window.due,
                    provisional=window.provisional,
                    explanation=window.explanation,
                    today=today,
                    calendar=calendar,
                )
            )


def _provisional_digest(
    agency: Agency, apps: list[Application], user: AbstractBaseUser, today: date
) -> Reminder:
    subject = f"【{TAGS[PROVISIONAL]}】{agency.name} {len(apps)} 件申请的答复期限为暂定"
    lines = [
        f"{_name(user)}，您好：",
        "",
        f"截至 {today.isoformat()}，{agency.name}以下 {len(apps)} 件申请的答复期限按暂定日期计算："
        "期限所在年份的节假日安排尚未载入，暂按周末计算，载入后期限会重新计算，可能提前或推后。"
        "请提醒平台管理员导入国务院办公厅公布的当年节假日安排。",
        "",
    ]
    for app in apps:
        lines += [
            f"{app.number}　{app.applicant_name}　{app.info_name}",
            f"　　当前状态：{app.get_state_display()}；答复期限：{_dated(app.due_on, True)}",
            f"　　期限说明：{app.due_explanation}",
            f"　　办理页面：{staff_application_url(app.pk)}",
        ]
    lines += ["", _FOOTER]
    return Reminder(
        kind=PROVISIONAL,
        key=f"reminder:{PROVISIONAL}:{agency.pk}:{today.isoformat()}:{user.pk}",
        to=user.email.strip(),
        subject=subject,
        body="\n".join(lines),
        user_id=user.pk,
        agency_id=agency.pk,
    )


def _provisional_reminders(plan: ReminderPlan, today: date, recipients: _Recipients) -> None:
    apps = (
        Application.objects.exclude(state__in=_NO_REPLY_REMINDERS)
        .filter(due_on__isnull=False, due_provisional=True)
        .select_related("agency")
        .order_by("agency_id", "due_on", "pk")
    )
    by_agency: dict[int, list[Application]] = {}
    for app in apps:
        by_agency.setdefault(app.agency_id, []).append(app)
    for agency_apps in by_agency.values():
        agency = agency_apps[0].agency
        clerks = recipients.clerks(agency.pk)
        if not clerks:
            plan.unreachable.append(f"{agency.name}：暂定期限汇总没有填写了电子邮箱的承办人可收")
        for user in clerks:
            plan.reminders.append(_provisional_digest(agency, agency_apps, user, today))


def reminders_due(*, today: date) -> ReminderPlan:
    """Every reminder due on ``today`` (those already queued included: enqueueing skips them)."""
    calendar = calendar_current()
    recipients = _Recipients()
    plan = ReminderPlan()
    _reply_reminders(plan, today, calendar, recipients)
    _correction_reminders(plan, today, calendar, recipients)
    _provisional_reminders(plan, today, recipients)
    return plan


def _existing_keys(reminders: Iterable[Reminder]) -> set[str]:
    keys = [r.key for r in reminders]
    found: set[str] = set()
    for start in range(0, len(keys), 500):  # stay under SQLite's parameter limit
        chunk = keys[start : start + 500]
        found.update(OutboxMessage.objects.filter(key__in=chunk).values_list("key", flat=True))
    return found


def reminders_enqueue(*, today: date, dry_run: bool = False) -> EnqueueResult:
    """Queue the reminders due on ``today`` that are not queued yet; ``dry_run`` writes nothing."""
    plan = reminders_due(today=today)
    result = EnqueueResult(due=len(plan.reminders), unreachable=plan.unreachable)
    if dry_run:
        taken = _existing_keys(plan.reminders)
        result.new = [r for r in plan.reminders if r.key not in taken]
        result.existing = result.due - len(result.new)
        return result
    for reminder in plan.reminders:
        _, created = outbox_enqueue(
            key=reminder.key, to=reminder.to, subject=reminder.subject, body=reminder.body
        )
        if created:
            result.new.append(reminder)
        else:
            result.existing += 1
    return result
