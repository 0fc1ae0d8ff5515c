"""Staff pages of the ledger import; included by the project at the site root."""

from __future__ import annotations

from django.urls import path

from gongkai.applications.ledger import views

app_name = "ledger"
urlpatterns = [
    path("staff/ledger/import/", views.ledger_import_page, name="import"),
    path("staff/ledger/template.<str:fmt>", views.ledger_template_download, name="template"),
]
