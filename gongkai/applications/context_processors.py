"""``staff_menu``: the staff pages' menu, only what the user's roles let them do there.

Computed once per rendered page from the user's ``Access`` (read once per request), and only when
a template shows it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from gongkai.agencies.models import HANDLING_ROLES, STAFF_ROLES, Role
from gongkai.agencies.permissions import access_of, administers_any_agency
from gongkai.applications.permissions import can_register_anywhere


@dataclass(frozen=True)
class MenuItem:
    key: str
    label: str
    url: str


def menu_for(request: HttpRequest) -> list[MenuItem]:
    """The entries the user may use: the workload and the list for whoever reads an agency,
    registering and the ledger import for those who register, the items of 主动公开 for whoever
    reads an agency and drafting for its clerks, the annual report and the register of the agency
    its staff work in, the province's year for the provincial office, the catalogue and the
    agency admin's pages for its admins, the platform's admin site for Django staff."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items = []
    if access_of(user).is_staff_anywhere:
        items += [
            MenuItem("workload", _("工作台"), reverse("applications:workload")),
            MenuItem("list", _("申请列表"), reverse("applications:list")),
        ]
    if can_register_anywhere(user):
        items += [
            MenuItem("register", _("登记申请"), reverse("applications:register")),
            MenuItem("ledger_import", _("导入台账"), reverse("ledger:import")),
        ]
    # 主动公开: the items for whoever reads an agency, drafting for its clerks.
    if access_of(user).is_staff_anywhere:
        items.append(MenuItem("items", _("主动公开"), reverse("publishing:list")))
    if access_of(user).holds_anywhere(*HANDLING_ROLES):
        items.append(MenuItem("item_new", _("起草公开信息"), reverse("publishing:new")))
    # The annual report and the 复议/诉讼 register of the (first) agency the user works in.
    worked_in = sorted(g.agency_code for g in access_of(user).grants if g.role in STAFF_ROLES)
    if worked_in:
        code = worked_in[0]
        items += [
            MenuItem("annual", _("年度报告"), reverse("annual:list", args=[code])),
            MenuItem("remedies", _("复议诉讼"), reverse("remedies:list", args=[code])),
        ]
    if access_of(user).holds_anywhere(Role.PROVINCE) or user.is_superuser:
        items.append(MenuItem("province", _("全省年度报告"), reverse("province:home")))
    if administers_any_agency(user):
        items += [
            MenuItem("catalogue", _("公开目录"), reverse("publishing:catalogue_home")),
            MenuItem("agency_admin", _("机关管理"), reverse("agencies:home")),
        ]
    if user.is_staff:
        items.append(MenuItem("site_admin", _("平台管理"), reverse("admin:index")))
    return items


def staff_menu(request: HttpRequest) -> dict[str, object]:
    return {"staff_menu": SimpleLazyObject(lambda: menu_for(request))}
