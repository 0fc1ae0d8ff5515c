"""The agency admin's pages; included at the site root (``path("", include(...))``)."""

from __future__ import annotations

from django.urls import path

from gongkai.agencies import views

app_name = "agencies"

_AGENCY = "staff/agency/<slug:agency_code>/"

urlpatterns = [
    path("staff/agency/", views.home, name="home"),
    path(_AGENCY + "people/", views.people, name="people"),
    path(_AGENCY + "people/new/", views.person_add, name="person_add"),
    path(_AGENCY + "people/<int:user_id>/", views.person, name="person"),
    path(_AGENCY + "roles/<int:membership_id>/remove/", views.role_remove, name="role_remove"),
    path(_AGENCY + "departments/", views.departments, name="departments"),
    path(
        _AGENCY + "departments/<int:department_id>/",
        views.department_rename,
        name="department_rename",
    ),
    path(_AGENCY + "settings/", views.agency_settings, name="settings"),
]
