"""The personal-information scan of an item as the confidentiality reviewer sees it: every hit
in the body and in each attachment's text, with where it was found."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from gongkai.publishing.models import Item
from gongkai.publishing.pii import Hit, pii_hits
from gongkai.publishing.richtext import plain_text


@dataclass(frozen=True)
class Finding:
    where: str  # 正文, 内容概述, or the attachment's name
    hit: Hit

    def as_data(self) -> dict[str, str]:
        """What the publish event records: the kind and where, and the number masked."""
        text = self.hit.text
        return {"where": self.where, "kind": self.hit.kind, "number": _mask(text)}


def _mask(number: str) -> str:
    return number[:3] + "*" * max(len(number) - 7, 0) + number[-4:]


def item_findings(item: Item) -> list[Finding]:
    sources = [
        (_("名称"), item.title),
        (_("内容概述"), item.summary),
        (_("正文"), plain_text(item.body)),
        # The files' text only: their content (up to megabytes each) is not needed here.
        *item.attachments.values_list("name", "text"),
    ]
    return [Finding(where, hit) for where, text in sources for hit in pii_hits(text or "")]
