"""Every notice kind and every reply outcome, read back from the DOCX and the PDF."""

from __future__ import annotations

import pytest

from gongkai.applications import fees, outcomes
from gongkai.applications.models import Notice
from gongkai.applications.notices import kinds, legal, replies
from gongkai.applications.notices.compose import cn_date
from gongkai.applications.notices.services import notice_issue
from gongkai.core.errors import DomainError
from gongkai.documents import fonts as document_fonts
from gongkai.documents import pdf as document_pdf
from gongkai.documents.errors import RenderError
from tests.applications.test_notices_support import (
    REMEDY_PHRASES,
    assert_in_both,
    pdf_text,
    registered,
    squash,
)

_FEE = fees.fee_calculate(basis="by_volume", quantity=250)

# For each kind: the data its step records, and what its notice must say.
CASES = {
    kinds.CORRECTION: (
        {"items": "请写明所需信息的文号或者形成时间", "until": "2026-10-30"},
        [
            "张三",
            "第三十条",
            "请写明所需信息的文号或者形成时间",
            "2026年10月30日前",
            "视为放弃申请",
        ],
    ),
    kinds.EXTENSION: (
        {"days": 15, "reason": "需要调取多个处室的档案"},
        ["张三", "第三十三条第二款", "延长15个工作日", "需要调取多个处室的档案"],
    ),
    kinds.CONSULTATION: (
        {"party": "哈尔滨某某电子有限公司", "kind": "third_party"},
        ["哈尔滨某某电子有限公司", "第三十二条", "自收到本函之日起15个工作日内提出意见"],
    ),
    kinds.AGENCY_CONSULTATION: (
        {"party": "黑龙江省教育厅", "kind": "agency"},
        [
            "黑龙江省教育厅：",
            "第三十四条",
            "被征求意见机关应当自收到征求意见书之日起15个工作日内提出意见",
            "逾期未提出意见的视为同意公开",
            "2025 年专利资助资金分配结果",
        ],
    ),
    kinds.CUSTOM_DEADLINE: (
        {"until": "2026-12-18", "reason": "您申请的信息涉及近十年的档案，需逐件检索。"},
        [
            "张三：",
            "第三十五条",
            "可以确定延迟答复的合理期限并告知申请人",
            "答复期限至2026年12月18日",
            "但因您申请的信息涉及近十年的档案，需逐件检索，无法在法定期限内作出答复",
        ],
    ),
    kinds.FEE: (
        {"basis": "by_volume", "quantity": 250, "amount": _FEE.total, "calculation": _FEE.text},
        [
            "张三",
            "第四十二条",
            "国办函〔2020〕109号",
            "按量计收",
            "250页",
            "金额：4700元",
            "（国办函〔2020〕109号）第五条",
            "自收到本通知次日起20个工作日内缴纳",
        ],
    ),
}


def test_a_registered_application_gets_a_receipt_with_its_art31_date_and_reply_deadline(office):
    application = registered(office)
    notice = Notice.objects.get(application=application)
    assert notice.kind == kinds.RECEIPT
    assert notice.title == "政府信息公开申请受理回执"
    assert_in_both(
        notice,
        "政府信息公开申请受理回执",
        "张三：",
        "第三十一条",
        "收到您的政府信息公开申请的日期为2026年10月12日",
        "第三十三条",
        f"答复期限至{cn_date(application.due_on)}",
        f"您的查询码为{application.query_code}",
        "黑龙江省知识产权局",
        "（印章）",
        f"编号：{notice.number}",
    )


@pytest.mark.parametrize("kind", sorted(CASES))
def test_every_notice_kind_renders_both_formats_with_its_facts_and_legal_basis(office, kind):
    application = registered(office)
    data, needles = CASES[kind]
    notice = notice_issue(application=application, kind=kind, data=data, actor=office.clerk)
    assert notice.title == kinds.KINDS[kind].title
    assert notice.docx.startswith(b"PK") and notice.pdf.startswith(b"%PDF")
    assert_in_both(notice, kinds.KINDS[kind].title, *needles, "（印章）")


def test_a_letter_to_a_third_party_does_not_name_the_applicant(office):
    application = registered(office, applicant_name="王小明")
    data, _ = CASES[kinds.CONSULTATION]
    notice = notice_issue(application=application, kind=kinds.CONSULTATION, data=data)
    assert "王小明" not in squash(pdf_text(notice.pdf))
    assert "王小明" not in notice.text
    assert notice.addressee == "哈尔滨某某电子有限公司"


def test_every_outcome_is_declared_with_a_reply_notice():
    assert set(replies.REPLY_FORMS) == set(outcomes.OUTCOMES)
    for key, form in replies.REPLY_FORMS.items():
        assert form.outcome.key == key
        assert any("{outcome_label}" in paragraph for paragraph in form.legal)
        assert legal.REMEDIES in form.legal


def test_every_outcome_declares_what_its_reply_decides():
    # The decision lives on the outcome: a new outcome without one cannot be declared at all,
    # and none may be blank, nor the report's row label in its place.
    for key, outcome in outcomes.OUTCOMES.items():
        assert outcome.decision.strip(), key
        assert replies.reply_decision(key) == outcome.decision
        assert outcome.decision != outcome.label, key
    decisions = [o.decision for o in outcomes.OUTCOMES.values()]
    assert len(set(decisions)) == len(decisions)


def test_a_reply_cites_the_outcomes_article_unless_no_article_decides_it():
    for key, outcome in outcomes.OUTCOMES.items():
        if not outcome.cited:
            assert replies.reply_basis(key) == "", key
        elif not outcome.automatic:  # a closure quotes the rule that closes it instead
            assert replies.reply_basis(key).startswith(legal.LAW), key


def test_every_outcome_renders_a_reply_with_its_label_basis_and_remedies(office):
    # One application for all outcomes: each render is a fresh, separately numbered notice.
    application = registered(office)
    application.reply_text = "经查，您申请的信息答复如下。"
    for key, outcome in outcomes.OUTCOMES.items():
        notice = notice_issue(application=application, kind=kinds.REPLY, outcome=key)
        basis = replies.reply_basis(key)
        assert notice.outcome == key
        assert_in_both(
            notice,
            "张三：",
            replies.reply_decision(key),
            basis,
            *REMEDY_PHRASES,
            # The 行政复议 body: the agency's parent government (kinds.py says why).
            "向黑龙江省人民政府申请行政复议",
            "黑龙江省知识产权局",
        )
        if outcome.automatic:
            assert notice.title == "政府信息公开申请终止处理告知书", key
        else:
            assert notice.title == "政府信息公开申请答复告知书", key
            assert_in_both(notice, "经查，您申请的信息答复如下。")


def test_an_agency_at_the_top_of_the_tree_names_itself_for_review(office):
    application = registered(office)
    application.agency.parent = None  # in memory only: the province itself answering
    notice = notice_issue(application=application, kind=kinds.REPLY, outcome=outcomes.GRANTED)
    assert_in_both(notice, "60日内向本机关申请行政复议")


def test_a_missing_cjk_font_raises_instead_of_writing_an_empty_file(office, monkeypatch):
    application = registered(office)
    before = Notice.objects.count()
    monkeypatch.setattr(document_fonts, "zh_font_families", lambda: [])
    with pytest.raises(RenderError, match="未找到中文字体"):
        notice_issue(application=application, kind=kinds.REPLY, outcome=outcomes.GRANTED)
    assert Notice.objects.count() == before


def test_a_pdf_that_does_not_embed_the_chinese_font_is_refused(office, monkeypatch):
    application = registered(office)
    monkeypatch.setattr(document_pdf, "embedded_fonts", lambda data: ["DejaVuSerif"])
    with pytest.raises(RenderError, match="未能嵌入"):
        notice_issue(application=application, kind=kinds.REPLY, outcome=outcomes.GRANTED)


def test_notice_numbers_run_per_agency_and_year(office):
    first = registered(office)
    second = registered(office)
    numbers = list(Notice.objects.order_by("pk").values_list("number", flat=True))
    assert numbers == ["hlj-ipo-2026-0001", "hlj-ipo-2026-0002"]
    assert {n.application_id for n in Notice.objects.all()} == {first.pk, second.pk}


@pytest.mark.parametrize(
    "kind, data, field",
    [
        (kinds.CORRECTION, {"until": "2026-10-30"}, "items"),
        (kinds.EXTENSION, {"days": 10}, "reason"),
        (kinds.CONSULTATION, {}, "party"),
        (kinds.AGENCY_CONSULTATION, {"kind": "agency"}, "party"),
        (kinds.CUSTOM_DEADLINE, {"reason": "档案较多"}, "until"),
        (kinds.CUSTOM_DEADLINE, {"until": "2026-12-18"}, "reason"),
        (kinds.FEE, {"basis": "by_weight", "quantity": 3}, "basis"),
    ],
)
def test_a_notice_missing_its_facts_is_refused_naming_the_field(office, kind, data, field):
    application = registered(office)
    with pytest.raises(DomainError) as raised:
        notice_issue(application=application, kind=kind, data=data)
    assert raised.value.field == field
    assert "无法生成" in raised.value.message
    assert not Notice.objects.filter(kind=kind).exists()
