"""Table 二's input cells: checked by their column's kind, kept as history, entered by the clerks
and admins of the agency only; and table2_cells, which puts counts and inputs together."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from gongkai.core.errors import DomainError
from gongkai.publishing.models import Table2Input
from gongkai.publishing.table2_inputs import (
    table2_input_history,
    table2_input_set,
    table2_inputs,
)
from gongkai.reports.compute.table2 import table2_cells, table2_compute
from gongkai.reports.compute.table2_predicates import cell_for, input_cells
from gongkai.reports.engine.editions import EDITION_2019, EDITION_2021, CellKey
from tests.applications.factories import Office, make_office
from tests.reports.table2_items import NORMATIVE, RULE, item

pytestmark = pytest.mark.django_db

B5, B6, B8, B9 = (f"第二十条第（{n}）项" for n in ("五", "六", "八", "九"))
LICENCES_2021 = CellKey("二", B5, "行政许可", "本年处理决定数量")
FEES_2021 = CellKey("二", B8, "行政事业性收费", "本年收费金额（单位：万元）")
LICENCES_2019 = CellKey("二", B5, "行政许可", "处理决定数量")
CHANGE_2019 = CellKey("二", B6, "行政处罚", "本年增/减")
PROCUREMENT_2019 = CellKey("二", B9, "政府集中采购", "采购总金额")


@pytest.fixture
def office() -> Office:
    return make_office()


def enter(
    office: Office, cell: CellKey, value: str, *, year: int = 2022, by=None, source="审批系统"
):
    return table2_input_set(
        agency=office.agency,
        year=year,
        cell=cell,
        value=value,
        source=source,
        entered_by=by or office.clerk,
    )


def test_the_input_cells_are_every_cell_of_table_2_the_records_do_not_give() -> None:
    assert LICENCES_2021 in input_cells(EDITION_2021) and FEES_2021 in input_cells(EDITION_2021)
    assert PROCUREMENT_2019 in input_cells(EDITION_2019)
    assert PROCUREMENT_2019 not in input_cells(EDITION_2021)  # 2021 dropped 政府集中采购
    assert (len(input_cells(EDITION_2019)), len(input_cells(EDITION_2021))) == (16, 4)
    assert not any(k.block == "第二十条第（一）项" for k in input_cells(EDITION_2021))


def test_a_clerks_entry_is_kept_with_who_when_and_the_source(office) -> None:
    entry = enter(office, LICENCES_2021, " 1,234 ", source="省政务服务网年度统计")
    assert (entry.value, entry.source, entry.entered_by) == (
        "1,234",
        "省政务服务网年度统计",
        office.clerk,
    )
    assert entry.entered_at is not None
    assert table2_inputs(office.agency, 2022) == {LICENCES_2021: entry}


def test_every_entry_is_kept_and_the_latest_is_the_value(office) -> None:
    first = enter(office, LICENCES_2021, "10")
    second = enter(office, LICENCES_2021, "12", by=office.admin, source="更正：审批系统复核")
    third = enter(office, LICENCES_2021, "11")
    assert Table2Input.objects.count() == 3
    assert table2_input_history(office.agency, 2022)[LICENCES_2021] == [third, second, first]
    assert table2_inputs(office.agency, 2022)[LICENCES_2021] == third
    assert table2_cells(office.agency, 2022)[LICENCES_2021] == "11"


@pytest.mark.parametrize(
    ("cell", "year", "value"),
    [
        (LICENCES_2021, 2022, "0"),
        (LICENCES_2021, 2022, "/"),
        (FEES_2021, 2022, "24252.311082"),
        (FEES_2021, 2022, "96171.6万元"),
        (CHANGE_2019, 2020, "-3"),
        (PROCUREMENT_2019, 2020, "251000元"),
        (PROCUREMENT_2019, 2020, "75394432.52"),
    ],
)
def test_a_value_of_the_columns_kind_is_accepted(office, cell, year, value) -> None:
    assert enter(office, cell, value, year=year).value == value


@pytest.mark.parametrize(
    ("cell", "year", "value", "problem"),
    [
        (LICENCES_2021, 2022, "abc", "不是非负整数"),
        (LICENCES_2021, 2022, "-1", "负数"),
        (LICENCES_2021, 2022, "12.5", "不是整数"),
        (LICENCES_2019, 2020, "三十", "不是非负整数"),
        (FEES_2021, 2022, "-5", "负数"),
        (PROCUREMENT_2019, 2020, "约25万", "不是金额"),
        (LICENCES_2021, 2022, "", "不适用的填"),
        (LICENCES_2021, 2022, "—", "不适用的填"),
    ],
)
def test_a_bad_value_is_refused_naming_the_cell(office, cell, year, value, problem) -> None:
    edition = EDITION_2019 if year == 2020 else EDITION_2021
    with pytest.raises(DomainError) as refused:
        enter(office, cell, value, year=year)
    assert refused.value.field == "value"
    assert edition.cell_name(cell) in refused.value.message
    assert problem in refused.value.message
    assert not Table2Input.objects.exists()


def test_a_computed_cell_cannot_be_entered(office) -> None:
    computed = cell_for(EDITION_2021, RULE, "issued").key
    with pytest.raises(DomainError, match="不能填报") as refused:
        enter(office, computed, "5")
    assert refused.value.field == "cell"
    assert EDITION_2021.cell_name(computed) in refused.value.message


def test_a_cell_of_the_other_edition_cannot_be_entered(office) -> None:
    with pytest.raises(DomainError) as refused:
        enter(office, PROCUREMENT_2019, "100元", year=2022)
    assert refused.value.field == "cell"
    assert EDITION_2021.name in refused.value.message and "采购总金额" in refused.value.message


def test_the_source_is_required_naming_the_cell(office) -> None:
    with pytest.raises(DomainError) as refused:
        enter(office, FEES_2021, "12.5", source="   ")
    assert refused.value.field == "source"
    assert EDITION_2021.cell_name(FEES_2021) in refused.value.message


def test_a_year_outside_the_report_years_is_refused(office) -> None:
    with pytest.raises(DomainError, match="2018"):
        enter(office, LICENCES_2019, "1", year=2018)


@pytest.mark.parametrize("persona", ["head", "leader", "reviewer", "provincial", "outsider"])
def test_only_the_agencys_clerks_and_admins_enter(office, persona) -> None:
    with pytest.raises(DomainError, match="承办人或机关管理员"):
        enter(office, LICENCES_2021, "1", by=getattr(office, persona))
    root = get_user_model().objects.create_superuser("root", "root@example.gov.cn", "pw")
    with pytest.raises(DomainError):
        enter(office, LICENCES_2021, "1", by=root)  # a platform admin reads, holding no role
    assert enter(office, LICENCES_2021, "1", by=office.admin).entered_by == office.admin
    assert Table2Input.objects.count() == 1


def test_inputs_belong_to_their_agency_and_year(office) -> None:
    enter(office, LICENCES_2021, "7", year=2022)
    assert table2_inputs(office.agency, 2023) == {}
    assert table2_inputs(office.other_agency, 2022) == {}


def test_a_missing_input_is_missing_not_zero(office) -> None:
    enter(office, LICENCES_2021, "7")
    table = table2_compute(office.agency, 2022)
    assert set(table.missing) == set(input_cells(EDITION_2021)) - {LICENCES_2021}
    assert FEES_2021 not in table.cells
    assert table.cells[LICENCES_2021] == "7"


def test_the_cells_cost_two_queries_however_many_items_and_entries(
    office, django_assert_num_queries
) -> None:
    with django_assert_num_queries(2):
        table2_cells(office.agency, 2022)
    for n in range(20):
        item(
            office.agency, office.clerk, kind=(RULE, NORMATIVE)[n % 2], written=date(2022, 2, n + 1)
        )
        enter(office, (LICENCES_2021, FEES_2021)[n % 2], str(n))
    with django_assert_num_queries(2):
        cells = table2_cells(office.agency, 2022)
    assert cells[cell_for(EDITION_2021, RULE, "issued").key] == 10
    assert (cells[LICENCES_2021], cells[FEES_2021]) == ("18", "19")
