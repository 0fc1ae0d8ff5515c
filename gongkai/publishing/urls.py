"""The staff's 主动公开 screens, under ``staff/items/``; included at the site root."""

from __future__ import annotations

from django.urls import path

from gongkai.publishing import views

app_name = "publishing"

_ITEM = "staff/items/<int:item_id>/"
_CATALOGUE = "staff/items/catalogue/<slug:agency_code>/"

urlpatterns = [
    path("staff/items/", views.item_list, name="list"),
    path("staff/items/new/", views.item_new, name="new"),
    path(_ITEM, views.item_detail, name="detail"),
    path(_ITEM + "edit/", views.item_edit, name="edit"),
    path(_ITEM + "steps/<slug:step>/", views.item_step, name="step"),
    path(_ITEM + "attachments/", views.attachment_upload, name="attachment_upload"),
    path(
        _ITEM + "attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
    path(
        _ITEM + "attachments/<int:attachment_id>/remove/",
        views.attachment_remove,
        name="attachment_remove",
    ),
    path("staff/items/catalogue/", views.catalogue_home, name="catalogue_home"),
    path(_CATALOGUE, views.catalogue, name="catalogue"),
    path(_CATALOGUE + "seed/", views.catalogue_seed_view, name="catalogue_seed"),
    path(_CATALOGUE + "<int:category_id>/", views.category_edit, name="category"),
    path(_CATALOGUE + "<int:category_id>/delete/", views.category_remove, name="category_delete"),
]
