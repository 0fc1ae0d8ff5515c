"""``gongkai ledger import`` and ``gongkai ledger template``: exit codes, messages, dry runs."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from gongkai.applications.ledger.columns import HEADERS
from gongkai.applications.models import Application, ApplicationEvent
from tests.applications.test_ledger_fixtures import person_row, twenty_rows, xlsx_file


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("ledger", *args, stdout=out, stderr=err)
    except SystemExit as stop:
        return stop.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.fixture
def good_file(tmp_path):
    path = tmp_path / "台账.xlsx"
    path.write_bytes(xlsx_file(twenty_rows()))
    return path


def test_import_stores_every_row_and_exits_zero(office, good_file):
    code, out, err = _run("import", str(good_file), "--agency", office.agency.code)

    assert code == 0, err
    assert "导入 20 条申请" in out and "尚在办理 6 条，已办结 14 条" in out
    assert Application.objects.filter(agency=office.agency).count() == 20
    # No user given: the events say it was imported, by no one in particular.
    assert set(ApplicationEvent.objects.values_list("kind", "actor")) == {("import", None)}


def test_dry_run_checks_and_writes_nothing(office, good_file):
    code, out, _ = _run("import", str(good_file), "--agency", office.agency.code, "--dry-run")

    assert code == 0 and "检查通过：20 条申请" in out and "未写入" in out
    assert Application.objects.count() == 0


def test_row_errors_exit_one_print_each_row_and_column_and_import_nothing(office, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(
        xlsx_file([person_row(), person_row(联系电话=""), person_row(申请方式="信鸽")])
    )

    code, _, err = _run("import", str(path), "--agency", office.agency.code)

    assert code == 1
    lines = err.splitlines()
    assert lines[0] == "第 3 行「联系电话」：请填写联系电话"
    assert lines[1].startswith("第 4 行「申请方式」：无法识别“信鸽”")
    assert "2 处错误，未导入任何申请" in lines[2]
    assert Application.objects.count() == 0


def test_row_errors_in_a_dry_run_also_exit_one(office, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("姓名或名称\n张三\n", encoding="utf-8")
    code, _, err = _run("import", str(path), "--agency", office.agency.code, "--dry-run")
    assert code == 1 and "缺少必需的列" in err


def test_an_unreadable_file_exits_two(office, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(b"garbage")
    code, _, err = _run("import", str(path), "--agency", office.agency.code)
    assert code == 2 and "bad.xlsx" in err and "未导入" in err


def test_an_unknown_agency_or_missing_file_is_a_command_error_with_code_two(office, good_file):
    with pytest.raises(CommandError, match="没有代码为“nope”的机关") as caught:
        call_command("ledger", "import", str(good_file), "--agency", "nope")
    assert caught.value.returncode == 2
    with pytest.raises(CommandError, match="无法读取") as caught:
        call_command("ledger", "import", "/nonexistent/x.xlsx", "--agency", office.agency.code)
    assert caught.value.returncode == 2


def test_a_user_named_for_the_import_is_recorded_and_must_be_clerk_or_admin(office, good_file):
    with pytest.raises(CommandError, match="不是黑龙江省知识产权局的承办人或机关管理员"):
        call_command(
            "ledger", "import", str(good_file), "--agency", office.agency.code, "--user", "head"
        )
    code, _, _ = _run("import", str(good_file), "--agency", office.agency.code, "--user", "clerk")
    assert code == 0
    assert set(ApplicationEvent.objects.values_list("actor", flat=True)) == {office.clerk.pk}


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_template_writes_the_declared_header_row(tmp_path, fmt):
    path = tmp_path / f"blank.{fmt}"
    code, out, _ = _run("template", "--format", fmt, "-o", str(path))

    assert code == 0 and str(path) in out
    if fmt == "xlsx":
        sheet = load_workbook(path).worksheets[0]
        assert tuple(c.value for c in sheet[1]) == HEADERS
    else:
        assert tuple(path.read_text(encoding="utf-8-sig").strip().split(",")) == HEADERS


def test_importing_the_same_file_again_exits_one_and_adds_nothing(office, good_file):
    assert _run("import", str(good_file), "--agency", office.agency.code)[0] == 0

    code, _, err = _run("import", str(good_file), "--agency", office.agency.code)

    assert code == 1
    assert "通过命令行导入本机关（20 件），不能重复导入" in err
    assert Application.objects.count() == 20
