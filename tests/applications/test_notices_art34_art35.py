"""The Art. 35 notice of a later reply deadline and the Art. 34 letter to another agency: issued
at their steps, frozen, worded per agency around fixed legal text, and seen by the right people."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.applications.event_kinds import CONSULTED_PARTIES, EVENT_KINDS
from gongkai.applications.models import ApplicationEvent, Notice, NoticeTemplate
from gongkai.applications.notices import kinds
from gongkai.applications.notices.placeholders import template_problems
from gongkai.applications.notices.services import notice_issue
from gongkai.applications.services import application_act
from gongkai.core.errors import DomainError
from gongkai.workdays.services import calendar_current
from tests.applications.test_notices_support import (
    assert_in_both,
    docx_text,
    pdf_text,
    registered,
    squash,
)

D = date
UNTIL = D(2026, 12, 18)  # a Friday, well after the Art. 33 deadline of an October application
REASON = "您申请的信息涉及近十年的档案，需逐件检索"
DECIDED = D(2026, 10, 20)  # the Art. 35 decision, while the statutory deadline still runs
ASKED_ON = D(2026, 10, 14)
ASKED = "黑龙江省教育厅"


def _act(application, action, actor, on, **data):
    return application_act(application=application, action=action, actor=actor, on=on, data=data)


def _assigned(office, **intake):
    app = registered(office, received_on=D(2026, 10, 12), **intake)
    return _act(app, "assign", office.clerk, D(2026, 10, 13), department=office.department.pk)


def _with_custom_deadline(office, app, on=DECIDED, until=UNTIL, reason=REASON):
    return _act(
        app, "set_custom_deadline", office.leader, on, until=until.isoformat(), reason=reason
    )


def _asking_the_agency(office, app, on=ASKED_ON):
    return _act(app, "start_consultation", office.clerk, on, party=ASKED, kind="agency")


def test_the_chosen_deadline_is_a_working_day_after_the_statutory_one(office):
    # The premise of the tests below: otherwise the step is refused before any notice.
    app = _assigned(office)
    assert calendar_current().is_workday(UNTIL)
    assert app.due_on < UNTIL


def test_setting_an_art35_deadline_issues_its_notice_with_the_reason_and_the_new_date(office):
    app = _with_custom_deadline(office, _assigned(office))
    event = ApplicationEvent.objects.get(application=app, kind="set_custom_deadline")
    notice = Notice.objects.get(event=event)
    assert (notice.kind, notice.issued_on, notice.issued_by) == (
        kinds.CUSTOM_DEADLINE,
        D(2026, 10, 20),
        office.leader,
    )
    assert notice.title == "政府信息公开申请另行确定答复期限告知书"
    assert notice.addressee == "张三"
    # The notice and the deadline the clock now keeps name the same day.
    assert app.due_on == UNTIL
    assert_in_both(
        notice,
        "另行确定答复期限告知书",
        "张三：",
        "《中华人民共和国政府信息公开条例》第三十五条",
        "可以确定延迟答复的合理期限并告知申请人",
        "答复期限至2026年12月18日",
        REASON,
        "（印章）",
    )


def test_each_new_art35_decision_gets_its_own_notice(office):
    app = _with_custom_deadline(office, _assigned(office))
    later = D(2027, 1, 15)
    assert calendar_current().is_workday(later)
    app = _with_custom_deadline(office, app, on=D(2026, 11, 2), until=later, reason="档案需调阅")
    notices = list(Notice.objects.filter(application=app, kind=kinds.CUSTOM_DEADLINE))
    assert [n.issued_on for n in notices] == [D(2026, 10, 20), D(2026, 11, 2)]
    assert_in_both(notices[1], "答复期限至2027年1月15日", "档案需调阅")
    assert "2027年1月15日" not in notices[0].text  # the first one stays as it was sent


def test_asking_another_agency_sends_the_art34_letter_not_the_art32_one(office):
    app = _asking_the_agency(office, _assigned(office, applicant_name="王小明"))
    event = ApplicationEvent.objects.get(application=app, kind="start_consultation")
    letter = Notice.objects.get(event=event)
    assert letter.kind == kinds.AGENCY_CONSULTATION
    assert letter.title == "政府信息公开征求意见函"
    assert letter.addressee == ASKED
    assert_in_both(
        letter,
        f"{ASKED}：",
        "《中华人民共和国政府信息公开条例》第三十四条",
        "自收到征求意见书之日起15个工作日内提出意见",
        "逾期未提出意见的视为同意公开",
        "自收到本函之日起15个工作日内",
        "2025 年专利资助资金分配结果",
    )
    for text in (squash(pdf_text(letter.pdf)), squash(docx_text(letter.docx)), letter.text):
        assert "第三十二条" not in text and "第三方" not in text
        assert "王小明" not in text  # the question is whether to disclose, not who asked


def test_asking_a_third_party_still_sends_the_art32_letter(office):
    app = _act(
        _assigned(office),
        "start_consultation",
        office.clerk,
        D(2026, 10, 14),
        party="哈尔滨某某电子有限公司",
        kind="third_party",
    )
    letter = Notice.objects.get(application=app, event__kind="start_consultation")
    assert letter.kind == kinds.CONSULTATION
    assert_in_both(letter, "第三十二条", "哈尔滨某某电子有限公司")
    assert "视为同意公开" not in letter.text


def test_a_consultation_of_an_unknown_kind_is_refused_with_no_trace(office):
    app = _assigned(office)
    with pytest.raises(DomainError) as raised:
        _act(app, "start_consultation", office.clerk, D(2026, 10, 14), party=ASKED, kind="court")
    assert raised.value.field == "kind"
    app.refresh_from_db()
    assert app.state == "assigned"
    assert not app.events.filter(kind="start_consultation").exists()
    assert list(app.notices.values_list("kind", flat=True)) == [kinds.RECEIPT]


def _lookup_status(client, app):
    client.post(reverse("applications:track"), {"query_code": app.query_code, "proof": app.phone})
    page = client.get(reverse("applications:track_status", args=[app.pk]))
    assert page.status_code == 200
    return page


def test_the_applicant_sees_the_art35_notice_but_never_the_letter_to_the_other_agency(
    client, office
):
    app = _asking_the_agency(office, _assigned(office))
    app = _act(app, "end_consultation", office.clerk, D(2026, 10, 16), result="同意公开")
    app = _with_custom_deadline(office, app)

    page = _lookup_status(client, app)
    listed = page.context["notices"]
    assert [n.title for n in listed] == [
        "政府信息公开申请受理回执",
        "政府信息公开申请另行确定答复期限告知书",
    ]
    assert "另行确定答复期限告知书" in page.text
    assert ASKED not in page.text and "征求意见函" not in page.text
    download = client.get(listed[1].pdf_url)
    assert download.status_code == 200 and download.content.startswith(b"%PDF")
    assert "2026年12月18日" in squash(pdf_text(download.content))

    letter = Notice.objects.get(application=app, kind=kinds.AGENCY_CONSULTATION)
    public = reverse("notices:applicant_download", args=[letter.pk, "pdf"])
    assert client.get(public).status_code == 404


def test_staff_download_both_new_notices_in_both_formats(client, office):
    app = _with_custom_deadline(office, _asking_the_agency(office, _assigned(office)))
    client.force_login(office.clerk)
    for kind, needle in (
        (kinds.CUSTOM_DEADLINE, "2026年12月18日"),
        (kinds.AGENCY_CONSULTATION, ASKED),
    ):
        notice = Notice.objects.get(application=app, kind=kind)
        pdf = client.get(reverse("notices:staff_download", args=[notice.pk, "pdf"]))
        docx = client.get(reverse("notices:staff_download", args=[notice.pk, "docx"]))
        assert pdf.status_code == 200 and docx.status_code == 200
        assert pdf.content == bytes(notice.pdf) and needle in docx_text(docx.content)
    detail = client.get(reverse("applications:detail", args=[app.pk]))
    titles = [n.title for n in detail.context["notices"]]
    assert "政府信息公开征求意见函" in titles
    assert "政府信息公开申请另行确定答复期限告知书" in titles


@pytest.mark.parametrize("kind", [kinds.AGENCY_CONSULTATION, kinds.CUSTOM_DEADLINE])
def test_the_default_wording_of_each_new_kind_is_a_valid_template(kind):
    declared = kinds.KINDS[kind]
    assert template_problems(kind, "", declared.default_body, declared.default_closing) == {}


def test_an_agency_words_its_art35_notice_and_the_legal_text_and_date_remain(office):
    NoticeTemplate.objects.create(
        agency=office.agency,
        kind=kinds.CUSTOM_DEADLINE,
        body="{applicant_name}同志：\n因{reason}，我局将延迟答复。",
    )
    app = _with_custom_deadline(office, _assigned(office))
    notice = Notice.objects.get(application=app, kind=kinds.CUSTOM_DEADLINE)
    assert notice.template_source.startswith("机关模板")
    assert_in_both(
        notice,
        "张三同志：",
        f"因{REASON}，我局将延迟答复。",
        "第三十五条",
        "答复期限至2026年12月18日",
    )


def test_an_agency_words_its_art34_letter_and_the_legal_text_remains(office):
    NoticeTemplate.objects.create(
        agency=office.agency,
        kind=kinds.AGENCY_CONSULTATION,
        body="{party}：\n关于“{info_name}”（{application_number}），请贵厅提出意见。",
    )
    app = _asking_the_agency(office, _assigned(office))
    letter = Notice.objects.get(application=app, kind=kinds.AGENCY_CONSULTATION)
    assert_in_both(
        letter, f"{app.number}）", "请贵厅提出意见。", "第三十四条", "逾期未提出意见的视为同意公开"
    )


@pytest.mark.parametrize(
    "kind, body, field, culprit",
    [
        (kinds.CUSTOM_DEADLINE, "{applicant_name}：\n我局将延迟答复。", "body", "{reason}"),
        (kinds.CUSTOM_DEADLINE, "{applicant_name}：\n因{reason}，至{new_due}。", "body", "new_due"),
        (
            kinds.CUSTOM_DEADLINE,
            "{applicant_name}：\n依第三十五条，因{reason}。",
            "body",
            "第三十五条",
        ),
        (
            kinds.AGENCY_CONSULTATION,
            "{party}：\n逾期视为同意（第三十四条）。",
            "body",
            "第三十四条",
        ),
        (kinds.AGENCY_CONSULTATION, "{party}：\n申请人{applicant}。", "body", "{applicant}"),
    ],
)
def test_a_bad_template_of_a_new_kind_is_refused_naming_the_culprit(
    office, kind, body, field, culprit
):
    with pytest.raises(ValidationError) as raised:
        NoticeTemplate.objects.create(agency=office.agency, kind=kind, body=body)
    assert culprit in " ".join(raised.value.message_dict[field])


def test_the_new_kinds_are_declared_once_with_their_basis_and_audience():
    art34 = kinds.KINDS[kinds.AGENCY_CONSULTATION]
    art35 = kinds.KINDS[kinds.CUSTOM_DEADLINE]
    assert art34.basis.endswith("第三十四条") and not art34.to_applicant
    assert art35.basis.endswith("第三十五条") and art35.to_applicant
    assert (art34.label, art35.label) == ("征求意见函", "另行确定答复期限告知书")
    assert EVENT_KINDS["set_custom_deadline"].notice_kind == kinds.CUSTOM_DEADLINE
    assert {key: party.letter for key, party in CONSULTED_PARTIES.items()} == {
        "third_party": kinds.CONSULTATION,
        "agency": kinds.AGENCY_CONSULTATION,
    }
    assert {kinds.AGENCY_CONSULTATION, kinds.CUSTOM_DEADLINE} <= {k for k, _ in kinds.choices()}


def test_issuing_the_art35_notice_directly_needs_no_step_but_the_facts(office):
    app = registered(office)
    notice = notice_issue(
        application=app,
        kind=kinds.CUSTOM_DEADLINE,
        data={"until": "2026-12-18", "reason": "档案较多。"},
    )
    # A reason typed with its full stop does not print "因档案较多。，".
    assert_in_both(notice, "但因档案较多，无法在法定期限内作出答复")
