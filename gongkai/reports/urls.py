from __future__ import annotations

from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.check_upload, name="check"),
    path("check/download/<str:fmt>/", views.download, name="download"),
]
