"""The staff's screens of 主动公开: the list, drafting, an item's page and its steps, the
catalogue editor. (The public portal is ``gongkai.portal``.)"""

from __future__ import annotations

from gongkai.publishing.views.catalogue import (
    catalogue,
    catalogue_home,
    catalogue_seed_view,
    category_edit,
    category_remove,
)
from gongkai.publishing.views.detail import item_detail, item_step
from gongkai.publishing.views.drafting import (
    attachment_download,
    attachment_remove,
    attachment_upload,
    item_edit,
    item_new,
)
from gongkai.publishing.views.lists import item_list

__all__ = [
    "attachment_download",
    "attachment_remove",
    "attachment_upload",
    "catalogue",
    "catalogue_home",
    "catalogue_seed_view",
    "category_edit",
    "category_remove",
    "item_detail",
    "item_edit",
    "item_list",
    "item_new",
    "item_step",
]
