from __future__ import annotations

from datetime import date

from gongkai.workdays.calendar import CalendarEntry
from gongkai.workdays.notice import parse_notice


def test_a_notice_lists_weekday_holidays_and_working_weekends() -> None:
    parsed = parse_notice(
        """
        # 2027 年（测试用）
        2027-01-01 休 元旦
        2027-10-01..2027-10-07 休 国庆节   # 含周末
        2027-10-09 班
        """,
        2027,
    )
    assert parsed.errors == ()
    assert parsed.entries[0] == CalendarEntry(date(2027, 1, 1), False, "元旦")
    # 2027-10-02 and 10-03 are a weekend: off anyway, so not stored.
    assert [e.day.day for e in parsed.entries if e.name == "国庆节"] == [1, 4, 5, 6, 7]
    assert parsed.entries[-1] == CalendarEntry(date(2027, 10, 9), True, "调休上班")


def test_every_error_names_its_line_and_nothing_is_returned() -> None:
    parsed = parse_notice(
        "\n".join(
            [
                "2027-01-01 休 元旦",  # 1: fine
                "2027-02-30 休",  # 2
                "2027/10/01 休",  # 3
                "2028-01-01 休",  # 4
                "2027-01-01 休",  # 5
                "2027-10-11 班",  # 6
                "2027-10-12 放 国庆",  # 7
                "2027-10-13",  # 8
                "2027-10-07..2027-10-01 休",  # 9
                "2027-01-01..2027-03-01 休",  # 10
            ]
        ),
        2027,
    )
    assert parsed.entries == ()
    assert parsed.errors == (
        "第 2 行：“2027-02-30”不是有效日期，应写作 YYYY-MM-DD，如 2027-10-01",
        "第 3 行：“2027/10/01”不是有效日期，应写作 YYYY-MM-DD，如 2027-10-01",
        "第 4 行：2028-01-01 不在 2027 年内",
        "第 5 行：2027-01-01 与第 1 行重复",
        "第 6 行：2027-10-11 是星期一，本来就是工作日，不能标为“班”",
        "第 7 行：第二项应为“休”或“班”，实为“放”",
        "第 8 行：缺少“休”或“班”，应写作如“2027-10-01 休 国庆节”",
        "第 9 行：日期范围 2027-10-07..2027-10-01 的结束日早于开始日",
        "第 10 行：日期范围 2027-01-01..2027-03-01 长达 60 天，超过 31 天",
    )


def test_an_empty_list_is_an_error() -> None:
    assert parse_notice("# 只有注释\n\n", 2027).errors == (
        "没有任何日期行：请每行写一个日期，如“2027-10-01 休 国庆节”",
    )
