"""The staff's list of items: the Art. 26 deadline of each unpublished item with its 已逾期 /
即将到期 badge, the late and due-soon list at the top, the user's drafts, what waits for their
step, the filters, and a number of queries that does not grow with the rows."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gongkai.publishing.models import Item
from gongkai.publishing.selectors import DUE_SOON_WORKING_DAYS
from gongkai.publishing.services.steps import item_act
from gongkai.workdays.clock import publication_deadline
from gongkai.workdays.conf import convention_from_settings
from gongkai.workdays.services import calendar_current
from tests.applications.factories import Office, make_office
from tests.publishing.factories import draft_item, published_item

LIST = reverse("publishing:list")


@pytest.fixture
def office(db) -> Office:
    return make_office()


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def due(formed: date) -> date:
    return publication_deadline(formed, calendar_current(), convention_from_settings()).due


def a_formed_day_due_soon(today: date) -> date:
    """A 形成日期 whose deadline falls from today up to five working days ahead, by the same
    calendar the page uses."""
    until = calendar_current().add_workdays(today, DUE_SOON_WORKING_DAYS)
    for back in range(60):
        formed = today - timedelta(days=back)
        if today <= due(formed) <= until:
            return formed
    raise AssertionError("no such day")


def section(html: str, key: str) -> str:
    match = re.search(rf'<section class="queue[^"]*" id="{key}">(.*?)</section>', html, re.S)
    assert match, key
    return match.group(1)


def row_of(html: str, item: Item) -> str:
    match = re.search(rf'<tr class="item-row[^"]*" data-item="{item.pk}">(.*?)</tr>', html, re.S)
    assert match, item
    return match.group(0)


def test_each_unpublished_row_shows_its_deadline_and_the_late_ones_are_listed_first(office):
    today = timezone.localdate()
    late = draft_item(office, title="逾期的信息", formed_on=today - timedelta(days=60))
    soon = draft_item(office, title="即将到期的信息", formed_on=a_formed_day_due_soon(today))
    fresh = draft_item(office, title="刚形成的信息", formed_on=today)
    published = published_item(office, title="已公开的信息", formed_on=today - timedelta(days=90))

    html = as_user(office.clerk).get(LIST).text
    everything = section(html, "all")
    assert f"{due(late.formed_on):%Y-%m-%d}" in row_of(everything, late)
    assert "已逾期" in row_of(everything, late)
    assert "即将到期" in row_of(everything, soon) and "已逾期" not in row_of(everything, soon)
    assert f"{due(fresh.formed_on):%Y-%m-%d}" in row_of(everything, fresh)
    assert "badge" not in row_of(everything, fresh)
    assert "badge" not in row_of(everything, published) and "已公开" in row_of(
        everything, published
    )

    top = section(html, "late")
    assert f'data-item="{late.pk}"' in top and f'data-item="{soon.pk}"' in top
    assert f'data-item="{fresh.pk}"' not in top and f'data-item="{published.pk}"' not in top
    assert top.index(f'data-item="{late.pk}"') < top.index(f'data-item="{soon.pk}"')


def test_the_clerk_sees_their_drafts_and_the_head_what_waits_for_them(office):
    draft = draft_item(office, title="我的草稿")
    submitted = item_act(item=draft_item(office, title="待审核"), actor=office.clerk, key="submit")
    clerk = as_user(office.clerk).get(LIST).text
    drafts = section(clerk, "drafts")
    assert f'data-item="{draft.pk}"' in drafts and f'data-item="{submitted.pk}"' not in drafts
    assert 'id="waiting"' not in clerk  # a clerk takes no review step

    head = as_user(office.head).get(LIST).text
    waiting = section(head, "waiting")
    assert f'data-item="{submitted.pk}"' in waiting and f'data-item="{draft.pk}"' not in waiting
    assert "处室负责人审核通过" in waiting
    assert f'data-item="{submitted.pk}"' not in section(
        as_user(office.leader).get(LIST).text, "waiting"
    )


def test_the_filters_narrow_the_list(office):
    other = draft_item(office, title="统计信息", category_code="art20-4")
    item = published_item(office, title="办法")
    client = as_user(office.clerk)
    html = section(client.get(LIST, {"state": "published"}).text, "all")
    assert f'data-item="{item.pk}"' in html and f'data-item="{other.pk}"' not in html
    html = section(client.get(LIST, {"category": other.category_id}).text, "all")
    assert f'data-item="{other.pk}"' in html and f'data-item="{item.pk}"' not in html
    html = section(client.get(LIST, {"year": item.published_on.year - 5}).text, "all")
    assert "data-item=" not in html
    response = client.get(LIST, {"year": "nonsense"})
    assert response.status_code == 200 and "年度应为整数" in response.text


def _queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(LIST).status_code == 200
    return len(captured)


def test_the_list_costs_the_same_queries_for_few_rows_and_many(office):
    client = as_user(office.head)
    today = timezone.localdate()
    for n in range(2):
        item_act(
            item=draft_item(office, formed_on=today - timedelta(days=n * 9)),
            actor=office.clerk,
            key="submit",
        )
    _queries(client)  # the calendar read once into its cache
    few = _queries(client)
    for n in range(8):
        item_act(
            item=draft_item(office, formed_on=today - timedelta(days=n * 9)),
            actor=office.clerk,
            key="submit",
        )
    assert _queries(client) == few


def test_the_provincial_office_reads_the_list_and_an_outsider_sees_only_their_own(office):
    item = draft_item(office)
    html = as_user(office.provincial).get(LIST, {"agency": office.agency.code}).text
    assert f'data-item="{item.pk}"' in html
    assert "起草公开信息</a>" not in html.split("<main>")[1]
    outsider = as_user(office.outsider)
    assert f'data-item="{item.pk}"' not in outsider.get(LIST).text
    assert outsider.get(LIST, {"agency": office.agency.code}).status_code == 404


def test_the_menu_offers_the_items_to_staff_and_drafting_and_the_catalogue_to_whom_may(office):
    def menu(user) -> set[str]:
        return set(re.findall(r'data-menu="([a-z_]+)"', as_user(user).get(LIST).text))

    assert {"items", "item_new"} <= menu(office.clerk) and "catalogue" not in menu(office.clerk)
    assert {"items", "item_new", "catalogue"} <= menu(office.admin)
    for reader in (office.head, office.reviewer, office.provincial):
        assert "items" in menu(reader) and not {"item_new", "catalogue"} & menu(reader)
