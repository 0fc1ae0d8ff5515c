"""Items for the portal's tests: published, revised, withdrawn, with a file, through the
publishing services (so through the review chain and the search index)."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.publishing.models import Item
from gongkai.publishing.services.drafting import item_attach, item_update
from gongkai.publishing.services.steps import item_act
from tests.applications.factories import Office
from tests.publishing.factories import draft_item, published_item, review

# Enough of a PNG for the content check (the signature); its text is empty.
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
FILE_NAME = "专利 证书.png"

__all__ = ["draft_item", "published_item", "review", "revised", "with_file", "withdrawn"]


def with_file(office: Office, name: str = FILE_NAME, *, files: int = 1, **overrides: Any) -> Item:
    """A published item with ``files`` attachments (the first named ``name``)."""
    item = draft_item(office, **overrides)
    for n in range(files):
        item_attach(
            item=item,
            actor=office.clerk,
            upload=SimpleUploadedFile(
                name if n == 0 else f"附件{n}.png", PNG, content_type="image/png"
            ),
        )
    return review(office, item)


def revised(office: Office, item: Item, note: str = "更正文号", **changes: Any) -> Item:
    """The published item, edited and published again as its next version."""
    item = item_act(item=item, actor=office.clerk, key="revise", reason=note)
    item = item_update(item=item, actor=office.clerk, **changes)
    return review(office, item)


def withdrawn(office: Office, item: Item, reason: str = "内容有误，需重新核实") -> Item:
    return item_act(item=item, actor=office.clerk, key="withdraw", reason=reason)
