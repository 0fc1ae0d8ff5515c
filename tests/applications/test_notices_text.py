"""The notices read right: every kind and every reply outcome, read back from the PDF.

Chinese dates, one punctuation mark where a value meets the template, nothing of the staff's
own workings, the agency's 文号 pattern, the query code on the receipt, and a legal basis that
cites only what applies.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from gongkai.agencies.numbering import notice_number, pattern_problem
from gongkai.applications import fees, outcomes
from gongkai.applications.models import Notice
from gongkai.applications.notices import kinds, replies
from gongkai.applications.notices.compose import tidy
from gongkai.applications.notices.placeholders import (
    aliases,
    placeholders_for,
    template_problems,
)
from gongkai.applications.notices.services import Wording, notice_compose, notice_issue
from gongkai.applications.services import application_act
from gongkai.core.errors import DomainError
from gongkai.workdays.clock import CONSULTATION_ANSWER_DAYS
from gongkai.workdays.conf import convention_from_settings
from tests.applications.test_notices_support import pdf_text, registered, squash
from tests.applications.views_helpers import fee_notice_sent

D = date
PATTERN = "黑知公开〔{year}〕{seq}号"

# Wording of the staff's own workings that no notice may carry.
INTERNAL = (
    "期限计算",
    "当日不计入",
    "当日计入",
    "起算（",
    "按发出日估算",
    "暂按周末计算",
    "计算过程",
    "×",
    "尚待核实",
    "result.",
    "None",
)
_DOUBLED = re.compile(r"[。，、；：！？][。，、；：！？]")
_ISO = re.compile(r"\d{4}-\d{1,2}-\d{1,2}(?!\d)")


def _act(application, action, actor, on, **data):
    return application_act(application=application, action=action, actor=actor, on=on, data=data)


def _walked(office):
    """Every notice of the workflow, each issued by its own step."""
    app = registered(office, received_on=D(2026, 10, 12))
    app = _act(
        app,
        "request_correction",
        office.clerk,
        D(2026, 10, 14),
        items="请写明所需信息的形成年份。",  # a value ending in a full stop
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
        app,
        "approve_extension",
        office.head,
        D(2026, 11, 2),
        days=10,
        reason="需要调取2026-10-20以前的档案。",  # an ISO date and a full stop, as typed
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
    app = _act(app, "clear", office.reviewer, D(2026, 11, 11))
    _act(app, "serve", office.clerk, D(2026, 11, 12))

    other = registered(office, received_on=D(2026, 10, 12))
    other = _act(other, "assign", office.clerk, D(2026, 10, 13), department=office.department.pk)
    _act(
        other,
        "start_consultation",
        office.clerk,
        D(2026, 10, 13),
        party="黑龙江省教育厅",
        kind="agency",
    )
    _act(
        other,
        "set_custom_deadline",
        office.leader,
        D(2026, 10, 14),
        until="2026-12-18",
        reason="您申请的信息涉及近十年的档案，需逐件检索。",
    )
    # Every reply outcome, the automatic closures included.
    replies = registered(office, received_on=D(2026, 10, 12))
    replies.reply_text = "经查，您申请的信息答复如下。"
    for key in outcomes.OUTCOMES:
        notice_issue(application=replies, kind=kinds.REPLY, outcome=key)
    return list(Notice.objects.order_by("pk"))


def test_every_notice_of_every_kind_and_outcome_reads_right_in_its_pdf(office):
    # One walk for all the checks below (rendering is slow); each check says what it reads.
    office.agency.notice_number_pattern = PATTERN
    office.agency.save()
    notices = [(notice, squash(pdf_text(notice.pdf))) for notice in _walked(office)]
    _every_kind_and_every_outcome_is_rendered(notices)
    _dates_are_written_the_chinese_way(notices)
    _no_punctuation_is_doubled(notices)
    _no_internal_text_reaches_a_notice(notices)
    _the_fee_notice_states_basis_article_quantity_and_sum_not_the_working(notices)
    _every_notice_is_numbered_by_the_agencys_pattern(notices)
    _the_receipt_carries_the_query_code_and_how_to_use_it(notices)
    _a_reply_cites_only_the_basis_of_its_outcome(notices)


def _every_kind_and_every_outcome_is_rendered(notices) -> None:
    rendered = {(n.kind, n.outcome) for n, _ in notices}
    assert {k for k, _ in rendered} == set(kinds.KINDS)
    assert {o for k, o in rendered if k == kinds.REPLY} == set(outcomes.OUTCOMES)


def _dates_are_written_the_chinese_way(notices) -> None:
    for notice, text in notices:
        assert not _ISO.search(text), (notice, _ISO.search(text))
        day = notice.issued_on
        assert f"{day.year}年{day.month}月{day.day}日" in text
    extension = next(text for n, text in notices if n.kind == kinds.EXTENSION)
    assert "需要调取2026年10月20日以前的档案" in extension


def _no_punctuation_is_doubled(notices) -> None:
    for notice, text in notices:
        assert not _DOUBLED.search(text), (notice, _DOUBLED.search(text))
    correction = next(text for n, text in notices if n.kind == kinds.CORRECTION)
    assert "需要补正的事项：请写明所需信息的形成年份。请您于2026年10月30日前" in correction
    extension = next(text for n, text in notices if n.kind == kinds.EXTENSION)
    assert "因需要调取2026年10月20日以前的档案，本机关不能在法定期限内作出答复" in extension


def _no_internal_text_reaches_a_notice(notices) -> None:
    for notice, text in notices:
        for word in INTERNAL:
            assert word not in text, (notice, word)
        assert not re.search(r"[{}]|[a-z]+_[a-z]+", text), notice  # placeholders, data keys
        assert notice.application.due_explanation not in text


def _the_fee_notice_states_basis_article_quantity_and_sum_not_the_working(notices) -> None:
    fee = next(text for n, text in notices if n.kind == kinds.FEE)
    assert "（国办函〔2020〕109号）第五条，本申请应缴纳信息处理费" in fee
    assert "计费方式：按量计收；数量：250页；金额：4700元。" in fee
    assert "第四条" not in fee
    assert squash(fees.fee_calculate(basis="by_volume", quantity=250).text) not in fee


def test_a_fee_by_count_cites_article_four(office):
    application = registered(office)
    calc = fees.fee_calculate(basis="by_count", quantity=12)
    data = {"basis": "by_count", "quantity": 12, "amount": calc.total, "calculation": calc.text}
    text = squash(pdf_text(notice_issue(application=application, kind=kinds.FEE, data=data).pdf))
    assert "（国办函〔2020〕109号）第四条" in text and "第五条" not in text
    assert "按件计收；数量：12件；金额：200元" in text
    assert "尚待核实" not in text and "此前累计" not in text


def _every_notice_is_numbered_by_the_agencys_pattern(notices) -> None:
    for notice, text in notices:
        assert notice.number == f"黑知公开〔2026〕{notice.sequence}号"
        assert f"编号：{notice.number}" in text
    assert [n.sequence for n, _ in notices] == list(range(1, len(notices) + 1))


def _the_receipt_carries_the_query_code_and_how_to_use_it(notices) -> None:
    receipts = [(n, text) for n, text in notices if n.kind == kinds.RECEIPT]
    assert receipts
    for notice, text in receipts:
        code = notice.application.query_code
        assert f"您的查询码为{code}。凭查询码和申请时填写的联系电话或证件号码" in text
        assert "政府信息公开申请查询页面（http://" in text and "/track/）" in text
    others = [text for n, text in notices if n.kind != kinds.RECEIPT]
    assert not any("查询码" in text for text in others)


def _a_reply_cites_only_the_basis_of_its_outcome(notices) -> None:
    for notice, text in notices:
        if notice.kind != kinds.REPLY:
            continue
        basis = replies.reply_basis(notice.outcome)
        decision = f"对您的申请作出如下处理：{replies.reply_decision(notice.outcome)}。"
        if basis:
            assert f"本机关依据{basis}，{decision}" in text, notice.outcome
        else:
            assert f"本机关{decision}" in text or f"据此，本机关{decision}" in text
        # Art. 36 is cited by its item, never whole.
        assert all(
            text[m.end() : m.end() + 2] == "第（" for m in re.finditer("第三十六条", text)
        ), notice.outcome
    uncited = next(t for n, t in notices if n.outcome == "result.not_handled.5")
    assert "第三十六条" not in uncited
    unpaid = next(t for n, t in notices if n.outcome == outcomes.FEE_UNPAID)
    assert unpaid.count("国办函〔2020〕109号") == 1  # the rule quoted, not repeated as basis


def test_a_reply_states_the_decision_not_the_report_row():
    for key, outcome in outcomes.OUTCOMES.items():
        decision = replies.reply_decision(key)
        assert decision and not decision.startswith("（"), key
        assert outcome.label not in decision


def test_the_day_counts_quoted_agree_with_the_deadline_convention():
    convention = convention_from_settings()
    receipt = "".join(kinds.KINDS[kinds.RECEIPT].legal)
    assert f"自收到申请之日起{convention.reply_days}个工作日内予以答复" in receipt
    assert f"最长不得超过{convention.max_extension_days}个工作日" in receipt
    extension = "".join(kinds.KINDS[kinds.EXTENSION].legal)
    assert f"最长不得超过{convention.max_extension_days}个工作日" in extension
    fee = "".join(kinds.KINDS[kinds.FEE].legal)
    assert f"次日起{convention.fee_payment_days}个工作日内缴纳" in fee
    for key in (kinds.CONSULTATION, kinds.AGENCY_CONSULTATION):
        assert f"{CONSULTATION_ANSWER_DAYS}个工作日内" in "".join(kinds.KINDS[key].legal)
    every = "".join(p for k in kinds.KINDS.values() for p in k.legal)
    quoted = {int(n) for n in re.findall(r"(\d+)个工作日", every)}
    assert quoted == {
        convention.reply_days,
        convention.max_extension_days,
        convention.fee_payment_days,
        CONSULTATION_ANSWER_DAYS,
    }


@pytest.mark.parametrize(
    "text, tidied",
    [
        ("因档案较多。，本机关", "因档案较多，本机关"),
        ("请补正。。", "请补正。"),
        ("事项：：请补正", "事项：请补正"),
        ("您同意吗？。", "您同意吗？"),
        ("档案较多，。", "档案较多。"),
        ("档案较多. ，本机关", "档案较多，本机关"),
        ("金额：4.5元。", "金额：4.5元。"),
        ("（编号：2026-00001，信息：目录）。", "（编号：2026-00001，信息：目录）。"),
    ],
)
def test_where_a_values_punctuation_meets_the_templates_one_mark_is_kept(text, tidied):
    assert tidy(text) == tidied


# --- 文号 patterns ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "pattern, words",
    [
        ("{code}-{year}-{seq:04d}", None),
        (PATTERN, None),
        ("黑知公开〔{年份}〕{序号}号", None),
        ("{机关代码}〔{year}〕{seq:03d}", None),
        ("", "请填写"),
        ("{code}-{year}-{number}", "无法识别"),
        ("{year.real}-{seq}", "无法识别"),
        ("{}-{seq}", "无法识别"),
        ("{code}-{year}", "{seq}"),
        ("{code}-{seq}", "{year}"),
        ("{year}-{seq:q}", "格式说明无效"),
        ("{year}-{seq!r}", "“!”"),
        ("{year}-{seq", "花括号"),
        ("{year}" + "字" * 80 + "{seq}", "过长"),
    ],
)
def test_a_number_pattern_is_checked(pattern, words):
    problem = pattern_problem(pattern)
    if words is None:
        assert problem is None
    else:
        assert problem is not None and words in problem


def test_notice_number_follows_the_pattern(office):
    agency = office.agency
    assert notice_number(agency, 2026, 7) == "hlj-ipo-2026-0007"
    agency.notice_number_pattern = "黑知公开〔{年份}〕{序号}号"
    assert notice_number(agency, 2027, 12) == "黑知公开〔2027〕12号"


def test_an_unusable_pattern_refuses_the_notice_naming_the_field(office):
    office.agency.notice_number_pattern = "{code}-{seq}"
    office.agency.save()
    with pytest.raises(DomainError) as raised:
        registered(office)
    assert raised.value.field == "notice_number_pattern"
    assert "告知书文号格式" in raised.value.message
    assert not Notice.objects.exists()


# --- Chinese placeholder names ---------------------------------------------------------------


def test_every_kind_lists_its_placeholders_with_unique_chinese_names():
    for key, kind in kinds.KINDS.items():
        listed = placeholders_for(key)
        assert [p.key for p in listed] == list(kind.all_placeholders())
        names = [p.name for p in listed]
        assert len(set(names)) == len(names), key
        assert not set(names) & set(kind.all_placeholders()), key
        for p in listed:
            assert p.name and p.meaning and not set(p.name) & set("{}.[]!:"), (key, p)
        assert aliases(key)["申请人姓名"] == "applicant_name"
    assert ("applicant_name", "申请人姓名", "申请人姓名或名称") in placeholders_for(kinds.RECEIPT)


def test_a_template_may_write_the_chinese_names(office):
    body = "{申请人姓名}：\n您于{收到申请日期}提出的申请（{申请编号}）答复如下：\n{答复内容}"
    assert template_problems(kinds.REPLY, "", body, "联系电话：{联系电话}") == {}
    application = registered(office)
    application.reply_text = "经查，予以公开。"
    composed, _ = notice_compose(
        application=application,
        kind=kinds.REPLY,
        outcome=outcomes.GRANTED,
        number="x",
        on=D(2026, 10, 20),
        wording=_wording(body),
    )
    text = composed.text()
    assert "张三：" in text
    assert f"您于2026年10月12日提出的申请（{application.number}）答复如下：" in text
    assert "经查，予以公开。" in text


def test_a_template_without_a_required_placeholder_names_it_in_chinese():
    problems = template_problems(kinds.REPLY, "", "{申请人姓名}：\n我局答复如下。", "")
    assert "{答复内容}" in problems["body"] and "{reply_text}" in problems["body"]
    problems = template_problems(kinds.REPLY, "", "{申请人名字}：\n{答复内容}", "")
    assert "{申请人名字}" in problems["body"]
    assert "{申请人姓名}或{applicant_name}" in problems["body"]


def _wording(body: str) -> Wording:
    return Wording(body=body, closing=kinds.kind(kinds.REPLY).default_closing, source="测试")


def test_the_agency_admin_refuses_an_unusable_pattern():
    from django import forms

    from gongkai.agencies.admin import AgencyAdminForm

    form = AgencyAdminForm()
    form.cleaned_data = {"notice_number_pattern": PATTERN}
    assert form.clean_notice_number_pattern() == PATTERN
    form.cleaned_data = {"notice_number_pattern": "{code}-{seq}"}
    with pytest.raises(forms.ValidationError, match="year"):
        form.clean_notice_number_pattern()


@pytest.mark.parametrize("spec", ["300000000d", "x^30", ",d", "04d{year}"])
def test_a_number_pattern_with_a_wide_or_odd_format_spec_is_refused_before_formatting(spec):
    problem = pattern_problem("{year}-{seq:" + spec + "}")
    assert problem is not None and "格式说明" in problem
