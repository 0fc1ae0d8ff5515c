"""Keyset pages of the drill-down (drilldown.py): a cell read in its parts and merged, walked
forward and backward, for applications (table 三) and items (table 二)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connections, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.agencies.models import Agency
from gongkai.publishing.models import Item
from gongkai.reports.compute import table3_counts
from gongkai.reports.drilldown import (
    APPLICATION_ORDER,
    FIRST,
    ITEM_ORDER,
    LAST,
    BadCursor,
    Cursor,
    KeysetPage,
    applications_in_cell,
    cell_page,
    cell_parts,
    cursor_from,
    items_in_cell,
    keyset_page,
)
from gongkai.reports.engine.editions import edition_for_year
from gongkai.reports.prepared import prepare
from tests.applications.factories import Office, make_office
from tests.reports.records import Record, create_all
from tests.reports.table2_items import RULE, item
from tests.reports.test_compute_properties import LEDGERS, YEARS

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency() -> Agency:
    return Agency.objects.create(code="zscqj", name="测试知识产权局")


def walk_forward(parts, order, per_page: int) -> list[KeysetPage]:
    pages = [keyset_page(parts, order, FIRST, per_page)]
    while pages[-1].has_next:
        key = order.key(pages[-1].object_list[-1])
        pages.append(keyset_page(parts, order, Cursor("after", key), per_page))
    return pages


def walk_backward(parts, order, per_page: int) -> list[KeysetPage]:
    pages = [keyset_page(parts, order, LAST, per_page)]
    while pages[-1].has_previous:
        key = order.key(pages[-1].object_list[0])
        pages.append(keyset_page(parts, order, Cursor("before", key), per_page))
    return pages[::-1]


def listed(pages: list[KeysetPage]) -> list[int]:
    return [record.pk for page in pages for record in page.object_list]


def _carried_and_new(agency: Agency) -> None:
    """2025's （七）总计 from all three parts, with the same receipt days in two of them: carried
    in from 2023 (open at two year ends), carried in from 2024 (one year end and two), new."""
    records = []
    for i in range(12):
        records.append(Record(date(2023, 6, 1) + timedelta(i), date(2025, 2, 1), "result.granted"))
        day = date(2024, 12, 20) + timedelta(i % 4)
        records.append(Record(day, date(2025, 1, 10), "result.granted"))  # one year end
        records.append(Record(day, date(2026, 1, 10), "result.partial"))  # two: not closed in 2025
        records.append(Record(day, None))
        records.append(
            Record(date(2025, 3, 1) + timedelta(i % 3), date(2025, 4, 1), "result.granted")
        )
    records.append(Record(date(2024, 5, 1), date(2024, 6, 1), "result.granted"))  # counts nowhere
    create_all(agency, records)


@pytest.mark.parametrize("row", ["result.total", "carried_in", "new", "carried_forward"])
@pytest.mark.parametrize("per_page", [1, 5, 7, 100])
def test_walking_either_way_lists_every_application_of_the_cell_once_in_order(
    agency, row, per_page
) -> None:
    _carried_and_new(agency)
    everything = list(applications_in_cell(agency, 2025, row, "total").values_list("pk", flat=True))
    assert len(everything) > 10
    parts = cell_parts(agency, 2025, row, "total")
    forward, backward = (
        walk_forward(parts, APPLICATION_ORDER, per_page),
        walk_backward(parts, APPLICATION_ORDER, per_page),
    )
    assert listed(forward) == listed(backward) == everything
    for pages in (forward, backward):
        assert all(page.count == len(everything) for page in pages)
        assert all(0 < len(page.object_list) <= per_page for page in pages)
    assert not forward[0].has_previous and not backward[-1].has_next


def test_the_last_page_is_the_last_applications_in_order(agency) -> None:
    _carried_and_new(agency)
    everything = list(applications_in_cell(agency, 2025, "result.total", "total"))
    last = keyset_page(
        cell_parts(agency, 2025, "result.total", "total"), APPLICATION_ORDER, LAST, 7
    )
    assert [a.pk for a in last.object_list] == [a.pk for a in everything[-7:]]
    assert last.has_previous and not last.has_next
    assert set(last.links()) == {"first", "previous"}


def test_a_new_cell_reads_one_part_and_a_carried_in_cell_two(agency) -> None:
    assert len(cell_parts(agency, 2025, "new", "total")) == 1
    assert len(cell_parts(agency, 2025, "carried_in", "total")) == 2
    assert len(cell_parts(agency, 2025, "result.granted", "business")) == 3


def test_a_page_of_a_new_cell_costs_its_count_and_one_query(agency, django_assert_num_queries):
    create_all(agency, [Record(date(2025, 3, 1) + timedelta(i % 9)) for i in range(30)])
    with django_assert_num_queries(2):
        page = cell_page(agency, 2025, "new", "total", Cursor("after", (date(2025, 3, 2), 1)))
    assert page.count == 30 and page.object_list


def walk_cell(agency, row: str, per_page: int, forward: bool) -> list[KeysetPage]:
    """The pages of a cell as the views read them: ``cell_page``, its statements prepared."""
    start, step, edge = (FIRST, "after", -1) if forward else (LAST, "before", 0)
    pages = [cell_page(agency, 2025, row, "total", start, per_page=per_page)]
    while pages[-1].has_next if forward else pages[-1].has_previous:
        key = APPLICATION_ORDER.key(pages[-1].object_list[edge])
        pages.append(cell_page(agency, 2025, row, "total", Cursor(step, key), per_page=per_page))
    return pages if forward else pages[::-1]


@pytest.mark.parametrize("row", ["result.total", "carried_in", "new", "carried_forward"])
def test_the_prepared_pages_are_the_pages_the_orm_reads(agency, row) -> None:
    _carried_and_new(agency)
    parts = cell_parts(agency, 2025, row, "total")
    for forward, walk in ((True, walk_forward), (False, walk_backward)):
        prepared = walk_cell(agency, row, 4, forward)
        orm = walk(parts, APPLICATION_ORDER, 4)
        assert [p.object_list for p in prepared] == [p.object_list for p in orm]
        assert [(p.has_previous, p.has_next) for p in prepared] == [
            (p.has_previous, p.has_next) for p in orm
        ]
        assert type(prepared[0].object_list[0]) is type(orm[0].object_list[0])  # same named tuple


def test_a_cells_statements_are_compiled_once_per_kind_of_page(agency, monkeypatch) -> None:
    from gongkai.reports import drilldown

    _carried_and_new(agency)
    compiled = []
    monkeypatch.setattr(drilldown, "prepare", lambda *a: compiled.append(a) or prepare(*a))
    drilldown.forget_prepared_cells(connections["default"])
    pages = walk_cell(agency, "new", 2, True) + walk_cell(agency, "new", 2, False)
    assert len(pages) > 10
    # One part; four kinds of read: first, after a key, last, before a key.
    assert len(compiled) == 4


@pytest.mark.parametrize(("row", "read_as"), [("new", 1), ("carried_in", 1), ("result.total", 2)])
def test_parts_whose_dates_overlap_are_read_together(agency, row, read_as) -> None:
    """On a database server the carried-in parts (the same receipt days) are one UNION ALL;
    the applications received in the year stay a statement of their own."""
    from gongkai.reports.drilldown import PreparedSegment, together

    _carried_and_new(agency)
    parts = [
        PreparedSegment(s.queryset, s.q, s.first_from, s.first_to, type(s.queryset[0]))
        for s in cell_parts(agency, 2025, row, "total")
    ]
    joined = together(parts)
    assert len(joined) == read_as
    orm = walk_forward(cell_parts(agency, 2025, row, "total"), APPLICATION_ORDER, 3)
    for walk in (walk_forward, walk_backward):
        assert listed(walk(joined, APPLICATION_ORDER, 3)) == listed(orm)
    assert sum(s.count() for s in joined) == orm[0].count


def test_a_statement_that_drops_the_key_is_refused(agency) -> None:
    from gongkai.applications.models import Application

    meta = Application._meta
    with pytest.raises(ValueError, match="received_on"):
        prepare(
            lambda key: Application.objects.filter(pk__gt=key[1]),
            [meta.get_field("received_on"), meta.pk],
        )
    with pytest.raises(TypeError, match="number"):
        prepare(lambda key: Application.objects.all(), [meta.get_field("number")])


SETTINGS = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(ledger=LEDGERS, year=YEARS, per_page=st.integers(1, 6))
def test_every_cells_pages_list_what_the_cell_counts(agency, ledger, year, per_page) -> None:
    with transaction.atomic():
        create_all(agency, ledger)
        edition = edition_for_year(year)
        counts = table3_counts(agency, year)
        columns = [c for c in edition.table3_columns if c.key in ("total", "natural_person")]
        for row in edition.table3_rows:
            for column in columns:
                everything = applications_in_cell(agency, year, row.key, column.key)
                pks = list(everything.values_list("pk", flat=True))
                parts = cell_parts(agency, year, row.key, column.key)
                assert listed(walk_forward(parts, APPLICATION_ORDER, per_page)) == pks
                assert listed(walk_backward(parts, APPLICATION_ORDER, per_page)) == pks
                assert len(pks) == counts[edition.t3(row, column)]
        transaction.set_rollback(True)


# -- keys in links -----------------------------------------------------------------------------


def test_a_key_reads_back_as_written() -> None:
    key = (date(2025, 3, 1), 1234)
    assert APPLICATION_ORDER.read(APPLICATION_ORDER.write(key)) == key
    item_key = (date(2025, 3, 1), "11230000-01,2025/0001 %2C", 7)
    assert ITEM_ORDER.read(ITEM_ORDER.write(item_key)) == item_key


@pytest.mark.parametrize(
    "text",
    ["", ",", "2025-03-01", "2025-03-01,1,2", "2025-13-01,1", "0000-01-01,1", "2025-03-01,01"],
)
def test_a_key_this_list_could_not_have_written_is_refused(text) -> None:
    with pytest.raises(BadCursor):
        APPLICATION_ORDER.read(text)


def test_an_item_key_with_text_too_long_or_a_control_character_is_refused() -> None:
    with pytest.raises(BadCursor):
        ITEM_ORDER.read(f"2025-03-01,{'x' * 101},1")
    with pytest.raises(BadCursor):
        ITEM_ORDER.read("2025-03-01,a%00b,1")


def test_the_query_string_names_one_position_at_most() -> None:
    assert cursor_from({}, APPLICATION_ORDER) == FIRST
    assert cursor_from({"last": "1", "page": "3"}, APPLICATION_ORDER) == LAST
    assert cursor_from({"after": "2025-03-01,5"}, APPLICATION_ORDER) == Cursor(
        "after", (date(2025, 3, 1), 5)
    )
    with pytest.raises(BadCursor):
        cursor_from({"after": "2025-03-01,5", "before": "2025-03-01,5"}, APPLICATION_ORDER)


# -- table 二's items ----------------------------------------------------------------------------


@pytest.fixture
def office() -> Office:
    return make_office()


def test_an_items_cell_walks_either_way_even_without_dates_or_numbers(office) -> None:
    made = [
        item(
            office.agency,
            office.clerk,
            written=date(2020, 1, 1 + i % 5),
            published=date(2020, 2, 1 + i % 3),
        )
        for i in range(17)
    ]
    # A published item without its publication date or 索引号 (the services always set both):
    # listed first (no 索引号 before one), never lost between two pages.
    Item.objects.filter(pk__in=[made[3].pk, made[4].pk]).update(published_on=None)
    Item.objects.filter(pk__in=[made[4].pk, made[5].pk]).update(index_number=None)
    cell = items_in_cell(office.agency, 2020, RULE, "made")
    everything = list(cell.values_list("pk", flat=True))
    assert len(everything) == 17 and everything[:2] == [made[4].pk, made[3].pk]
    for per_page in (1, 4, 100):
        assert listed(walk_forward([cell], ITEM_ORDER, per_page)) == everything
        assert listed(walk_backward([cell], ITEM_ORDER, per_page)) == everything


def test_a_page_reads_only_the_parts_whose_dates_can_reach_it(
    agency, django_assert_num_queries
) -> None:
    _carried_and_new(agency)
    parts = cell_parts(agency, 2025, "result.total", "total")
    with django_assert_num_queries(1):  # received in 2025: the last page lies there
        last = keyset_page(parts, APPLICATION_ORDER, LAST, 5, total=1)
    assert all(a.received_on.year == 2025 for a in last.object_list)
    with django_assert_num_queries(1):  # open at two year ends, from 2023: before all others
        first = keyset_page(parts, APPLICATION_ORDER, FIRST, 5, total=1)
    assert all(a.received_on.year == 2023 for a in first.object_list)
    with django_assert_num_queries(2):  # 2024's days lie in two parts
        page = keyset_page(
            parts, APPLICATION_ORDER, Cursor("after", (date(2024, 1, 1), 1)), 5, total=1
        )
    assert all(a.received_on.year == 2024 for a in page.object_list)
    key = APPLICATION_ORDER.key(last.object_list[0])
    with django_assert_num_queries(1):  # nothing carried in comes after a key of 2025
        keyset_page(parts, APPLICATION_ORDER, Cursor("after", key), 5, total=1)
