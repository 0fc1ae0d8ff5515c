from __future__ import annotations

from django.urls import path

from . import views, views_records

app_name = "reports"
urlpatterns = [
    path("", views.check_upload, name="check"),
    path("check/download/<str:fmt>/", views.download, name="download"),
    # Table 三 computed from the application records, and the applications behind each cell.
    path("reports/<slug:agency_code>/<int:year>/table3/", views_records.table3, name="table3"),
    path(
        "reports/<slug:agency_code>/<int:year>/table3/cell/",
        views_records.table3_cell,
        name="table3_cell",
    ),
]
