"""The portal's pages: thin views over ``portal.selectors``, drawn in the portal's own layout."""

from __future__ import annotations

from gongkai.portal.views.catalogue import catalogue, category_listing, year_listing
from gongkai.portal.views.items import item, item_file, item_version
from gongkai.portal.views.pages import agency_home, guide, home
from gongkai.portal.views.preferences import elder_mode
from gongkai.portal.views.reports import report, report_file, report_version, reports
from gongkai.portal.views.search import search

__all__ = [
    "agency_home",
    "catalogue",
    "category_listing",
    "elder_mode",
    "guide",
    "home",
    "item",
    "item_file",
    "item_version",
    "report",
    "report_file",
    "report_version",
    "reports",
    "search",
    "year_listing",
]
