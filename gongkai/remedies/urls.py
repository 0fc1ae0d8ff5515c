"""The staff's case register, under ``staff/remedies/<agency_code>/``; included at the site root."""

from __future__ import annotations

from django.urls import path

from gongkai.remedies import views

app_name = "remedies"

_AGENCY = "staff/remedies/<slug:agency_code>/"
_CASE = _AGENCY + "<int:case_id>/"

urlpatterns = [
    path(_AGENCY, views.case_list, name="list"),
    path(_AGENCY + "new/", views.case_new, name="new"),
    path(_AGENCY + "import/", views.cases_import_page, name="import"),
    path(_AGENCY + "template.<str:fmt>", views.cases_template_download, name="template"),
    path(_CASE, views.case_detail, name="detail"),
    path(_CASE + "edit/", views.case_edit, name="edit"),
    path(_CASE + "decide/", views.case_decide_page, name="decide"),
    path(_CASE + "reopen/", views.case_reopen_post, name="reopen"),
]
