"""Table 二 第二十条第（一）项 counted from the published items: each rule of each edition at its
year boundaries, and the drill-down listing exactly the items counted."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.reports.compute.table2 import table2_counts
from gongkai.reports.compute.table2_predicates import cell_for, computed_cells
from gongkai.reports.drilldown import item_cell_page, items_in_cell
from gongkai.reports.engine.editions import EDITION_2019, EDITION_2021, edition_for_year
from tests.applications.factories import Office, make_office
from tests.reports.table2_items import NORMATIVE, OTHER, RULE, item

pytestmark = pytest.mark.django_db

D = date


@pytest.fixture
def office() -> Office:
    return make_office()


# (year, column rule) → [(what the item is, its fields, counted?)]. Every item is a 规章 unless
# said otherwise; the dates sit on either side of the year's first and last day.
CASES: dict[tuple[int, str], list[tuple[str, dict, bool]]] = {
    (2020, "made"): [
        ("written on 01-01", dict(written=D(2020, 1, 1), published=D(2020, 2, 1)), True),
        (
            "written 12-31, first published next year",
            dict(written=D(2020, 12, 31), published=D(2021, 1, 5)),
            True,
        ),
        ("written the year before", dict(written=D(2019, 12, 31), published=D(2020, 1, 2)), False),
        ("written the year after", dict(written=D(2021, 1, 1), published=D(2021, 1, 2)), False),
        (
            "no 成文日期, formed in the year",
            dict(formed=D(2020, 6, 1), published=D(2020, 6, 2)),
            True,
        ),
        (
            "no 成文日期, formed the year before",
            dict(formed=D(2019, 6, 1), published=D(2020, 6, 2)),
            False,
        ),
        (
            "成文日期 wins over the formed date (in)",
            dict(written=D(2020, 5, 5), formed=D(2019, 1, 1)),
            True,
        ),
        (
            "成文日期 wins over the formed date (out)",
            dict(written=D(2019, 5, 5), formed=D(2020, 3, 3)),
            False,
        ),
        (
            "withdrawn on 12-31",
            dict(written=D(2020, 3, 1), published=D(2020, 3, 2), withdrawn=D(2020, 12, 31)),
            False,
        ),
        (
            "withdrawn on 01-01 after",
            dict(written=D(2020, 3, 1), published=D(2020, 3, 2), withdrawn=D(2021, 1, 1)),
            True,
        ),
        ("never published", dict(written=D(2020, 3, 1), published=None), False),
    ],
    (2020, "published"): [
        ("first published 01-01", dict(published=D(2020, 1, 1)), True),
        ("first published 12-31", dict(published=D(2020, 12, 31)), True),
        ("first published 12-31 the year before", dict(published=D(2019, 12, 31)), False),
        ("first published 01-01 after", dict(published=D(2021, 1, 1)), False),
        ("withdrawn on 12-31", dict(published=D(2020, 3, 1), withdrawn=D(2020, 12, 31)), False),
        ("withdrawn on 01-01 after", dict(published=D(2020, 3, 1), withdrawn=D(2021, 1, 1)), True),
    ],
    (2020, "public"): [
        ("published long ago", dict(published=D(2015, 5, 5)), True),
        ("published 12-31", dict(published=D(2020, 12, 31)), True),
        ("published 01-01 after", dict(published=D(2021, 1, 1)), False),
        ("withdrawn on 12-31", dict(published=D(2015, 5, 5), withdrawn=D(2020, 12, 31)), False),
        ("withdrawn on 01-01 after", dict(published=D(2015, 5, 5), withdrawn=D(2021, 1, 1)), True),
        (
            "withdrawn the year before",
            dict(published=D(2015, 5, 5), withdrawn=D(2019, 6, 1)),
            False,
        ),
        (
            "repealed but still public",
            dict(published=D(2015, 5, 5), validity="repealed", changed=D(2018, 1, 1)),
            True,
        ),
    ],
    (2022, "issued"): [
        ("written and published 01-01", dict(written=D(2022, 1, 1), published=D(2022, 1, 1)), True),
        (
            "written and published 12-31",
            dict(written=D(2022, 12, 31), published=D(2022, 12, 31)),
            True,
        ),
        (
            "written in the year, published 01-01 after",
            dict(written=D(2022, 12, 20), published=D(2023, 1, 1)),
            False,
        ),
        (
            "written 12-31 the year before, first published in the year",
            dict(written=D(2021, 12, 31), published=D(2022, 1, 5)),
            True,
        ),
        (
            "written and published the year before",
            dict(written=D(2021, 12, 1), published=D(2021, 12, 31)),
            False,
        ),
        (
            "written the year before, first published 01-01 after",
            dict(written=D(2021, 6, 1), published=D(2023, 1, 1)),
            False,
        ),
        (
            "no 成文日期, formed in the year",
            dict(formed=D(2022, 4, 1), published=D(2022, 4, 2)),
            True,
        ),
        (
            "withdrawn on 12-31",
            dict(written=D(2022, 3, 1), published=D(2022, 3, 2), withdrawn=D(2022, 12, 31)),
            False,
        ),
        (
            "withdrawn on 01-01 after",
            dict(written=D(2022, 3, 1), published=D(2022, 3, 2), withdrawn=D(2023, 1, 1)),
            True,
        ),
    ],
    (2022, "repealed"): [
        ("repealed 01-01", dict(validity="repealed", changed=D(2022, 1, 1)), True),
        ("repealed 12-31", dict(validity="repealed", changed=D(2022, 12, 31)), True),
        (
            "repealed 12-31 the year before",
            dict(validity="repealed", changed=D(2021, 12, 31)),
            False,
        ),
        ("repealed 01-01 after", dict(validity="repealed", changed=D(2023, 1, 1)), False),
        ("amended in the year", dict(validity="amended", changed=D(2022, 5, 5)), False),
        (
            "repealed, then taken off the site",
            dict(validity="repealed", changed=D(2022, 6, 6), withdrawn=D(2022, 7, 1)),
            True,
        ),
    ],
    (2022, "in_force"): [
        ("in force, published long ago", dict(published=D(2010, 1, 1), validity="in_force"), True),
        ("no validity given", dict(published=D(2010, 1, 1)), True),
        ("published 12-31", dict(published=D(2022, 12, 31)), True),
        ("published 01-01 after", dict(published=D(2023, 1, 1)), False),
        ("repealed 12-31", dict(validity="repealed", changed=D(2022, 12, 31)), False),
        (
            "repealed 01-01 after: in force at the year end",
            dict(validity="repealed", changed=D(2023, 1, 1)),
            True,
        ),
        ("repealed the year before", dict(validity="repealed", changed=D(2021, 5, 5)), False),
        ("repealed without a date", dict(validity="repealed"), False),
        ("amended in the year", dict(validity="amended", changed=D(2022, 3, 3)), True),
        ("withdrawn on 12-31", dict(withdrawn=D(2022, 12, 31)), False),
        ("withdrawn on 01-01 after", dict(withdrawn=D(2023, 1, 1)), True),
    ],
}


@pytest.mark.parametrize(("year", "rule"), sorted(CASES))
def test_each_rule_counts_exactly_the_items_on_the_right_side_of_its_dates(
    office, year, rule
) -> None:
    made = {
        what: (item(office.agency, office.clerk, **fields), counted)
        for what, fields, counted in CASES[year, rule]
    }
    edition = edition_for_year(year)
    key = cell_for(edition, RULE, rule).key
    listed = {i.pk for i in items_in_cell(office.agency, year, RULE, rule)}
    wrong = {what for what, (i, counted) in made.items() if (i.pk in listed) != counted}
    assert wrong == set(), "listed where it should not be, or missing"
    assert table2_counts(office.agency, year)[key] == len(listed)


def test_each_row_counts_its_own_kind_and_other_items_count_nowhere(office) -> None:
    for kind, n in ((RULE, 1), (NORMATIVE, 2), (OTHER, 4)):
        for _ in range(n):
            item(
                office.agency,
                office.clerk,
                kind=kind,
                written=D(2021, 5, 5),
                published=D(2022, 5, 5),
            )
    counts = table2_counts(office.agency, 2022)
    for rule in ("issued", "in_force"):
        assert counts[cell_for(EDITION_2021, RULE, rule).key] == 1
        assert counts[cell_for(EDITION_2021, NORMATIVE, rule).key] == 2
    assert sum(counts.values()) == 6  # the 4 other items count nowhere


def test_the_rows_carry_each_editions_own_label(office) -> None:
    assert cell_for(EDITION_2019, NORMATIVE, "made").key.row == "规范性文件"
    assert cell_for(EDITION_2021, NORMATIVE, "issued").key.row == "行政规范性文件"
    assert [c.key.row for c in computed_cells(EDITION_2021).values()][:3] == ["规章"] * 3


def test_drafts_and_other_agencies_items_count_nowhere(office) -> None:
    item(office.agency, office.clerk, written=D(2022, 3, 3), published=None)
    other_clerk = office.outsider
    item(office.other_agency, other_clerk, written=D(2022, 3, 3), published=D(2022, 3, 4))
    assert set(table2_counts(office.agency, 2022).values()) == {0}
    assert table2_counts(office.other_agency, 2022)[cell_for(EDITION_2021, RULE, "issued").key] == 1


def test_the_published_versions_fields_count_not_the_working_copys(office) -> None:
    # The working copy was edited into "other" after publication; the public version is a 规章.
    item(office.agency, office.clerk, published=D(2022, 1, 3), working_kind=OTHER)
    assert table2_counts(office.agency, 2022)[cell_for(EDITION_2021, RULE, "in_force").key] == 1


@pytest.mark.parametrize("year", [2020, 2022])
def test_every_cell_lists_exactly_the_items_it_counts(office, year) -> None:
    for cases in CASES.values():
        for _, fields, _counted in cases:
            for kind in (RULE, NORMATIVE):
                item(office.agency, office.clerk, kind=kind, **fields)
    edition = edition_for_year(year)
    counts = table2_counts(office.agency, year)
    assert sum(counts.values()) > 0
    for key, cell in computed_cells(edition).items():
        page = item_cell_page(office.agency, year, cell.kind, cell.rule, None)
        pks = [i.pk for i in items_in_cell(office.agency, year, cell.kind, cell.rule)]
        assert page.paginator.count == len(pks) == len(set(pks)) == counts[key], key
        assert all(i.current_version.kind == cell.kind for i in page.object_list)


def test_a_cell_the_edition_does_not_have_is_refused(office) -> None:
    with pytest.raises(KeyError):
        items_in_cell(office.agency, 2020, RULE, "in_force")  # a 2021 column
    with pytest.raises(KeyError):
        items_in_cell(office.agency, 2022, OTHER, "issued")


def test_the_count_costs_one_query_however_many_items(office, django_assert_num_queries) -> None:
    with django_assert_num_queries(1):
        table2_counts(office.agency, 2022)
    for n in range(30):
        item(office.agency, office.clerk, kind=(RULE, NORMATIVE)[n % 2], written=D(2022, 1, 1 + n))
    with django_assert_num_queries(1):
        counts = table2_counts(office.agency, 2022)
    assert counts[cell_for(EDITION_2021, NORMATIVE, "issued").key] == 15


def test_a_cells_page_reads_its_count_and_one_page_of_items(
    office, django_assert_num_queries
) -> None:
    for n in range(5):
        item(office.agency, office.clerk, written=D(2022, 1, 1 + n), published=D(2022, 2, 1))
    with django_assert_num_queries(2):  # the count, then the page with its versions joined
        page = item_cell_page(office.agency, 2022, RULE, "issued", 1)
        titles = [i.current_version.title for i in page.object_list]
    assert len(titles) == 5


def test_every_published_document_is_issued_in_exactly_one_year(office) -> None:
    """2021 本年制发: the year by whose end it was both written and published — also when it was
    signed in December and published in January."""
    dates = [
        (D(2021, 12, 28), D(2022, 1, 5)),
        (D(2022, 12, 31), D(2023, 1, 1)),
        (D(2022, 6, 1), D(2022, 6, 2)),
        (None, D(2023, 3, 3)),
        (D(2021, 1, 1), D(2024, 12, 31)),
    ]
    for written, published in dates:
        item(
            office.agency, office.clerk, written=written, formed=D(2021, 11, 1), published=published
        )
    key = cell_for(EDITION_2021, RULE, "issued").key
    by_year = {year: table2_counts(office.agency, year)[key] for year in range(2021, 2026)}
    # The one without a 成文日期 was formed 2021-11-01: issued when published, in 2023.
    assert by_year == {2021: 0, 2022: 2, 2023: 2, 2024: 1, 2025: 0}
    assert sum(by_year.values()) == len(dates)  # every one, once
