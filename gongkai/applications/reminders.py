"""Which deadline reminders are due on a day, for whom, and in what words; queued in the outbox.

Kinds, for each pending application (not yet answered: no closing date) with a reply deadline,
as ``selectors`` defines them (the workload screen reads the same predicates):
  overdue    the deadline has passed; sent again every ISO week while it stays overdue;
  due_today  the deadline is today;
  due_soon   the deadline is within selectors.REMINDER_DUE_SOON_WORKING_DAYS working days;
for a registered or assigned application without a correction requested,
  correction_window  the 7-working-day window for the one-time correction notice (Art. 30) ends
                     within CORRECTION_WARNING_WORKING_DAYS working days;
for the waiting periods that would otherwise end in silence (the paused reply clock of a
consultation never becomes overdue, nor does an unpaid fee):
  consultation_over  the consulted party's 15 working days (Art. 32/34) are over: decide alone;
  fee_window_over    the applicant's 20 working days to pay are over: close it as unpaid;
and, for each agency, one digest a day to its clerks:
  provisional  the open applications whose deadline is provisional (a year without holiday data).

Each reminder goes to the application's assignee, or, with no assignee (or one without an e-mail
address, or one who no longer handles applications in the agency), to the agency's clerks who have
one. The outbox key names the kind, the application, the date the reminder is about and the
recipient: running again on the same day finds every key taken and queues nothing, while a
deadline that moves (an extension, a consultation) is a new date and so a new reminder. The
overdue key also names the ISO week of the run (``2026-W48``), so an overdue application is
reminded of once a week for as long as it stays overdue. The provisional digest is keyed by day,
so it comes once a day while it lasts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser

from gongkai.agencies.models import Agency, Membership, Role
from gongkai.applications import selectors
from gongkai.applications.links import staff_application_url
from gongkai.applications.models import Application, State
from gongkai.applications.permissions import possible_assignees
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
CONSULTATION_OVER = "consultation_over"
FEE_WINDOW_OVER = "fee_window_over"
PROVISIONAL = "provisional"

TAGS = {
    OVERDUE: "已逾期",
    DUE_TODAY: "今日到期",
    DUE_SOON: "即将到期",
    CORRECTION_WINDOW: "补正告知即将截止",
    CONSULTATION_OVER: "征求意见期满",
    FEE_WINDOW_OVER: "缴费期满",
    PROVISIONAL: "期限暂定",
}
# The date a reminder is about, as its subject and body name it.
_WHAT = {
    CORRECTION_WINDOW: "补正告知期限",
    CONSULTATION_OVER: "征求意见期满日",
    FEE_WINDOW_OVER: "缴费期限",
}

CORRECTION_WARNING_WORKING_DAYS = 3
# Art. 30: the correction may be asked for while registered or already assigned, within the window.
_CORRECTION_STATES = (State.REGISTERED, State.ASSIGNED)
# A correction window (7 working days) ends at most ~3 weeks after receipt, even across the
# Spring Festival; older registrations cannot be in their window and are not looked at.
_CORRECTION_LOOKBACK = timedelta(days=40)

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


def _reachable(user: AbstractBaseUser | None) -> bool:
    return user is not None and user.is_active and bool(user.email.strip())


class _Recipients:
    """The assignee, else the agency's clerks with an e-mail address (each read once per agency)."""

    def __init__(self) -> None:
        self._clerks: dict[int, list[AbstractBaseUser]] = {}
        self._handlers: dict[int, set[int]] = {}

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

    def _handles(self, user: AbstractBaseUser, agency_id: int) -> bool:
        if agency_id not in self._handlers:
            people = possible_assignees(agency_id).values_list("pk", flat=True)
            self._handlers[agency_id] = set(people)
        return user.pk in self._handlers[agency_id]

    def for_application(self, application: Application) -> list[AbstractBaseUser]:
        # An assignee without an address, or one who no longer handles the agency's applications
        # (moved or retired: no clerk or admin role left there), falls back to the clerks: a
        # reminder that reaches no one, or the wrong one, is the silent miss reminders prevent.
        assignee = application.assignee
        if _reachable(assignee) and self._handles(assignee, application.agency_id):
            return [assignee]
        return self.clerks(application.agency_id)


def _name(user: AbstractBaseUser) -> str:
    return user.get_full_name().strip() or user.get_username()


def _dated(day: date, provisional: bool) -> str:
    return f"{day.isoformat()}（暂定）" if provisional else day.isoformat()


def _lead(
    kind: str, app: Application, due: date, started: date | None, today: date, cal: WorkCalendar
) -> str:
    n, on = app.number, due.isoformat()
    if kind == OVERDUE:
        late = cal.workdays_between(due, today)
        return (
            f"申请 {n} 已超过答复期限 {on}（逾期 {late} 个工作日），"
            "请尽快答复（《条例》第三十三条）。逾期期间每周提醒一次。"
        )
    if kind == DUE_TODAY:
        return f"申请 {n} 的答复期限是今天（{on}），请在今天内答复。"
    if kind == DUE_SOON:
        left = cal.workdays_between(today, due)
        return f"申请 {n} 的答复期限 {on} 将至，距期限还有 {left} 个工作日。"
    if kind == CONSULTATION_OVER:
        return (
            f"申请 {n} 于 {started} 征求第三方或其他机关意见，"
            f"{clock.CONSULTATION_ANSWER_DAYS} 个工作日的答复期已于 {on} 届满。"
            "逾期未提出意见的，可依法自行决定（《条例》第三十二条、第三十四条）；"
            "请记录“收到意见或征求期满”，答复期限随即恢复计算。"
            "征求意见期间答复期限暂停，不会显示为逾期，请勿遗漏。"
        )
    if kind == FEE_WINDOW_OVER:
        return (
            f"申请 {n} 于 {started} 发出收费通知，缴费期限 {on} 已届满。"
            "申请人逾期未缴纳信息处理费的，请按“逾期未缴费，不再处理”办结并告知申请人；"
            "如申请人已在期限内缴费，请补记“收到缴费”。"
        )
    return (
        f"申请 {n} 的补正告知期限 {on} 将至：如申请内容需要补正，"
        "应在此前一次性告知申请人需要补正的事项和合理的补正期限（《条例》第三十条），逾期后不能再要求补正。"
    )


def _key(kind: str, app: Application, due: date, today: date, user: AbstractBaseUser) -> str:
    about = due.isoformat()
    if kind == OVERDUE:
        # Once per ISO week of the run while it stays overdue, not once per due date.
        year, week, _ = today.isocalendar()
        about += f":{year}-W{week:02d}"
    return f"reminder:{kind}:{app.pk}:{about}:{user.pk}"


@dataclass
class _Run:
    """One planning run: the day, its calendar, who receives what, and the plan being filled."""

    today: date
    calendar: WorkCalendar
    recipients: _Recipients = field(default_factory=_Recipients)
    plan: ReminderPlan = field(default_factory=ReminderPlan)

    def remind(
        self,
        app: Application,
        kind: str,
        due: date,
        provisional: bool,
        explanation: str,
        started: date | None = None,
    ) -> None:
        """One reminder about ``app`` to each of its recipients (or note that nobody can get it)."""
        users = self.recipients.for_application(app)
        if not users:
            self.plan.unreachable.append(
                f"{app.agency.name} {app.number}：没有承办人，机关也没有填写了电子邮箱的承办人"
            )
        what = _WHAT.get(kind, "答复期限")
        subject = f"【{TAGS[kind]}】{app.number} {what} {_dated(due, provisional)}"
        lead = _lead(kind, app, due, started, self.today, self.calendar)
        for user in users:
            lines = [
                f"{_name(user)}，您好：",
                "",
                lead,
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
            self.plan.reminders.append(
                Reminder(
                    kind=kind,
                    key=_key(kind, app, due, self.today, user),
                    to=user.email.strip(),
                    subject=subject,
                    body="\n".join(lines),
                    user_id=user.pk,
                    agency_id=app.agency_id,
                    application_id=app.pk,
                )
            )


def _reply_kind(due: date, today: date) -> str:
    if selectors.is_overdue(due, today):
        return OVERDUE
    return DUE_TODAY if due == today else DUE_SOON


def _reply_reminders(run: _Run) -> None:
    today = run.today
    until = selectors.due_soon_until(today, selectors.REMINDER_DUE_SOON_WORKING_DAYS, run.calendar)
    apps = Application.objects.select_related("agency", "assignee")
    for app in [*selectors.overdue(apps, today), *selectors.due_soon(apps, today, until)]:
        kind = _reply_kind(app.due_on, today)
        run.remind(app, kind, app.due_on, app.due_provisional, app.due_explanation)


def _correction_reminders(run: _Run) -> None:
    until = run.calendar.add_workdays(run.today, CORRECTION_WARNING_WORKING_DAYS)
    convention = convention_from_settings()
    apps = (
        selectors.pending(Application.objects)
        .filter(
            state__in=_CORRECTION_STATES,
            received_on__isnull=False,
            received_on__gte=run.today - _CORRECTION_LOOKBACK,
        )
        # A correction is asked for once (Art. 30); after it, the window no longer matters.
        .exclude(events__kind="request_correction")
        .select_related("agency", "assignee")
        .order_by("received_on", "pk")
    )
    for app in apps:
        window = clock.correction_notice_deadline(app.received_on, run.calendar, convention)
        if run.today <= window.due <= until:
            run.remind(app, CORRECTION_WINDOW, window.due, window.provisional, window.explanation)


def _period_reminders(run: _Run) -> None:
    apps = Application.objects.all()
    for kind, periods in (
        (CONSULTATION_OVER, selectors.consultations_over(apps, run.today, run.calendar)),
        (FEE_WINDOW_OVER, selectors.fee_windows_over(apps, run.today, run.calendar)),
    ):
        for p in periods:
            run.remind(p.application, kind, p.ended, p.provisional, p.explanation, p.started)


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
        selectors.provisional(Application.objects)
        .filter(due_on__isnull=False)
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
    run = _Run(today=today, calendar=calendar_current())
    _reply_reminders(run)
    _correction_reminders(run)
    _period_reminders(run)
    _provisional_reminders(run.plan, today, run.recipients)
    return run.plan


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
