"""Every notice of the workflow, declared once as data with its legal basis and fixed legal text.

A notice has three parts. The agency's wording (salutation, body, contact lines) is editable per
agency (``NoticeTemplate``); its defaults are here. The legal paragraphs — the article it rests
on, what the law says follows, and for a reply the applicant's remedies — are here only (the
reply's, one per outcome, in replies.py) and are appended by the composer; no template can
replace or remove them. Both are filled from the same placeholders, declared below once per
kind: each key with its Chinese name and its meaning.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from gongkai.applications import outcomes
from gongkai.applications.notices import replies
from gongkai.applications.notices.legal import (
    ABOUT,
    CONTACT,
    FEE_PAYMENT_DAYS,
    FEE_RULES,
    LAW,
    MAX_EXTENSION_DAYS,
    REPLY_DAYS,
)
from gongkai.workdays.clock import CONSULTATION_ANSWER_DAYS

RECEIPT = "receipt"
CORRECTION = "correction"
EXTENSION = "extension"
CONSULTATION = "consultation"
AGENCY_CONSULTATION = "agency_consultation"
CUSTOM_DEADLINE = "custom_deadline"
FEE = "fee"
REPLY = "reply"

# A kind's placeholders: key → (the Chinese name an agency admin may write instead of the key,
# {申请人姓名} for {applicant_name}; what it holds, shown to agency admins). Names are unique
# within every kind (placeholders.py checks, and a test).
Placeholders = dict[str, tuple[str, str]]

# Placeholders every notice offers.
COMMON_PLACEHOLDERS: Placeholders = {
    "applicant_name": ("申请人姓名", "申请人姓名或名称"),
    "addressee": (
        "收件人",
        "收件人（答复类为申请人，征询函为第三方，征求意见函为被征求意见机关）",
    ),
    "application_number": ("申请编号", "申请编号"),
    "info_name": ("所需信息名称", "所需信息名称"),
    "received_on": ("收到申请日期", "收到申请日期"),
    "agency_name": ("机关名称", "机关名称"),
    "office_name": ("公开工作机构", "政府信息公开工作机构"),
    "office_address": ("办公地址", "办公地址"),
    "office_phone": ("联系电话", "联系电话"),
    "issued_on": ("告知日期", "告知日期"),
}


@dataclass(frozen=True)
class NoticeKind:
    key: str
    title: str
    basis: str  # the article(s) the notice rests on
    # Fixed paragraphs appended after the agency's body; filled from the same placeholders.
    legal: tuple[str, ...]
    # Placeholders of this kind beyond COMMON_PLACEHOLDERS.
    placeholders: Placeholders
    default_body: str
    default_closing: str = CONTACT
    # False for letters to someone else (a consulted third party or agency): not the
    # applicant's to fetch.
    to_applicant: bool = True
    # Placeholders an agency's body must keep, or the notice would lose its substance.
    required: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.title.removeprefix("政府信息公开申请").removeprefix("政府信息公开")

    def all_placeholders(self) -> Placeholders:
        """Every placeholder of this kind: key → (Chinese name, meaning)."""
        return {**COMMON_PLACEHOLDERS, **self.placeholders}


KINDS: dict[str, NoticeKind] = {
    k.key: k
    for k in (
        NoticeKind(
            key=RECEIPT,
            title="政府信息公开申请受理回执",
            basis=f"{LAW}第三十一条、第三十三条",
            legal=(
                f"根据{LAW}第三十一条，本机关收到您的政府信息公开申请的日期为{{received_on}}。",
                f"根据{LAW}第三十三条，本机关将自收到申请之日起{REPLY_DAYS}个工作日内予以答复，"
                "答复期限至{reply_due}。需要延长答复期限的，经政府信息公开工作机构负责人同意"
                f"并告知申请人，延长的期限最长不得超过{MAX_EXTENSION_DAYS}个工作日；"
                "征求第三方和其他机关意见所需时间不计算在答复期限内。",
                # Not law, but the applicant's key to the application: no template can drop it.
                "您的查询码为{query_code}。凭查询码和申请时填写的联系电话或证件号码，"
                "可以在政府信息公开申请查询页面{track_url}查询办理进度和告知书。",
            ),
            placeholders={
                "reply_due": ("答复期限", "答复期限"),
                "channel": ("申请方式", "申请方式"),
                "query_code": ("查询码", "查询码"),
            },
            default_body=(
                "{applicant_name}：\n"
                "您通过{channel}方式提出的政府信息公开申请" + ABOUT + "已收悉，本机关已予登记。"
            ),
        ),
        NoticeKind(
            key=CORRECTION,
            title="政府信息公开申请补正告知书",
            basis=f"{LAW}第三十条",
            legal=(
                f"根据{LAW}第三十条，现一次性告知您需要补正的事项：{{items}}。"
                "请您于{until}前作出补正。",
                "答复期限自本机关收到补正的申请之日起计算。申请人无正当理由逾期不补正的，"
                "视为放弃申请，本机关不再处理该政府信息公开申请。",
            ),
            placeholders={
                "items": ("补正事项", "需要补正的事项"),
                "until": ("补正期限", "补正期限"),
            },
            default_body=(
                "{applicant_name}：\n"
                "本机关于{received_on}收到您提出的政府信息公开申请" + ABOUT + "。经审查，"
                "您的申请内容不够明确，本机关无法据此确定您所需要的政府信息，请您予以补正。"
            ),
        ),
        NoticeKind(
            key=EXTENSION,
            title="政府信息公开申请延期答复告知书",
            basis=f"{LAW}第三十三条第二款",
            legal=(
                f"根据{LAW}第三十三条第二款，经本机关政府信息公开工作机构负责人同意，"
                "答复期限延长{days}个工作日，延长后的答复期限至{new_due}。"
                f"延长的期限最长不得超过{MAX_EXTENSION_DAYS}个工作日。",
            ),
            placeholders={
                "days": ("延长天数", "延长的工作日数"),
                "new_due": ("延长后的答复期限", "延长后的答复期限"),
                "reason": ("延期理由", "延期理由"),
            },
            default_body=(
                "{applicant_name}：\n"
                "本机关于{received_on}收到您提出的政府信息公开申请" + ABOUT + "。"
                "因{reason}，本机关不能在法定期限内作出答复。"
            ),
        ),
        NoticeKind(
            key=CONSULTATION,
            title="政府信息公开第三方意见征询函",
            basis=f"{LAW}第三十二条",
            legal=(
                f"根据{LAW}第三十二条，依申请公开的政府信息公开会损害第三方合法权益的，"
                "行政机关应当书面征求第三方的意见。"
                f"请您自收到本函之日起{CONSULTATION_ANSWER_DAYS}个工作日内提出意见；"
                "逾期未提出意见的，由本机关依照规定决定是否公开。",
                "第三方不同意公开且有合理理由的，本机关不予公开；本机关认为不公开可能对公共利益"
                "造成重大影响的，可以决定予以公开，并将决定公开的政府信息内容和理由书面告知第三方。",
            ),
            placeholders={
                "party": ("征求意见对象", "征求意见对象"),
            },
            # The applicant's identity is not the third party's business: the letter names the
            # information, not who asked for it.
            default_body=(
                "{party}：\n"
                "本机关收到一份申请公开“{info_name}”的政府信息公开申请。该信息的公开可能涉及"
                "您（单位）的合法权益，现书面征求您（单位）的意见。"
            ),
            default_closing="请将书面意见送交{office_name}。\n" + CONTACT,
            to_applicant=False,
        ),
        NoticeKind(
            key=AGENCY_CONSULTATION,
            title="政府信息公开征求意见函",
            basis=f"{LAW}第三十四条",
            legal=(
                f"根据{LAW}第三十四条，申请公开的政府信息由两个以上行政机关共同制作的，"
                "牵头制作的行政机关收到政府信息公开申请后可以征求相关行政机关的意见，"
                f"被征求意见机关应当自收到征求意见书之日起{CONSULTATION_ANSWER_DAYS}个工作日内"
                "提出意见，逾期未提出意见的视为同意公开。",
                f"请贵机关自收到本函之日起{CONSULTATION_ANSWER_DAYS}个工作日内"
                "提出是否同意公开的书面意见；"
                "逾期未提出意见的，视为同意公开。",
            ),
            placeholders={
                "party": ("被征求意见机关", "被征求意见机关"),
            },
            # Whether to disclose is the question, not who asked: like the Art. 32 letter, it
            # names the information and not the applicant.
            default_body=(
                "{party}：\n"
                "本机关收到一份申请公开“{info_name}”的政府信息公开申请。经查，该信息由本机关与"
                "贵机关共同制作，现征求贵机关的意见。"
            ),
            default_closing="请将书面意见送交{office_name}。\n" + CONTACT,
            to_applicant=False,
        ),
        NoticeKind(
            key=CUSTOM_DEADLINE,
            title="政府信息公开申请另行确定答复期限告知书",
            basis=f"{LAW}第三十五条",
            legal=(
                f"根据{LAW}第三十五条，行政机关认为申请理由合理，但是无法在本条例第三十三条"
                "规定的期限内答复申请人的，可以确定延迟答复的合理期限并告知申请人。"
                "本机关确定的答复期限至{until}，本机关将在该期限内作出答复。",
            ),
            placeholders={
                "until": ("另行确定的答复期限", "另行确定的答复期限"),
                "reason": ("延迟答复理由", "延迟答复的理由"),
            },
            default_body=(
                "{applicant_name}：\n"
                "本机关于{received_on}收到您提出的政府信息公开申请" + ABOUT + "。"
                "您申请公开政府信息的数量、频次明显超过合理范围，本机关认为您的申请理由合理，"
                "但因{reason}，无法在法定期限内作出答复。"
            ),
            # The reason is the substance of an Art. 35 decision; the legal text gives the date.
            required=("reason",),
        ),
        NoticeKind(
            key=FEE,
            title="政府信息公开信息处理费收费通知",
            # The notice cites the one article of 109号 its basis rests on ({fee_article}).
            basis=f"{LAW}第四十二条、{FEE_RULES}第四条或第五条",
            legal=(
                f"根据{LAW}第四十二条和{FEE_RULES}{{fee_article}}，本申请应缴纳信息处理费。"
                "计费方式：{fee_basis}；数量：{quantity}{unit}；金额：{amount}元。",
                # 109号 as a province implements it: from the day after the applicant receives it.
                f"请您自收到本通知次日起{FEE_PAYMENT_DAYS}个工作日内缴纳{{payment_due}}。"
                "逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。",
            ),
            placeholders={
                "fee_basis": ("计费方式", "计费方式"),
                "quantity": ("数量", "数量"),
                "unit": ("单位", "单位（件或页）"),
                "amount": ("金额", "金额（元）"),
                "calculation": ("计费说明", "计费说明（计费方式、数量和金额）"),
                "fee_article": ("计费条款", "计费依据的条款（第四条或第五条）"),
                "payment_due": ("缴费期限", "缴费期限（送达日期已知时，如“（至2026年12月30日）”）"),
            },
            default_body=(
                "{applicant_name}：\n"
                "本机关于{received_on}收到您提出的政府信息公开申请" + ABOUT + "。"
                "因您申请公开政府信息的数量、频次明显超过合理范围，本机关依法收取信息处理费。"
            ),
        ),
        NoticeKind(
            key=REPLY,
            title=replies.REPLY_TITLE,
            basis="",  # the outcome's (replies.REPLY_FORMS)
            legal=(),  # the outcome's (replies.REPLY_FORMS)
            placeholders={
                "outcome_label": ("处理结果", "处理结果"),
                "reply_text": ("答复内容", "答复内容"),
            },
            default_body=replies.REPLY_BODY,
            required=("reply_text",),
        ),
    )
}


# Which event issues which notice, and the letter for each consulted party, are declared with
# the event kinds (applications.event_kinds).


def kind(key: str) -> NoticeKind:
    try:
        return KINDS[key]
    except KeyError:
        raise ValueError(_("未知的告知书类型 “%(kind)s”") % {"kind": key}) from None


def title_for(kind_key: str, outcome_key: str = "") -> str:
    if kind_key == REPLY and outcome_key:
        return replies.REPLY_FORMS[outcome_key].title
    return kind(kind_key).title


def legal_for(kind_key: str, outcome_key: str = "") -> tuple[str, ...]:
    if kind_key == REPLY:
        return replies.REPLY_FORMS[outcomes.outcome(outcome_key).key].legal
    return kind(kind_key).legal


def default_body_for(kind_key: str, outcome_key: str = "") -> str:
    if kind_key == REPLY and outcome_key:
        return replies.REPLY_FORMS[outcome_key].default_body
    return kind(kind_key).default_body


def choices() -> list[tuple[str, str]]:
    return [(k.key, k.title) for k in KINDS.values()]
