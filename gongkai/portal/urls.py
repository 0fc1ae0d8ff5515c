"""The public site: the platform's home, each agency's pages, search, feeds."""

from __future__ import annotations

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from gongkai.portal import views
from gongkai.portal.feeds import AgencyFeed
from gongkai.portal.sitemaps import SITEMAPS

app_name = "portal"

_agency = "agencies/<slug:agency_code>/"
_item = f"{_agency}items/<int:pk>/"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("preferences/elder/", views.elder_mode, name="elder"),
    # An index of the sections' pages, so that no sitemap holds more than its LIMIT of URLs.
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "portal:sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<slug:section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path(_agency, views.agency_home, name="agency"),
    path(f"{_agency}guide/", views.guide, name="guide"),
    path(f"{_agency}catalogue/", views.catalogue, name="catalogue"),
    path(
        f"{_agency}catalogue/<slug:category_code>/",
        views.category_listing,
        name="category",
    ),
    path(f"{_agency}catalogue/<slug:category_code>/feed/", AgencyFeed(), name="category_feed"),
    path(f"{_agency}years/<int:year>/", views.year_listing, name="year"),
    path(f"{_agency}reports/", views.reports, name="reports"),
    path(f"{_agency}feed/", AgencyFeed(), name="feed"),
    path(_item, views.item, name="item"),
    path(f"{_item}versions/<int:number>/", views.item_version, name="item_version"),
    path(f"{_item}files/<int:attachment_pk>/", views.item_file, name="item_file"),
]
