"""Notice downloads; included at the site root (``path("", include(...))``)."""

from __future__ import annotations

from django.urls import path

from gongkai.applications.notices import views

app_name = "notices"

urlpatterns = [
    path("notices/<int:pk>/<str:fmt>/", views.staff_download, name="staff_download"),
    path("public/notices/<int:pk>/<str:fmt>/", views.applicant_download, name="applicant_download"),
]
