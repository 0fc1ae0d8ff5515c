"""The province-wide sum: per cell, the sum of the agencies' own figures — published versions'
cells, provisional ones' tables from their records — computed in one grouped query per table."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.applications.outcomes import GRANTED, PARTIAL
from gongkai.publishing.table2_inputs import table2_input_set
from gongkai.remedies.services.cases import case_register
from gongkai.reports.annual.snapshot import published_report
from gongkai.reports.compute import table3_counts
from gongkai.reports.compute.table2 import table2_cells
from gongkai.reports.compute.table4 import table4_counts
from gongkai.reports.engine.editions import Kind, edition_for_year
from gongkai.reports.engine.values import parse_value
from gongkai.reports.province import records
from gongkai.reports.province.compile import province_year, provisional_agencies
from gongkai.reports.province.pages import cell_index
from gongkai.reports.province.statuses import Source
from tests.reports.province.world import YEAR, below, province_world, stored_version, synthetic
from tests.reports.records import Record, create_all
from tests.reports.table2_items import RULE, item

EDITION = edition_for_year(YEAR)
AMOUNT = next(k for k in EDITION.cell_keys() if EDITION.column(k).kind is Kind.WAN_YUAN)


def with_records(province) -> None:
    """Records of the provisional agencies: applications, a published 规章, an amount entered."""
    office = province.office
    business = ("organisation", "business")
    create_all(
        office.other_agency,
        [
            Record(date(2024, 12, 30), date(2025, 1, 5), GRANTED),
            Record(date(2025, 3, 1), date(2025, 3, 9), PARTIAL, business),
            Record(date(2025, 12, 30), None),
        ],
    )
    create_all(province.agencies["hlj-sci"], [Record(date(2025, 5, 5), date(2025, 6, 1), GRANTED)])
    create_all(office.province, [Record(date(2025, 7, 7), None, "", business)])
    item(office.other_agency, office.outsider, kind=RULE, written=date(2025, 3, 1),
         formed=date(2025, 3, 1), published=date(2025, 3, 5))  # fmt: skip
    table2_input_set(
        agency=office.other_agency,
        year=YEAR,
        cell=AMOUNT,
        value="12.25",
        source="财务系统",
        entered_by=office.outsider,
    )
    for stream, filed in (("review", date(2025, 5, 6)), ("direct", date(2024, 11, 2))):
        case_register(agency=office.other_agency, actor=office.outsider, stream=stream,
                      filed_on=filed, body="黑龙江省人民政府", challenged="对答复不服")  # fmt: skip


def expected_sum(province) -> dict:
    """Each agency's own figures, computed as its own pages compute them, added up."""
    out: dict = defaultdict(int)
    rows = {a.code: a for a in province_year(province.office.province, YEAR).agencies}
    for code, agency in province.agencies.items():
        row = rows[code]
        if row.published:
            report = published_report(agency, YEAR)  # the engine's reader of the contract
            for key in EDITION.cell_keys():
                if key.section not in report.omitted and (n := report.number(key)) is not None:
                    out[key] += n
        elif row.on_platform:
            own = {**table2_cells(agency, YEAR), **table3_counts(agency, YEAR)}
            own.update(table4_counts(agency, YEAR))
            for key, value in own.items():
                number = parse_value(str(value), EDITION.column(key).kind)
                out[key] += number or 0
    return dict(out)


def test_the_sum_is_each_agencys_own_figures_added_up(office):
    province = province_world(office)
    with_records(province)
    compiled = province_year(office.province, YEAR)
    expected = expected_sum(province)
    assert {k: v for k, v in compiled.total.numbers.items()} == expected
    # Five uploads of 1.5 万元 and the 12.25 entered, as decimals.
    assert compiled.total.numbers[AMOUNT] == Decimal("7.5") + Decimal("12.25")
    assert compiled.total.text(AMOUNT) == "19.75"
    new_total = EDITION.t3("new", EDITION.table3_columns[-1])
    assert compiled.total.numbers[new_total] == expected[new_total] > 0
    # Two cases of hlj-edu pending at the year end.
    pending = [k for k in EDITION.cell_keys() if k.section == "四" and "尚未审结" in k.column]
    assert sum(compiled.total.numbers[k] for k in pending) == 2
    assert {a.code for a in compiled.of_source(Source.PROVISIONAL)} == {"hlj", "hlj-edu", "hlj-sci"}
    assert [a.code for a in compiled.without_figures] == ["hlj-agri"]


def test_a_value_that_is_not_a_number_is_left_out_and_said(client, office):
    agency = below(office, "hlj-drc", "黑龙江省发展和改革委员会")
    report = synthetic(agency.name, 3)
    report.set(AMOUNT, "约5万元")
    stored_version(agency, date(2026, 1, 20), report=report)
    stored_version(below(office, "hlj-env", "黑龙江省生态环境厅"), date(2026, 1, 21))
    compiled = province_year(office.province, YEAR)
    [left] = compiled.total.left_out
    assert (left.agency.code, left.key, left.text) == ("hlj-drc", AMOUNT, "约5万元")
    assert compiled.total.numbers[AMOUNT] == Decimal("1.5")  # the other agency's only
    client.force_login(office.provincial)
    page = client.get(reverse("province:total", args=[YEAR])).text
    assert "未计入合计的数值" in page and "约5万元" in page


@pytest.mark.parametrize("cell_of", ["三", "二", "四"])
def test_each_sum_cell_lists_every_agency_with_its_value(client, office, cell_of):
    province = province_world(office)
    with_records(province)
    compiled = province_year(office.province, YEAR)
    key = {
        "三": EDITION.t3("new", EDITION.table3_columns[-1]),
        "二": AMOUNT,
        "四": EDITION.cell_keys()[-1],
    }[cell_of]
    n = cell_index(EDITION)[key]
    client.force_login(office.provincial)
    page = client.get(reverse("province:cell", args=[YEAR]), {"cell": n}).text
    shown = dict(
        re.findall(r'<tr data-agency="([^"]+)".*?<td class="value">(.*?)</td>', page, re.S)
    )
    with_figures = {a.code for a in compiled.agencies if a.pk in compiled.figures}
    assert set(shown) == with_figures == set(province.agencies) - {"hlj-agri"}
    for agency in compiled.agencies:
        if agency.code not in shown:
            continue
        value = compiled.value(agency, key)
        cell_html = shown[agency.code]
        if key.section in compiled.figures[agency.pk].omitted:
            assert "报告未包含该部分" in cell_html
            continue
        assert f">{value if value != '' else '（空白）'}</a>" in cell_html, agency.code
        if agency.from_file:
            assert f"/staff/province/{YEAR}/agencies/{agency.code}/#cell-{n}" in cell_html
        elif key.section == "三":
            assert (
                f"/reports/{agency.code}/{YEAR}/table3/cell/?row=new&amp;column=total" in cell_html
            )
    assert f'<strong class="total">{compiled.total.text(key) or "—"}</strong>' in page


def _applications(agencies, per_agency: int = 2) -> None:
    for agency in agencies:
        create_all(agency, [Record(date(2025, 3, d + 1), date(2025, 4, 1), GRANTED)
                            for d in range(per_agency)])  # fmt: skip


@pytest.mark.parametrize("agencies", [2, 25])
def test_table_3_of_every_provisional_agency_is_one_grouped_query(office, agencies):
    made = [below(office, f"hlj-d{n}", f"某厅{n}") for n in range(agencies)]
    for agency in made:  # on the platform: each has a clerk
        agency.memberships.create(user=office.clerk, role="clerk")
    _applications(made)
    out = records.Records()
    with CaptureQueriesContext(connection) as queries:
        records.table3_atoms(provisional_agencies(office.province, YEAR), EDITION, YEAR, out)
    assert len(queries) == 1
    assert "GROUP BY" in queries[0]["sql"] and "agency_id" in queries[0]["sql"]
    for agency in made:
        assert records.table3_cells(out.table3[agency.pk], EDITION) == table3_counts(agency, YEAR)


@pytest.mark.parametrize("agencies", [2, 25])
def test_the_year_is_a_few_queries_whatever_the_number_of_agencies(
    office, django_assert_num_queries, agencies
):
    made = [below(office, f"hlj-d{n}", f"某厅{n}") for n in range(agencies)]
    for agency in made[::2]:
        agency.memberships.create(user=office.clerk, role="clerk")
    for agency in made[1::2]:
        stored_version(agency, date(2026, 1, 20))
    _applications(made[::2])
    # The list, the versions, table 三, table 二's counts and inputs, table 四.
    with django_assert_num_queries(6):
        compiled = province_year(office.province, YEAR)
        assert compiled.total
    assert len(compiled.of_source(Source.PUBLISHED)) == agencies // 2
