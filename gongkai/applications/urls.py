"""Public pages (apply, track) and the staff's pages, under ``staff/``."""

from __future__ import annotations

from django.urls import path

from gongkai.applications import views

app_name = "applications"
urlpatterns = [
    path("apply/<slug:agency_code>/", views.apply, name="apply"),
    path("apply/<slug:agency_code>/done/", views.apply_done, name="apply_done"),
    path("track/", views.track, name="track"),
    path("track/<int:pk>/", views.track_status, name="track_status"),
    path("track/<int:pk>/withdraw/", views.track_withdraw, name="track_withdraw"),
    path("track/<int:pk>/files/<int:file_pk>/", views.track_file, name="track_file"),
    path("track/signout/", views.track_signout, name="track_signout"),
    path("staff/", views.workload, name="workload"),
    path("staff/applications/", views.application_list, name="list"),
    path("staff/applications/new/", views.register, name="register"),
    path("staff/applications/<int:pk>/", views.detail, name="detail"),
    path("staff/applications/<int:pk>/act/<slug:action>/", views.act, name="act"),
    path(
        "staff/applications/<int:pk>/files/<int:file_pk>/",
        views.application_file,
        name="file",
    ),
]
