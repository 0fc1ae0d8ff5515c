"""Who reaches which page of the register, built on the named predicates (remedies.permissions).

An agency whose records the user does not read does not exist for them (404), nor do its cases;
whoever reads it and may not write — the provincial office, heads, leaders, reviewers, platform
admins — is refused with a reason (403) where the page would change something.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.remedies.models import Case
from gongkai.remedies.permissions import can_edit_cases, can_read_cases


def agency_or_404(request: HttpRequest, agency_code: str) -> Agency:
    agency = Agency.objects.filter(code=agency_code).first()
    if agency is None or not can_read_cases(request.user, agency):
        raise Http404(_("没有这个机关，或无权查看"))
    return agency


def case_or_404(agency: Agency, case_id: int) -> Case:
    case = (
        Case.objects.filter(agency=agency, pk=case_id)
        .select_related("application", "created_by")
        .first()
    )
    if case is None:
        raise Http404(_("未找到该案件"))
    return case


def require_edit(request: HttpRequest, agency: Agency) -> None:
    if not can_edit_cases(request.user, agency):
        raise PermissionDenied(
            _("只有%(agency)s的承办人或机关管理员可以登记和修改复议诉讼案件")
            % {"agency": agency.name}
        )
