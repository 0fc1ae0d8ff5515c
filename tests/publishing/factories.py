"""Items for tests, made through the publishing services (so through the review chain)."""

from __future__ import annotations

from datetime import date
from typing import Any

from gongkai.publishing.models import Category, Item
from gongkai.publishing.seeding import seed_categories
from gongkai.publishing.services.drafting import item_create
from gongkai.publishing.services.steps import item_act
from tests.applications.factories import Office


def category(office: Office, code: str = "art20-1") -> Category:
    if not Category.objects.filter(agency=office.agency).exists():
        seed_categories(office.agency)
    return Category.objects.get(agency=office.agency, code=code)


def draft_item(office: Office, **overrides: Any) -> Item:
    values: dict[str, Any] = {
        "category": category(office, overrides.pop("category_code", "art20-1")),
        "title": "黑龙江省专利奖励办法",
        "document_number": "黑知发〔2026〕3号",
        "issuer": office.agency.name,
        "written_on": date(2026, 11, 2),
        "formed_on": date(2026, 11, 2),
        "summary": "规定专利奖励的评选和发放。",
        "body": "<p>为鼓励发明创造，促进专利转化运用，制定本办法。</p>",
    }
    values.update(overrides)
    return item_create(
        agency=office.agency, actor=office.clerk, department=office.department, **values
    )


def review(office: Office, item: Item, **publish: str) -> Item:
    """The item, submitted by the clerk and taken through every review step to publication."""
    item = item_act(item=item, actor=office.clerk, key="submit")
    item = item_act(item=item, actor=office.head, key="head_approve")
    item = item_act(item=item, actor=office.leader, key="leader_approve")
    return item_act(item=item, actor=office.reviewer, key="publish", **publish)


def published_item(office: Office, **overrides: Any) -> Item:
    return review(office, draft_item(office, **overrides))
