"""The workflow issues each notice at its step, in the step's transaction, and freezes it."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from django.utils import timezone

from gongkai.applications import fees, outcomes
from gongkai.applications.models import Application, ApplicationEvent, Notice, NoticeTemplate
from gongkai.applications.notices import kinds, replies
from gongkai.applications.notices.compose import cn_date
from gongkai.applications.notices.services import notices_for_event
from gongkai.applications.services import application_act, application_submit_online
from gongkai.documents import fonts as document_fonts
from gongkai.documents.errors import RenderError
from gongkai.workdays import clock
from gongkai.workdays.services import calendar_current
from tests.applications.factories import person_intake
from tests.applications.test_notices_support import REMEDY_PHRASES, assert_in_both, registered
from tests.applications.views_helpers import fee_notice_sent

D = date


def _act(application, action, actor, on, **data):
    return application_act(application=application, action=action, actor=actor, on=on, data=data)


def _to_cleared(office, application):
    """register → correction → assign → consultation → extension → fee → reviews → cleared."""
    app = _act(
        application,
        "request_correction",
        office.clerk,
        D(2026, 10, 14),
        items="请写明所需信息的形成年份",
        until="2026-10-30",
    )
    app = _act(app, "receive_correction", office.clerk, D(2026, 10, 16))
    app = _act(app, "assign", office.clerk, D(2026, 10, 19), department=office.department.pk)
    app = _act(
        app,
        "start_consultation",
        office.clerk,
        D(2026, 10, 20),
        party="哈尔滨某某电子有限公司",
        kind="third_party",
    )
    app = _act(app, "end_consultation", office.clerk, D(2026, 10, 30), result="不同意公开")
    app = _act(
        app, "approve_extension", office.head, D(2026, 11, 2), days=10, reason="涉及多个处室的档案"
    )
    app = fee_notice_sent(app, office.clerk, D(2026, 11, 3))
    app = _act(app, "receive_fee", office.clerk, D(2026, 11, 5))
    app = _act(
        app,
        "draft",
        office.clerk,
        D(2026, 11, 6),
        outcome=outcomes.PARTIAL,
        reply_text="可以公开的部分见附件；涉及第三方商业秘密的部分不予公开。",
    )
    app = _act(app, "head_review", office.head, D(2026, 11, 9))
    app = _act(app, "leader_approve", office.leader, D(2026, 11, 10))
    return _act(app, "clear", office.reviewer, D(2026, 11, 11))


def test_walking_an_application_issues_each_notice_at_its_step(office):
    app = _to_cleared(office, registered(office, received_on=D(2026, 10, 12)))
    before_serve = list(Notice.objects.filter(application=app).values_list("kind", flat=True))
    assert before_serve == ["receipt", "correction", "consultation", "extension", "fee"]
    app = _act(app, "serve", office.clerk, D(2026, 11, 12))

    notices = list(Notice.objects.filter(application=app).order_by("pk"))
    steps = [(n.kind, n.event.kind, n.issued_on, n.issued_by) for n in notices]
    assert steps == [
        ("receipt", "register", D(2026, 10, 12), office.clerk),
        ("correction", "request_correction", D(2026, 10, 14), office.clerk),
        ("consultation", "start_consultation", D(2026, 10, 20), office.clerk),
        ("extension", "approve_extension", D(2026, 11, 2), office.head),
        ("fee", "send_fee_notice", D(2026, 11, 3), office.clerk),
        ("reply", "serve", D(2026, 11, 12), office.clerk),
    ]
    assert [n.number for n in notices] == [f"hlj-ipo-2026-{i:04d}" for i in range(1, 7)]

    receipt, correction, consultation, extension, fee, reply = notices
    assert_in_both(correction, "请写明所需信息的形成年份", "2026年10月30日前")
    assert_in_both(consultation, "哈尔滨某某电子有限公司", "第三十二条")
    # The extension states the deadline the clock derived; no later step moved it (paying a fee
    # does not pause the clock under the default convention).
    assert "延期 10 个工作日" in app.due_explanation
    assert_in_both(extension, "延长10个工作日", f"延长后的答复期限至{cn_date(app.due_on)}")
    payment = clock.fee_payment_deadline(D(2026, 11, 3), calendar_current())
    assert_in_both(fee, f"至{cn_date(payment.due)}")
    assert_in_both(fee, "金额：4700元", "（国办函〔2020〕109号）第五条")
    assert fees.fee_calculate(basis="by_volume", quantity=250).text not in fee.text
    assert reply.outcome == outcomes.PARTIAL
    assert_in_both(
        reply,
        "张三：",
        "对您的申请作出如下处理：部分公开。",
        "《中华人民共和国政府信息公开条例》第三十七条",
        "可以公开的部分见附件；涉及第三方商业秘密的部分不予公开。",
        *REMEDY_PHRASES,
    )


def test_the_extension_notice_states_the_new_deadline_the_clock_derived(office):
    app = registered(office, received_on=D(2026, 10, 12))
    due_before = app.due_on
    app = _act(app, "approve_extension", office.head, D(2026, 10, 20), days=20, reason="档案较多")
    assert app.due_on > due_before
    notice = Notice.objects.get(application=app, kind=kinds.EXTENSION)
    assert_in_both(notice, f"延长后的答复期限至{cn_date(app.due_on)}")


def test_the_receipt_states_the_reply_deadline_but_not_the_clocks_explanation(office):
    app = registered(office, received_on=D(2026, 10, 12))
    receipt = Notice.objects.get(application=app, kind=kinds.RECEIPT)
    assert_in_both(receipt, f"答复期限至{cn_date(app.due_on)}")
    assert app.due_explanation and app.due_explanation not in receipt.text


def test_an_online_application_gets_its_receipt_when_the_receipt_is_confirmed(office):
    app = application_submit_online(agency=office.agency, intake=person_intake())
    assert not Notice.objects.filter(application=app).exists()
    today = timezone.localdate()  # the submission was recorded today; dates never go back
    app = _act(app, "confirm_receipt", office.clerk, today)
    receipt = Notice.objects.get(application=app)
    assert receipt.kind == kinds.RECEIPT and receipt.issued_by == office.clerk
    assert_in_both(receipt, f"收到您的政府信息公开申请的日期为{cn_date(today)}", "网上申请")


def test_abandonment_closes_with_a_termination_notice(office):
    app = registered(office, received_on=D(2026, 10, 12))
    app = _act(
        app,
        "request_correction",
        office.clerk,
        D(2026, 10, 13),
        items="请写明所需信息的文号",
        until="2026-10-20",
    )
    app = _act(app, "abandon", office.clerk, D(2026, 10, 22))
    notice = Notice.objects.get(application=app, kind=kinds.REPLY)
    assert notice.title == "政府信息公开申请终止处理告知书"
    assert notice.outcome == outcomes.ABANDONED_CORRECTION
    assert_in_both(
        notice,
        replies.reply_decision(outcomes.ABANDONED_CORRECTION),
        "本机关于2026年10月13日告知您补正，补正期限至2026年10月20日",
        "第三十条",
        *REMEDY_PHRASES,
    )


def test_unpaid_fees_close_with_a_termination_notice_naming_the_payment_deadline(office):
    app = registered(office, received_on=D(2026, 10, 12))
    app = _act(app, "assign", office.clerk, D(2026, 10, 13), department=office.department.pk)
    app = fee_notice_sent(app, office.clerk, D(2026, 10, 14), quantity=120)
    expiry_day = D(2026, 11, 26)
    app = _act(app, "expire_fee", office.clerk, expiry_day)
    event = app.events.get(kind="expire_fee")
    due = date.fromisoformat(event.data["payment_due"])
    fee_notice = Notice.objects.get(application=app, kind=kinds.FEE)
    assert_in_both(fee_notice, f"至{cn_date(due)}")
    notice = Notice.objects.get(application=app, kind=kinds.REPLY)
    assert notice.title == "政府信息公开申请终止处理告知书"
    assert_in_both(
        notice,
        replies.reply_decision(outcomes.FEE_UNPAID),
        f"缴费期限至{cn_date(due)}",
        "国办函〔2020〕109号",
        *REMEDY_PHRASES,
    )


def test_steps_that_call_for_no_notice_issue_none(office):
    app = registered(office, received_on=D(2026, 10, 12))
    app = _act(app, "assign", office.clerk, D(2026, 10, 13), department=office.department.pk)
    app = _act(
        app,
        "start_consultation",
        office.clerk,
        D(2026, 10, 14),
        party="黑龙江省教育厅",
        kind="agency",
    )
    app = _act(app, "end_consultation", office.clerk, D(2026, 10, 16))
    app = _act(app, "withdraw", office.clerk, D(2026, 10, 19))
    # Assigning, ending a consultation and withdrawing send nothing; asking the other agency
    # sent its Art. 34 letter (test_notices_art34_art35.py).
    assert list(Notice.objects.filter(application=app).values_list("kind", flat=True)) == [
        "receipt",
        "agency_consultation",
    ]


def test_issuing_for_the_same_step_again_returns_the_notice_already_issued(office):
    app = registered(office, received_on=D(2026, 10, 12))
    event = ApplicationEvent.objects.get(application=app, kind="register")
    first = Notice.objects.get(event=event)
    again = notices_for_event(event)
    assert again.pk == first.pk
    assert Notice.objects.filter(application=app).count() == 1


def test_a_served_notice_is_frozen_against_template_changes_and_edits(office):
    app = _to_cleared(office, registered(office, received_on=D(2026, 10, 12)))
    app = _act(app, "serve", office.clerk, D(2026, 11, 12))
    served = Notice.objects.get(application=app, kind=kinds.REPLY)
    pdf, docx, text = bytes(served.pdf), bytes(served.docx), served.text

    NoticeTemplate.objects.create(
        agency=office.agency, kind=kinds.REPLY, body="新的称呼 {applicant_name}：\n{reply_text}"
    )
    Application.objects.filter(pk=app.pk).update(applicant_name="李四")
    again = notices_for_event(served.event)
    stored = Notice.objects.get(pk=served.pk)
    assert again.pk == served.pk
    assert (bytes(stored.pdf), bytes(stored.docx), stored.text) == (pdf, docx, text)
    assert "新的称呼" not in stored.text and "李四" not in stored.text

    assert stored.sha256 == hashlib.sha256(pdf).hexdigest()
    assert stored.docx_sha256 == hashlib.sha256(docx).hexdigest()
    stored.text = "改过的正文"
    with pytest.raises(ValueError, match="冻结"):
        stored.save()
    with pytest.raises(ValueError, match="冻结"):
        stored.delete()
    assert Notice.objects.get(pk=served.pk).text == text


def test_a_step_whose_notice_cannot_be_rendered_is_rolled_back(office, monkeypatch):
    app = _to_cleared(office, registered(office, received_on=D(2026, 10, 12)))
    monkeypatch.setattr(document_fonts, "zh_font_families", lambda: [])
    with pytest.raises(RenderError, match="未找到中文字体"):
        _act(app, "serve", office.clerk, D(2026, 11, 12))
    app.refresh_from_db()
    assert app.state == "cleared"
    assert not app.events.filter(kind="serve").exists()
    assert not Notice.objects.filter(application=app, kind=kinds.REPLY).exists()
