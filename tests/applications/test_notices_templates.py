"""Agency wording is editable, the legal text is not: NoticeTemplate checks and precedence."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from gongkai.applications import outcomes
from gongkai.applications.models import NoticeTemplate
from gongkai.applications.notices import kinds
from gongkai.applications.notices.services import notice_issue, notice_wording
from tests.applications.test_notices_support import REMEDY_PHRASES, assert_in_both, registered

REPLY_BODY = "尊敬的{applicant_name}：\n我局特别措辞第一段。\n{reply_text}"


def _template(**fields) -> NoticeTemplate:
    values = {"kind": kinds.REPLY, "outcome": "", "body": REPLY_BODY, "closing": ""}
    values.update(fields)
    return NoticeTemplate.objects.create(**values)


def _problem(**fields) -> str:
    with pytest.raises(ValidationError) as raised:
        _template(**fields)
    return " ".join(m for ms in raised.value.message_dict.values() for m in ms)


def test_an_agency_template_is_used_and_the_legal_text_is_still_appended(office):
    _template(agency=office.agency)
    application = registered(office)
    application.reply_text = "您申请的信息已主动公开。"
    notice = notice_issue(application=application, kind=kinds.REPLY, outcome=outcomes.GRANTED)
    assert notice.addressee == "张三"
    assert_in_both(
        notice,
        "尊敬的张三：",
        "我局特别措辞第一段。",
        "您申请的信息已主动公开。",
        "《中华人民共和国政府信息公开条例》第三十六条第（一）（二）项",
        *REMEDY_PHRASES,
    )
    assert notice.template_source.startswith("机关模板")


def test_a_bare_template_cannot_drop_the_legal_basis_or_the_remedies(office):
    _template(agency=office.agency, body="{applicant_name}：\n{reply_text}", closing="无")
    application = registered(office)
    notice = notice_issue(application=application, kind=kinds.REPLY, outcome="result.withheld.1")
    assert_in_both(notice, "《中华人民共和国政府信息公开条例》第十四条", *REMEDY_PHRASES)


def test_other_kinds_keep_their_legal_text_under_an_agency_template(office):
    _template(agency=office.agency, kind=kinds.CORRECTION, body="{applicant_name}：\n请补正。")
    application = registered(office)
    notice = notice_issue(
        application=application,
        kind=kinds.CORRECTION,
        data={"items": "所需信息的时间范围", "until": "2026-10-30"},
    )
    assert_in_both(notice, "请补正。", "第三十条", "所需信息的时间范围", "2026年10月30日前")


@pytest.mark.parametrize(
    "body, culprit",
    [
        ("{applicant_name}：\n{reply_text}\n如不服，可申请行政复议。", "行政复议"),
        ("{applicant_name}：\n{reply_text}\n也可提起行政诉讼。", "行政诉讼"),
        ("{applicant_name}：\n依据第三十六条答复如下：{reply_text}", "第三十六条"),
        ("{applicant_name}：\n{reply_text}\n可向人民法院起诉。", "人民法院"),
    ],
)
def test_an_agency_template_may_not_bring_its_own_legal_text(office, body, culprit):
    message = _problem(agency=office.agency, body=body)
    assert culprit in message
    assert "法律依据或救济途径" in message


def test_an_unknown_placeholder_is_named_at_save_time(office):
    message = _problem(agency=office.agency, body="{applicant_name}：\n{reply_text}{fax_number}")
    assert "{fax_number}" in message
    assert "无法识别" in message
    assert "{reply_text}（答复内容）" in message  # and the usable ones are listed


def test_a_placeholder_of_another_kind_is_unknown_here(office):
    message = _problem(agency=office.agency, kind=kinds.RECEIPT, body="{applicant_name}：{amount}")
    assert "{amount}" in message


@pytest.mark.parametrize(
    "body",
    [
        "{applicant_name.__class__}：{reply_text}",
        "{applicant_name[0]}：{reply_text}",
        "{0}：{reply_text}",
        "{}：{reply_text}",
    ],
)
def test_a_template_cannot_reach_into_objects(office, body):
    assert "无法识别" in _problem(agency=office.agency, body=body)


def test_format_specs_and_broken_braces_are_refused(office):
    assert "格式说明" in _problem(agency=office.agency, body="{applicant_name!r}：{reply_text}")
    assert "花括号" in _problem(agency=office.agency, body="{applicant_name：{reply_text}")
    assert "花括号" in _problem(agency=office.agency, body="{applicant_name}}：{reply_text}")


def test_a_reply_template_must_keep_the_reply_text(office):
    message = _problem(agency=office.agency, body="{applicant_name}：\n已答复。")
    assert "{reply_text}" in message


def test_only_reply_templates_may_be_per_outcome(office):
    message = _problem(
        agency=office.agency,
        kind=kinds.RECEIPT,
        outcome=outcomes.GRANTED,
        body="{applicant_name}：",
    )
    assert "只有答复告知书" in message


def test_the_closing_lines_are_checked_too(office):
    message = _problem(agency=office.agency, closing="传真：{fax}")
    assert "联系信息" in message and "{fax}" in message


def test_wording_precedence_agency_outcome_then_agency_then_platform_then_data(office):
    agency = office.agency
    assert notice_wording(agency, kinds.REPLY, outcomes.PARTIAL).source == "系统默认模板"
    _template(body="平台：{applicant_name}\n{reply_text}")
    assert notice_wording(agency, kinds.REPLY, outcomes.PARTIAL).body.startswith("平台")
    _template(agency=agency, body="机关：{applicant_name}\n{reply_text}")
    assert notice_wording(agency, kinds.REPLY, outcomes.PARTIAL).body.startswith("机关：")
    _template(agency=agency, outcome=outcomes.PARTIAL, body="部分：{applicant_name}\n{reply_text}")
    assert notice_wording(agency, kinds.REPLY, outcomes.PARTIAL).body.startswith("部分：")
    # Another agency's template is never used, and other outcomes keep the agency's general one.
    assert notice_wording(office.other_agency, kinds.REPLY, outcomes.PARTIAL).body.startswith(
        "平台"
    )
    assert notice_wording(agency, kinds.REPLY, outcomes.GRANTED).body.startswith("机关：")


def test_a_contact_line_whose_values_are_empty_is_left_out(office):
    application = registered(office)
    receipt = application.notices.get()
    assert "联系电话：" not in receipt.text  # the agency has no phone on record
    office.agency.office_phone = "0451-12345678"
    office.agency.save()
    application.refresh_from_db()
    notice = notice_issue(application=application, kind=kinds.REPLY, outcome=outcomes.GRANTED)
    assert "联系电话：0451-12345678" in notice.text
