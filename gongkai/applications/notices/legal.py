"""What the fixed legal text of every notice quotes: the law by name, the statutory day counts,
the remedies, and the phrases that the notices' default wording shares.

The day counts come from their one home, the deadline clock's convention (a test checks the
configured convention agrees).
"""

from __future__ import annotations

from gongkai.applications import fees
from gongkai.workdays.clock import DEFAULT_CONVENTION

LAW = "《中华人民共和国政府信息公开条例》"
FEE_RULES = fees.RULES

REPLY_DAYS = DEFAULT_CONVENTION.reply_days
MAX_EXTENSION_DAYS = DEFAULT_CONVENTION.max_extension_days
FEE_PAYMENT_DAYS = DEFAULT_CONVENTION.fee_payment_days

# The applicant's remedies, closing every reply. The 行政复议 body is the agency's parent in the
# agency tree (under the 2023 行政复议法 a department's acts are reviewed by the government at its
# level, a government's by the one above it), or the agency itself at the top of the tree; that
# reading is an interpretation.
REMEDIES = (
    f"根据{LAW}第五十一条和《中华人民共和国行政复议法》《中华人民共和国行政诉讼法》的规定，"
    "如对本答复不服，可以自收到本告知书之日起60日内向{review_body}申请行政复议，"
    "或者在6个月内向有管辖权的人民法院提起行政诉讼。"
)

# The default wording's contact lines and its reference to the application.
CONTACT = "联系机构：{office_name}\n联系地址：{office_address}\n联系电话：{office_phone}"
ABOUT = "（申请编号：{application_number}，所需信息：{info_name}）"
