"""The staff's screens of the case register, under ``staff/remedies/<agency_code>/``."""

from __future__ import annotations

from gongkai.remedies.views.cases import (
    case_decide_page,
    case_detail,
    case_edit,
    case_list,
    case_new,
    case_reopen_post,
)
from gongkai.remedies.views.importing import cases_import_page, cases_template_download

__all__ = [
    "case_decide_page",
    "case_detail",
    "case_edit",
    "case_list",
    "case_new",
    "case_reopen_post",
    "cases_import_page",
    "cases_template_download",
]
