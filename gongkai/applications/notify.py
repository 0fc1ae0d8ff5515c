"""What an applicant is told about their application, by e-mail and SMS, through the outbox.

``applicant_notify`` queues one e-mail (when the application has an e-mail address) and one text
message (when its phone is a mainland mobile number) about one event. The outbox keys name the
application, the event and the channel, so telling the applicant again about the same event (a
retried request, a rerun job) queues nothing: they hear of it once. The occasions:

  notify_submitted       an online application was stored: its query code; the office confirms;
  notify_confirmed       the application was received: number, query code, receipt and due date;
  notify_notice_served   a notice (告知书) was served: read it on the track page;
  notify_window_closing  a window the applicant must act in (a correction, a fee) closes soon.

The e-mail is a short letter with the application's number, query code and agency; the SMS is one
line with the query code (and the link, if any). Nothing here sends: ``gongkai remind`` (cron)
sends what the outbox holds. ``notify_for_event`` is what the workflow calls after recording a
step, inside the step's transaction: the messages are queued with the step or not at all, and a
send that fails later is retried by the outbox without touching the step.
"""

from __future__ import annotations

import hashlib
from datetime import date

from django.utils.translation import gettext as _

from gongkai.applications.links import track_url
from gongkai.applications.models import Application, ApplicationEvent, Notice
from gongkai.applications.notices import kinds
from gongkai.applications.notices.compose import cn_date
from gongkai.core.models import OutboxChannel
from gongkai.core.outbox import outbox_enqueue
from gongkai.core.sms import mobile_number

SUBMITTED = "submitted"
CONFIRMED = "confirmed"
NOTICE_SERVED = "notice_served"
WINDOW_CLOSING = "window_closing"


def _digest(text: str) -> str:
    # Keeps keys short and free of whatever characters a title holds.
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _key(application: Application, event_key: str, channel: str) -> str:
    return f"applicant:{application.pk}:{event_key}:{channel}"


def _addressee(application: Application) -> str:
    # An organisation's letters go to its contact person when one was given.
    return application.contact_person.strip() or application.applicant_name


def _email_body(application: Application, text: str, link: str | None) -> str:
    values = {
        "name": _addressee(application),
        "text": text,
        "number": application.number,
        "code": application.query_code,
        "agency": application.agency.name,
    }
    lines = [
        _("%(name)s，您好：") % values,
        "",
        text,
        "",
        _("申请编号：%(number)s") % values,
        _("查询码：%(code)s（凭查询码和申请时填写的联系电话或证件号码查询办理进度）") % values,
        _("受理机关：%(agency)s") % values,
    ]
    if link:
        lines.append(_("查询页面：%(link)s") % {"link": link})
    lines += [
        "",
        "——",
        _("本邮件由%(agency)s政府信息公开平台自动发送，请勿直接回复。") % values,
    ]
    return "\n".join(lines)


def _sms_text(application: Application, text: str, link: str | None) -> str:
    values = {
        "agency": application.agency.name,
        "text": text,
        "code": application.query_code,
    }
    # No 【signature】: the gateway adds the one registered for the sender.
    message = _("%(agency)s：%(text)s查询码：%(code)s。") % values
    if link:
        message += _("查询：%(link)s") % {"link": link}
    return message


def applicant_notify(
    *,
    application: Application,
    event_key: str,
    subject: str,
    text: str,
    link: str | None = None,
) -> None:
    """Queue an e-mail and an SMS to the applicant about ``event_key``, each at most once.

    ``text`` is the news in one or two sentences (it opens the e-mail and is the SMS); the e-mail
    adds the number, query code and agency, the SMS the query code; both add ``link`` if given.
    No e-mail address: no e-mail; a phone that is not a mobile number (a landline): no SMS.
    """
    email = application.email.strip()
    if email:
        outbox_enqueue(
            key=_key(application, event_key, OutboxChannel.EMAIL),
            to=email,
            subject=subject,
            body=_email_body(application, text, link),
            channel=OutboxChannel.EMAIL,
        )
    mobile = mobile_number(application.phone)
    if mobile is not None:
        outbox_enqueue(
            key=_key(application, event_key, OutboxChannel.SMS),
            to=mobile,
            subject=subject,
            body=_sms_text(application, text, link),
            channel=OutboxChannel.SMS,
        )


def notify_submitted(*, application: Application) -> None:
    """An online application was stored; the office has yet to confirm the day it received it."""
    values = {"number": application.number}
    applicant_notify(
        application=application,
        event_key=SUBMITTED,
        subject=_("您的政府信息公开申请已提交（%(number)s）") % values,
        text=_("您的政府信息公开申请（编号 %(number)s）已提交，待机关确认收到后开始计算答复期限。")
        % values,
        link=track_url(),
    )


def notify_confirmed(*, application: Application) -> None:
    """The application was received (its receipt day confirmed): number, code and dates."""
    values = {"number": application.number}
    # The agency is named by the e-mail's details and the SMS's opening, not again here.
    text = _("您的政府信息公开申请（编号 %(number)s）已收到。") % values
    if application.received_on is not None:
        text += _("收到申请日期：%(received)s。") % {"received": cn_date(application.received_on)}
    if application.due_on is not None:
        due = cn_date(application.due_on)
        if application.due_provisional:
            # The year's holidays are not loaded yet: the date may still move.
            due = _("%(due)s（暂定）") % {"due": due}
        text += _("答复期限：%(due)s。") % {"due": due}
    applicant_notify(
        application=application,
        event_key=CONFIRMED,
        subject=_("您的政府信息公开申请已收到（%(number)s）") % values,
        text=text,
        link=track_url(),
    )


def notify_notice_served(*, application: Application, notice_title: str, notice_id: int) -> None:
    """A notice (告知书) titled ``notice_title`` was served; the applicant reads it online.

    Keyed by the notice, not its title: a second notice of the same kind (a second Art. 35
    deadline) is news too."""
    values = {"number": application.number, "title": notice_title}
    applicant_notify(
        application=application,
        event_key=f"{NOTICE_SERVED}:{notice_id}",
        subject=_("您的申请 %(number)s 有新的告知书：%(title)s") % values,
        text=_("您的政府信息公开申请（编号 %(number)s）已出具《%(title)s》，请登录查询页面查看。")
        % values,
        link=track_url(),
    )


def notify_window_closing(*, application: Application, what: str, closes_on: date) -> None:
    """A period the applicant must act in (``what``, e.g. "补正期限", "缴费期限") ends soon."""
    values = {"number": application.number, "what": what, "date": cn_date(closes_on)}
    applicant_notify(
        application=application,
        event_key=f"{WINDOW_CLOSING}:{_digest(what)}:{closes_on.isoformat()}",
        subject=_("您的申请 %(number)s 的%(what)s即将届满") % values,
        text=_("您的政府信息公开申请（编号 %(number)s）的%(what)s将于%(date)s届满，请在此前办理。")
        % values,
        link=track_url(),
    )


# Letters to a consulted third party or agency are not the applicant's news.
_NOT_TO_APPLICANT = frozenset({kinds.CONSULTATION, kinds.AGENCY_CONSULTATION})


def notify_for_event(event: ApplicationEvent, notice: Notice | None) -> None:
    """Tell the applicant about a step just recorded (``notice``: the one it issued, if any)."""
    application = event.application
    if event.kind == "submit":
        notify_submitted(application=application)
    elif notice is not None and notice.kind == kinds.RECEIPT:
        # The receipt is the confirmation: one message says both.
        notify_confirmed(application=application)
    elif notice is not None and notice.kind not in _NOT_TO_APPLICANT:
        notify_notice_served(
            application=application, notice_title=notice.title, notice_id=notice.pk
        )
