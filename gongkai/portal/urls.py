"""The public site: the platform's home, each agency's pages, search, feeds."""

from __future__ import annotations

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from gongkai.portal import views
from gongkai.portal.feeds import AgencyFeed
from gongkai.portal.page_cache import cached_for_readers as cached
from gongkai.portal.sitemaps import SITEMAPS

app_name = "portal"

_agency = "agencies/<slug:agency_code>/"
_item = f"{_agency}items/<int:pk>/"
_report = f"{_agency}reports/<int:year>/"
# Every page the same for all anonymous readers is cached (page_cache); search and files are not.
urlpatterns = [
    path("", cached(views.home), name="home"),
    path("search/", views.search, name="search"),
    path("preferences/elder/", views.elder_mode, name="elder"),
    # An index of the sections' pages, so that no sitemap holds more than its LIMIT of URLs.
    path(
        "sitemap.xml",
        cached(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "portal:sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<slug:section>.xml",
        cached(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path(_agency, cached(views.agency_home), name="agency"),
    path(f"{_agency}guide/", cached(views.guide), name="guide"),
    path(f"{_agency}catalogue/", cached(views.catalogue), name="catalogue"),
    path(
        f"{_agency}catalogue/<slug:category_code>/",
        cached(views.category_listing),
        name="category",
    ),
    path(
        f"{_agency}catalogue/<slug:category_code>/feed/", cached(AgencyFeed()), name="category_feed"
    ),
    path(f"{_agency}years/<int:year>/", cached(views.year_listing), name="year"),
    path(f"{_agency}reports/", cached(views.reports), name="reports"),
    path(_report, cached(views.report), name="report"),
    path(f"{_report}v<int:number>/", cached(views.report_version), name="report_version"),
    # The frozen files, byte for byte (not cached: the database holds them beside their digest).
    path(f"{_report}v<int:number>/<slug:fmt>", views.report_file, name="report_file"),
    path(f"{_agency}feed/", cached(AgencyFeed()), name="feed"),
    path(_item, cached(views.item), name="item"),
    path(f"{_item}versions/<int:number>/", cached(views.item_version), name="item_version"),
    path(f"{_item}files/<int:attachment_pk>/", views.item_file, name="item_file"),
]
