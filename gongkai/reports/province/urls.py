"""The provincial office's pages; included at the site root (``path("", include(...))``).

Every page but ``agency`` takes ``?office=CODE`` (the office looked from; the user's only one
when omitted); ``cell`` takes ``?cell=N``, the cell's position in the year's edition.
"""

from __future__ import annotations

from django.urls import path

from gongkai.reports.province import views, views_agency

app_name = "province"
urlpatterns = [
    path("staff/province/", views.home, name="home"),
    path("staff/province/<int:year>/", views.year_list, name="year"),
    path("staff/province/<int:year>/sum/", views.total, name="total"),
    path("staff/province/<int:year>/sum/cell/", views.cell, name="cell"),
    path("staff/province/<int:year>/export.csv", views.export_csv, name="export_csv"),
    path("staff/province/<int:year>/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("staff/province/<int:year>/upload/", views_agency.upload, name="upload"),
    path(
        "staff/province/<int:year>/agencies/<slug:agency_code>/",
        views_agency.agency,
        name="agency",
    ),
]
