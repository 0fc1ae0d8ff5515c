from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from gongkai.workdays.models import CalendarYear
from tests.workdays.data import NOTICE_2027, TABLE

pytestmark = pytest.mark.django_db


def run(*args: str) -> list[str]:
    out = io.StringIO()
    call_command("workdays", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue().splitlines()


@pytest.mark.parametrize(("on", "due", "extended", "correction_due"), TABLE)
def test_due_prints_the_required_table_on_its_last_line(
    on: date, due: date, extended: date, correction_due: date
) -> None:
    assert run("due", on.isoformat())[-1] == due.isoformat()
    assert run("due", on.isoformat(), "--extend", "20")[-1] == extended.isoformat()
    assert run("due", on.isoformat(), "--extend")[-1] == extended.isoformat()


def test_due_with_a_pause_explains_itself_line_by_line() -> None:
    assert run("due", "2026-03-02", "--pause", "2026-03-10:2026-03-20") == [
        "20 个工作日，自 2026-03-02 起算（收到申请之日，当日不计入）",
        "征求意见 2026-03-11 至 2026-03-20 不计入",
        "2026-04-10",
    ]


def test_due_marks_a_provisional_date_until_the_year_is_imported(tmp_path: Path) -> None:
    assert run("due", "2026-12-15")[-1] == "2027-01-12 provisional"
    notice = tmp_path / "2027.txt"
    notice.write_text(NOTICE_2027, encoding="utf-8")
    assert run("import", str(notice), "--year", "2027") == [
        "已导入 2027 年：休息日 1 天，调休上班 0 天（替换原有 0 条）"
    ]
    assert run("due", "2026-12-15")[-1] == "2027-01-13"
    assert CalendarYear.objects.get(year=2027).source == "国务院办公厅通知 导入"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["2026-02-30"], "参数 RECEIVED 的值“2026-02-30”不是有效日期"),
        (["2026-03-02", "--pause", "2026-03-10"], "参数 --pause 的值“2026-03-10”应写作 开始:结束"),
        (["2026-03-02", "--pause", "2026-03-10:03-20"], "参数 --pause 的值“03-20”不是有效日期"),
        (["2026-03-02", "--pause", "2026-03-20:2026-03-10"], "结束日早于开始日"),
        (["2026-03-02", "--extend", "twenty"], "参数 --extend 的值“twenty”应为工作日数"),
        (["2026-03-02", "--extend", "21"], "延长的期限最长不得超过 20 个工作日"),
    ],
)
def test_due_rejects_bad_arguments_with_exit_code_2(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message) as error:
        run("due", *args)
    assert error.value.returncode == 2


def test_import_reports_line_numbered_errors_and_changes_nothing(tmp_path: Path) -> None:
    notice = tmp_path / "2027.txt"
    notice.write_text("2027-01-01 休 元旦\n2027-01-04 班\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="有 1 处错误，未作任何修改") as error:
        call_command("workdays", "import", str(notice), "--year", "2027", stderr=err)
    assert error.value.returncode == 2
    assert err.getvalue().splitlines() == [
        "第 2 行：2027-01-04 是星期一，本来就是工作日，不能标为“班”"
    ]
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_import_of_a_missing_file_is_an_input_error() -> None:
    with pytest.raises(CommandError, match="无法读取文件") as error:
        run("import", "/nonexistent/2027.txt", "--year", "2027")
    assert error.value.returncode == 2


def test_years_lists_the_loaded_years_and_names_the_missing_ones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda: date(2026, 11, 27))
    out, err = io.StringIO(), io.StringIO()
    call_command("workdays", "years", stdout=out, stderr=err)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("2004\tchinese-calendar 1.11.0\t")
    assert lines[-1].startswith("2026\t")
    assert err.getvalue().splitlines() == ["尚未载入：2027"]


def test_seed_reloads_a_deleted_year_from_the_package() -> None:
    CalendarYear.objects.filter(year=2025).delete()
    assert run("seed") == ["已载入：2025"]
    assert run("seed") == ["没有需要载入的年份"]
    with pytest.raises(CommandError, match="没有 2027 年的节假日数据") as error:
        run("seed", "--year", "2027")
    assert error.value.returncode == 2
