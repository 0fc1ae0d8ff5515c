"""Every notice of the workflow, declared once as data with its legal basis and fixed legal text.

A notice has three parts. The agency's wording (salutation, body, contact lines) is editable per
agency (``NoticeTemplate``); its defaults are here. The legal paragraphs — the article it rests
on, what the law says follows, and for a reply the applicant's remedies — are here only and are
appended by the composer; no template can replace or remove them. Both are filled from the same
placeholders, whose names and meanings are declared below.

The remedies name the 行政复议 body as the agency's parent in the agency tree (under the 2023
行政复议法 a department's acts are reviewed by the government at its level, a government's by the
one above it), or the agency itself at the top of the tree; that reading is an interpretation.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.applications import outcomes
from gongkai.workdays.clock import CONSULTATION_ANSWER_DAYS, DEFAULT_CONVENTION

LAW = "《中华人民共和国政府信息公开条例》"
FEE_RULES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"

# The statutory day counts the legal text quotes, from their one home: the deadline clock's
# convention (a test checks the configured convention agrees).
REPLY_DAYS = DEFAULT_CONVENTION.reply_days
MAX_EXTENSION_DAYS = DEFAULT_CONVENTION.max_extension_days
FEE_PAYMENT_DAYS = DEFAULT_CONVENTION.fee_payment_days

RECEIPT = "receipt"
CORRECTION = "correction"
EXTENSION = "extension"
CONSULTATION = "consultation"
AGENCY_CONSULTATION = "agency_consultation"
CUSTOM_DEADLINE = "custom_deadline"
FEE = "fee"
REPLY = "reply"

# Placeholders every notice offers, with what they hold (shown to agency admins).
COMMON_PLACEHOLDERS: dict[str, str] = {
    "applicant_name": "申请人姓名或名称",
    "addressee": "收件人（答复类为申请人，征询函为第三方，征求意见函为被征求意见机关）",
    "application_number": "申请编号",
    "info_name": "所需信息名称",
    "received_on": "收到申请日期",
    "agency_name": "机关名称",
    "office_name": "政府信息公开工作机构",
    "office_address": "办公地址",
    "office_phone": "联系电话",
    "issued_on": "告知日期",
}
# The Chinese name an agency admin may write instead of each key ({申请人姓名} for
# {applicant_name}); unique within every kind (placeholders.py checks, and a test).
COMMON_NAMES: dict[str, str] = {
    "applicant_name": "申请人姓名",
    "addressee": "收件人",
    "application_number": "申请编号",
    "info_name": "所需信息名称",
    "received_on": "收到申请日期",
    "agency_name": "机关名称",
    "office_name": "公开工作机构",
    "office_address": "办公地址",
    "office_phone": "联系电话",
    "issued_on": "告知日期",
}

REMEDIES = (
    f"根据{LAW}第五十一条和《中华人民共和国行政复议法》《中华人民共和国行政诉讼法》的规定，"
    "如对本答复不服，可以自收到本告知书之日起60日内向{review_body}申请行政复议，"
    "或者在6个月内向有管辖权的人民法院提起行政诉讼。"
)

_CONTACT = "联系机构：{office_name}\n联系地址：{office_address}\n联系电话：{office_phone}"
_ABOUT = "（申请编号：{application_number}，所需信息：{info_name}）"


@dataclass(frozen=True)
class NoticeKind:
    key: str
    title: str
    basis: str  # the article(s) the notice rests on
    # Fixed paragraphs appended after the agency's body; filled from the same placeholders.
    legal: tuple[str, ...]
    # Placeholders of this kind beyond COMMON_PLACEHOLDERS: name → what it holds.
    placeholders: dict[str, str]
    # Their Chinese names (see COMMON_NAMES).
    names: dict[str, str]
    default_body: str
    default_closing: str = _CONTACT
    # False for letters to someone else (a consulted third party or agency): not the
    # applicant's to fetch.
    to_applicant: bool = True
    # Placeholders an agency's body must keep, or the notice would lose its substance.
    required: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.title.removeprefix("政府信息公开申请").removeprefix("政府信息公开")

    def allowed_placeholders(self) -> dict[str, str]:
        return {**COMMON_PLACEHOLDERS, **self.placeholders}

    def placeholder_names(self) -> dict[str, str]:
        """Key → its Chinese name, for every placeholder of this kind."""
        return {**COMMON_NAMES, **self.names}


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
                "reply_due": "答复期限",
                "channel": "申请方式",
                "query_code": "查询码",
            },
            names={
                "reply_due": "答复期限",
                "channel": "申请方式",
                "query_code": "查询码",
            },
            default_body=(
                "{applicant_name}：\n"
                "您通过{channel}方式提出的政府信息公开申请" + _ABOUT + "已收悉，本机关已予登记。"
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
            placeholders={"items": "需要补正的事项", "until": "补正期限"},
            names={"items": "补正事项", "until": "补正期限"},
            default_body=(
                "{applicant_name}：\n"
                "本机关于{received_on}收到您提出的政府信息公开申请" + _ABOUT + "。经审查，"
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
                "days": "延长的工作日数",
                "new_due": "延长后的答复期限",
                "reason": "延期理由",
            },
            names={"days": "延长天数", "new_due": "延长后的答复期限", "reason": "延期理由"},
            default_body=(
                "{applicant_name}：\n"
                "本机关于{received_on}收到您提出的政府信息公开申请" + _ABOUT + "。"
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
            placeholders={"party": "征求意见对象"},
            names={"party": "征求意见对象"},
            # The applicant's identity is not the third party's business: the letter names the
            # information, not who asked for it.
            default_body=(
                "{party}：\n"
                "本机关收到一份申请公开“{info_name}”的政府信息公开申请。该信息的公开可能涉及"
                "您（单位）的合法权益，现书面征求您（单位）的意见。"
            ),
            default_closing="请将书面意见送交{office_name}。\n" + _CONTACT,
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
            placeholders={"party": "被征求意见机关"},
            names={"party": "被征求意见机关"},
            # Whether to disclose is the question, not who asked: like the Art. 32 letter, it
            # names the information and not the applicant.
            default_body=(
                "{party}：\n"
                "本机关收到一份申请公开“{info_name}”的政府信息公开申请。经查，该信息由本机关与"
                "贵机关共同制作，现征求贵机关的意见。"
            ),
            default_closing="请将书面意见送交{office_name}。\n" + _CONTACT,
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
            placeholders={"until": "另行确定的答复期限", "reason": "延迟答复的理由"},
            names={"until": "另行确定的答复期限", "reason": "延迟答复理由"},
            default_body=(
                "{applicant_name}：\n"
                "本机关于{received_on}收到您提出的政府信息公开申请" + _ABOUT + "。"
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
                "fee_basis": "计费方式",
                "quantity": "数量",
                "unit": "单位（件或页）",
                "amount": "金额（元）",
                "calculation": "计费说明（计费方式、数量和金额）",
                "fee_article": "计费依据的条款（第四条或第五条）",
                "payment_due": "缴费期限（送达日期已知时，如“（至2026年12月30日）”）",
            },
            names={
                "fee_basis": "计费方式",
                "quantity": "数量",
                "unit": "单位",
                "amount": "金额",
                "calculation": "计费说明",
                "fee_article": "计费条款",
                "payment_due": "缴费期限",
            },
            default_body=(
                "{applicant_name}：\n"
                "本机关于{received_on}收到您提出的政府信息公开申请" + _ABOUT + "。"
                "因您申请公开政府信息的数量、频次明显超过合理范围，本机关依法收取信息处理费。"
            ),
        ),
        NoticeKind(
            key=REPLY,
            title="政府信息公开申请答复告知书",
            basis="",  # the outcome's (see REPLY_FORMS)
            legal=(),  # the outcome's (see REPLY_FORMS)
            placeholders={"outcome_label": "处理结果", "reply_text": "答复内容"},
            names={"outcome_label": "处理结果", "reply_text": "答复内容"},
            default_body=(
                "{applicant_name}：\n"
                "本机关于{received_on}收到您提出的政府信息公开申请" + _ABOUT + "。"
                "经研究，现答复如下：\n{reply_text}"
            ),
            required=("reply_text",),
        ),
    )
}


@dataclass(frozen=True)
class ReplyForm:
    """The reply notice for one outcome: its title, its legal paragraphs and default body."""

    outcome: outcomes.Outcome
    title: str
    legal: tuple[str, ...]
    default_body: str


_TERMINATION_TITLE = "政府信息公开申请终止处理告知书"
# What the law says follows, for the closures the system makes when a period runs out.
_CLOSING_RULES = {
    outcomes.ABANDONED_CORRECTION: (
        f"根据{LAW}第三十条，申请人无正当理由逾期不补正的，视为放弃申请，"
        "行政机关不再处理该政府信息公开申请。"
    ),
    outcomes.FEE_UNPAID: (
        f"根据{LAW}第四十二条和{FEE_RULES}，"
        "申请人逾期未按收费通知要求缴纳费用的，视为放弃申请，行政机关不再处理该政府信息公开申请。"
    ),
}

# What the reply decides, as the applicant reads it (the report's row labels, such as
# "（三）1.属于国家秘密", number rows of a table and are not a decision).
DECISIONS: dict[str, str] = {
    outcomes.GRANTED: "予以公开",
    outcomes.PARTIAL: "部分公开",
    "result.withheld.1": "不予公开（属于国家秘密）",
    "result.withheld.2": "不予公开（属于法律、行政法规禁止公开的政府信息）",
    "result.withheld.3": "不予公开（公开后可能危及国家安全、公共安全、经济安全、社会稳定）",
    "result.withheld.4": "不予公开（公开会损害第三方合法权益）",
    "result.withheld.5": "不予公开（属于人事管理、后勤管理、内部工作流程等内部事务信息）",
    "result.withheld.6": "不予公开（属于过程性信息）",
    "result.withheld.7": "不予公开（属于行政执法案卷信息）",
    "result.withheld.8": "不予公开（属于行政查询事项，请依照有关法律、行政法规的规定办理）",
    "result.unavailable.1": "无法提供（本机关不掌握相关政府信息）",
    "result.unavailable.2": "无法提供（没有现成信息，需要另行制作）",
    outcomes.STILL_UNCLEAR: "无法提供（补正后申请内容仍不明确）",
    "result.not_handled.1": "不予处理（属于信访、举报、投诉类申请）",
    "result.not_handled.2": "不予重复处理（属于重复申请）",
    "result.not_handled.3": "不予处理（要求提供公开出版物）",
    "result.not_handled.4": "不予处理（无正当理由大量、反复申请）",
    "result.not_handled.5": "不予处理（要求行政机关确认或者重新出具已获取的信息）",
    outcomes.ABANDONED_CORRECTION: "终止处理（逾期未补正，视为放弃申请）",
    outcomes.FEE_UNPAID: "终止处理（逾期未缴纳信息处理费，视为放弃申请）",
    outcomes.OTHER: "按上述答复内容处理",
}

# Outcomes no article of the 条例 decides (DOMAIN.md §1.9): the reply cites none rather than a
# whole article whose items do not fit.
_UNCITED = frozenset({"result.not_handled.5", outcomes.OTHER})


def reply_decision(outcome_key: str) -> str:
    return DECISIONS[outcomes.outcome(outcome_key).key]


def reply_basis(outcome_key: str) -> str:
    """The article(s) and item(s) the reply rests on, in full; "" when none is cited."""
    outcome = outcomes.outcome(outcome_key)
    if outcome.key in _UNCITED or outcome.key in _CLOSING_RULES:
        return ""
    return outcome.basis.replace("《条例》", LAW)


_TERMINATION_BODY = (
    "{applicant_name}：\n"
    "本机关于{received_on}收到您提出的政府信息公开申请" + _ABOUT + "。\n{reply_text}"
)


def _reply_form(outcome: outcomes.Outcome) -> ReplyForm:
    rule = _CLOSING_RULES.get(outcome.key)
    if rule:  # the rule just quoted is the basis
        decision = "据此，本机关对您的申请作出如下处理：{outcome_label}。"
    elif reply_basis(outcome.key):
        decision = "本机关依据{basis}，对您的申请作出如下处理：{outcome_label}。"
    else:
        decision = "本机关对您的申请作出如下处理：{outcome_label}。"
    return ReplyForm(
        outcome=outcome,
        title=_TERMINATION_TITLE if outcome.automatic else KINDS[REPLY].title,
        legal=(*([rule] if rule else []), decision, REMEDIES),
        default_body=_TERMINATION_BODY if outcome.automatic else KINDS[REPLY].default_body,
    )


# One reply notice per outcome, derived from the one declaration of outcomes.
REPLY_FORMS: dict[str, ReplyForm] = {
    key: _reply_form(outcome) for key, outcome in outcomes.OUTCOMES.items()
}

# Which event issues which notice, and the letter for each consulted party, are declared with
# the event kinds (applications.event_kinds).


def kind(key: str) -> NoticeKind:
    try:
        return KINDS[key]
    except KeyError:
        raise ValueError(f"未知的告知书类型 “{key}”") from None


def title_for(kind_key: str, outcome_key: str = "") -> str:
    if kind_key == REPLY and outcome_key:
        return REPLY_FORMS[outcome_key].title
    return kind(kind_key).title


def legal_for(kind_key: str, outcome_key: str = "") -> tuple[str, ...]:
    if kind_key == REPLY:
        return REPLY_FORMS[outcomes.outcome(outcome_key).key].legal
    return kind(kind_key).legal


def default_body_for(kind_key: str, outcome_key: str = "") -> str:
    if kind_key == REPLY and outcome_key:
        return REPLY_FORMS[outcome_key].default_body
    return kind(kind_key).default_body


def choices() -> list[tuple[str, str]]:
    return [(k.key, k.title) for k in KINDS.values()]
