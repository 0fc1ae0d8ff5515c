from __future__ import annotations

from django.urls import path

from . import views, views_batch, views_records, views_table2, views_table4

app_name = "reports"
urlpatterns = [
    path("check/", views.check_upload, name="check"),
    path("check/download/<str:fmt>/", views.download, name="download"),
    path("check/batch/", views_batch.check_batch, name="check_batch"),
    # Table 三 computed from the application records, and the applications behind each cell.
    path("reports/<slug:agency_code>/<int:year>/table3/", views_records.table3, name="table3"),
    path(
        "reports/<slug:agency_code>/<int:year>/table3/cell/",
        views_records.table3_cell,
        name="table3_cell",
    ),
    # Table 二: 第二十条第（一）项 from the published items (the items behind each cell), the
    # other cells entered by the office (POST only, back to the table).
    path("reports/<slug:agency_code>/<int:year>/table2/", views_table2.table2, name="table2"),
    path(
        "reports/<slug:agency_code>/<int:year>/table2/cell/",
        views_table2.table2_cell,
        name="table2_cell",
    ),
    path(
        "reports/<slug:agency_code>/<int:year>/table2/input/",
        views_table2.table2_input,
        name="table2_input",
    ),
    # Table 四 from the case register (gongkai.remedies), and the cases behind each cell.
    path("reports/<slug:agency_code>/<int:year>/table4/", views_table4.table4, name="table4"),
    path(
        "reports/<slug:agency_code>/<int:year>/table4/cell/",
        views_table4.table4_cell,
        name="table4_cell",
    ),
]
