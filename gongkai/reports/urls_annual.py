"""The annual report's staff pages, under ``reports/<agency>/``; included at the site root."""

from __future__ import annotations

from django.urls import path

from gongkai.reports import views_annual as views

app_name = "annual"

_AGENCY = "reports/<slug:agency_code>/"
_YEAR = f"{_AGENCY}<int:year>/"

urlpatterns = [
    path(_AGENCY, views.report_list, name="list"),
    path(f"{_AGENCY}open/", views.report_open, name="open"),
    path(f"{_AGENCY}import/", views.report_import, name="import"),
    path(_YEAR, views.report_detail, name="detail"),
    path(f"{_YEAR}edit/", views.report_edit, name="edit"),
    path(f"{_YEAR}acknowledge/", views.report_acknowledge, name="acknowledge"),
    path(f"{_YEAR}steps/<slug:step>/", views.report_step, name="step"),
    path(f"{_YEAR}v<int:number>/<str:fmt>/", views.version_file, name="file"),
]
