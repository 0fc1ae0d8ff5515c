"""Notice downloads; included at the site root (``path("", include(...))``)."""

from __future__ import annotations

from django.urls import path

from gongkai.applications.notices import views, views_templates

app_name = "notices"

urlpatterns = [
    path("notices/<int:pk>/<str:fmt>/", views.staff_download, name="staff_download"),
    path("public/notices/<int:pk>/<str:fmt>/", views.applicant_download, name="applicant_download"),
    # The agency admin's editor of the agency's own wording (beside agencies' admin pages).
    path(
        "staff/agency/<slug:agency_code>/notice-templates/",
        views_templates.template_list,
        name="templates",
    ),
    path(
        "staff/agency/<slug:agency_code>/notice-templates/<slug:kind>/",
        views_templates.template_edit,
        name="template_edit",
    ),
]
