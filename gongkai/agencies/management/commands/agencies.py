"""``gongkai agencies``: every agency with its code, name and parent's code, in tree order.

One agency a line, tab-separated: code, name, parent code (empty for a top-level agency). Each
agency comes right after its parent, siblings by code, so the output reads as the tree and the
code for ``--agency`` options can be found with grep.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from gongkai.agencies.models import Agency


def tree_order(agencies: list[Agency]) -> list[Agency]:
    """Depth first from the top-level agencies; siblings by code."""
    children: dict[int | None, list[Agency]] = {}
    for agency in sorted(agencies, key=lambda a: a.code):
        children.setdefault(agency.parent_id, []).append(agency)
    ordered: list[Agency] = []
    seen: set[int] = set()
    stack = list(reversed(children.get(None, [])))
    while stack:
        agency = stack.pop()
        if agency.pk in seen:
            continue
        seen.add(agency.pk)
        ordered.append(agency)
        stack += reversed(children.get(agency.pk, []))
    # A parent loop (possible only by editing the database by hand) would hide its members;
    # list them anyway, last, rather than lose them.
    ordered += [a for a in sorted(agencies, key=lambda a: a.code) if a.pk not in seen]
    return ordered


class Command(BaseCommand):
    help = "列出全部机关：机关代码、名称、上级机关代码（制表符分隔，按隶属关系排列）。"

    def handle(self, *args: Any, **options: Any) -> None:
        agencies = list(Agency.objects.select_related("parent"))
        for agency in tree_order(agencies):
            parent = agency.parent.code if agency.parent else ""
            self.stdout.write(f"{agency.code}\t{_one_line(agency.name)}\t{parent}")


def _one_line(text: str) -> str:
    """A name as one field: tabs and line breaks would break the columns."""
    return " ".join(text.split())
