"""What every portal page shares: the header and footer of the site (the agency's, or the
platform's on pages of no agency), the breadcrumb and the 适老化 (large text, high contrast)
mode the reader chose.

The platform's own footer is read from optional settings (GONGKAI_SITE_NAME, _SPONSOR, _PHONE,
_ADDRESS, _CODE, _ICP, _POLICE); each one left unset is left out of the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.portal.guide import Entry, entries

ELDER_COOKIE = "gongkai_elder"
ELDER_MAX_AGE = 365 * 24 * 3600


@dataclass(frozen=True)
class Crumb:
    label: str
    url: str = ""  # empty for the page itself


@dataclass(frozen=True)
class Site:
    """The header and footer: whose site it is and how to reach them."""

    name: str
    home_url: str
    agency: Agency | None = None
    sponsor: str = ""
    phone: str = ""
    address: str = ""
    site_code: str = ""
    icp_number: str = ""
    police_number: str = ""

    @property
    def facts(self) -> list[Entry]:
        """The footer's lines, those set only."""
        return entries(
            [
                (_("主办单位"), self.sponsor, ""),
                (_("地址"), self.address, ""),
                (_("联系电话"), self.phone, ""),
                (_("网站标识码"), self.site_code, ""),
                (_("ICP备案号"), self.icp_number, "https://beian.miit.gov.cn/"),
                (_("公安机关备案号"), self.police_number, ""),
            ]
        )


def platform_name() -> str:
    return getattr(settings, "GONGKAI_SITE_NAME", "") or _("政府信息公开平台")


def site_for(agency: Agency | None) -> Site:
    if agency is None:
        return Site(
            name=platform_name(),
            home_url=reverse("portal:home"),
            sponsor=getattr(settings, "GONGKAI_SITE_SPONSOR", ""),
            phone=getattr(settings, "GONGKAI_SITE_PHONE", ""),
            address=getattr(settings, "GONGKAI_SITE_ADDRESS", ""),
            site_code=getattr(settings, "GONGKAI_SITE_CODE", ""),
            icp_number=getattr(settings, "GONGKAI_SITE_ICP", ""),
            police_number=getattr(settings, "GONGKAI_SITE_POLICE", ""),
        )
    return Site(
        name=agency.name,
        home_url=reverse("portal:agency", args=[agency.code]),
        agency=agency,
        sponsor=agency.site_sponsor or agency.name,
        phone=agency.office_phone,
        address=agency.office_address,
        site_code=agency.site_code,
        icp_number=agency.icp_number,
        police_number=agency.police_number,
    )


def crumbs_for(agency: Agency | None, *trail: Crumb) -> list[Crumb]:
    """首页 › the agency › … ; the last crumb is the page itself (no link)."""
    crumbs = [Crumb(_("首页"), reverse("portal:home"))]
    if agency is not None:
        crumbs.append(Crumb(agency.name, reverse("portal:agency", args=[agency.code])))
    crumbs.extend(trail)
    if crumbs:
        crumbs[-1] = Crumb(crumbs[-1].label)
    return crumbs


def elder_mode(request: HttpRequest) -> bool:
    return request.COOKIES.get(ELDER_COOKIE) == "1"


def page(
    request: HttpRequest,
    template: str,
    context: dict[str, object],
    *,
    agency: Agency | None,
    crumbs: list[Crumb],
    status: int = 200,
) -> HttpResponse:
    """A portal page: ``context`` with the site, the breadcrumb and the reader's mode."""
    shared = {
        "site": site_for(agency),
        "agency": agency,
        "crumbs": crumbs,
        "elder": elder_mode(request),
    }
    return render(request, template, {**shared, **context}, status=status)
