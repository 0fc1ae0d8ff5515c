from __future__ import annotations

import pytest

from gongkai.reports.engine import EDITION_2019, EDITION_2021, edition_for_year
from gongkai.reports.engine.editions import TABLE3_COLUMNS, TABLE4_COLUMNS, edition_by_key


def test_table_three_has_23_data_rows_in_2019_and_25_in_2021_each_with_seven_columns():
    assert len(EDITION_2019.table3_rows) == 23
    assert len(EDITION_2021.table3_rows) == 25
    assert [c.label for c in TABLE3_COLUMNS] == [
        "自然人",
        "法人或其他组织 / 商业企业",
        "法人或其他组织 / 科研机构",
        "法人或其他组织 / 社会公益组织",
        "法人或其他组织 / 法律服务机构",
        "法人或其他组织 / 其他",
        "总计",
    ]


def test_table_four_has_fifteen_columns_in_three_streams():
    assert len(TABLE4_COLUMNS) == 15
    assert TABLE4_COLUMNS[0].label == "行政复议 / 结果维持"
    assert TABLE4_COLUMNS[9].label == "行政诉讼 / 未经复议直接起诉 / 总计"
    assert TABLE4_COLUMNS[14].label == "行政诉讼 / 复议后起诉 / 总计"


def test_every_cell_of_each_edition_is_declared_once():
    assert len(EDITION_2019.cell_keys()) == 22 + 23 * 7 + 15
    assert len(EDITION_2021.cell_keys()) == 10 + 25 * 7 + 15


def test_row_paths_follow_the_cell_contract():
    row = EDITION_2019.row_by_key("result.withheld.1")
    assert row.label == "三、本年度办理结果 / （三）不予公开 / 1.属于国家秘密"
    assert EDITION_2019.row_by_key("result.other").label == "三、本年度办理结果 / （六）其他处理"
    assert EDITION_2021.row_by_key("result.other.2").path[-1] == (
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    )


def test_table_two_differs_between_editions_as_the_format_changed():
    assert [b.heading for b in EDITION_2019.table2][-1] == "第二十条第（九）项"
    assert "第二十条第（九）项" not in [b.heading for b in EDITION_2021.table2]
    assert [r.label for r in EDITION_2021.block("第二十条第（五）项").rows] == ["行政许可"]
    fee = EDITION_2021.block("第二十条第（八）项").columns[0]
    assert fee.label == "本年收费金额（单位：万元）" and fee.kind.value == "wan_yuan"
    assert EDITION_2019.block("第二十条第（五）项").columns[1].kind.value == "signed"


@pytest.mark.parametrize(
    ("year", "key"), [(2019, "2019"), (2020, "2019"), (2021, "2021"), (2026, "2021")]
)
def test_the_edition_in_force_follows_the_report_year(year, key):
    assert edition_for_year(year).key == key


def test_years_before_the_national_format_and_unknown_editions_are_refused_in_chinese():
    with pytest.raises(ValueError, match="早于全国统一格式"):
        edition_for_year(2018)
    with pytest.raises(ValueError, match="应为 2019 或 2021"):
        edition_by_key("2020")
