"""The import of a case register: all rows or none, every error naming its row and column, from
CSV and from a real XLSX written by openpyxl (the blank template too)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook

from gongkai.applications.ledger.reading import LedgerFileError
from gongkai.core.errors import DomainError
from gongkai.remedies.columns import HEADERS
from gongkai.remedies.models import Case, CaseEvent, EventKind
from gongkai.remedies.services import cases_import
from gongkai.remedies.template import cases_template
from tests.applications.factories import Office
from tests.remedies.factories import closed_application, registered_case

pytestmark = pytest.mark.django_db

HEADER = [
    "类别",
    "案号",
    "立案日期",
    "复议机关/审理法院",
    "复议/诉讼事项",
    "关联申请编号",
    "审结日期",
    "结果",
]


def csv_bytes(rows: list[list[str]], *, encoding: str = "utf-8-sig") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *rows])
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[object]], header: list[str] = HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def good_rows(app_number: str) -> list[list[str]]:
    return [
        [
            "行政复议",
            "黑政复决字〔2025〕第1号",
            "2025-03-02",
            "黑龙江省人民政府",
            "不予公开的答复",
            "",
            "",
            "",
        ],
        [
            "直接起诉",
            "（2025）黑0103行初5号",
            "2025/4/1",
            "哈尔滨市南岗区人民法院",
            "答复",
            "",
            "2025年9月1日",
            "结果纠正",
        ],
        [
            "行政诉讼·复议后起诉",
            "",
            "20250601",
            "哈尔滨铁路运输法院",
            "答复",
            app_number,
            "2025-10-01",
            "维持",
        ],
    ]


def run(office: Office, content: bytes, filename: str = "cases.csv"):
    return cases_import(
        agency=office.agency, actor=office.clerk, content=content, filename=filename
    )


def test_a_clean_csv_imports_every_row_with_an_event(office: Office) -> None:
    app = closed_application(office.agency)
    result = run(office, csv_bytes(good_rows(app.number)))
    assert result.ok, [str(e) for e in result.errors]
    review, direct, after = sorted(result.cases, key=lambda c: c.filed_on)
    assert (review.stream, review.is_open, review.number) == (
        "review",
        True,
        "黑政复决字〔2025〕第1号",
    )
    assert (direct.stream, direct.decided_on, direct.result) == (
        "direct",
        date(2025, 9, 1),
        "corrected",
    )
    assert (after.stream, after.application, after.result) == ("after_review", app, "upheld")
    for case, row in ((review, 2), (direct, 3), (after, 4)):
        event = case.events.get()
        assert (event.kind, event.actor, event.data["row"]) == (
            EventKind.IMPORTED,
            office.clerk,
            row,
        )
        assert event.data["source"] == "cases.csv"
        assert event.after["stream"] == case.stream


def test_a_clean_xlsx_with_date_cells_imports(office: Office) -> None:
    rows = [
        [
            "行政复议",
            "A-1",
            date(2025, 3, 2),
            "黑龙江省人民政府",
            "答复",
            None,
            datetime(2025, 5, 1),
            "其他",
        ],
        ["未经复议直接起诉", "A-2", "2025-03-05", "哈尔滨铁路运输法院", "答复"],
    ]
    result = run(office, xlsx_bytes(rows), "登记.xlsx")
    assert result.ok, [str(e) for e in result.errors]
    by_number = {c.number: c for c in Case.objects.all()}
    assert by_number["A-1"].decided_on == date(2025, 5, 1)
    assert by_number["A-1"].result == "other"
    assert by_number["A-2"].is_open


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_one_bad_line_and_nothing_is_written(office: Office, kind: str) -> None:
    rows = good_rows("")
    rows[1][2] = "2025-02-30"  # line 3: no such day
    content = csv_bytes(rows) if kind == "csv" else xlsx_bytes(rows)
    result = run(office, content, f"cases.{kind}")
    assert not result.ok
    assert not Case.objects.exists() and not CaseEvent.objects.exists()
    (error,) = result.errors
    assert (error.row, error.column, error.letter) == (3, "立案日期", "C")
    assert str(error).startswith("第 3 行 C 列「立案日期」：")
    assert "没有这一天" in error.message


def test_every_problem_of_every_row_is_listed(office: Office) -> None:
    theirs = closed_application(office.other_agency)
    rows = [
        ["行政复仪", "B-1", "2025-03-02", "", "答复", "", "", ""],
        [
            "行政复议",
            "B-2",
            "2025-03-02",
            "黑龙江省人民政府",
            "答复",
            theirs.number,
            "2025-04-01",
            "",
        ],
        ["行政复议", "B-3", "2025-03-02", "黑龙江省人民政府", "答复", "", "", "维持"],
        ["行政复议", "B-3", "2025-03-02", "黑龙江省人民政府", "答复", "", "2025-03-01", "维持"],
    ]
    result = run(office, csv_bytes(rows))
    found = {(e.row, e.column) for e in result.errors}
    assert found == {
        (2, "类别"),
        (2, "复议机关/审理法院"),
        (3, "关联申请编号"),  # another agency's number: not one of this agency's applications
        (3, "结果"),  # a decision day without a result
        (4, "审结日期"),  # a result without a decision day
        (5, "案号"),  # the same number as line 4
        (5, "审结日期"),  # decided before it was filed
    }
    duplicate = next(e for e in result.errors if (e.row, e.column) == (5, "案号"))
    assert "第 4 行" in duplicate.message
    assert not Case.objects.exists()


def test_a_number_already_registered_is_refused(office: Office) -> None:
    registered_case(office, number="黑政复决字〔2025〕第1号")
    result = run(office, csv_bytes(good_rows("")[:1]))
    assert [(e.row, e.column) for e in result.errors] == [(2, "案号")]
    assert Case.objects.count() == 1


def test_a_missing_required_column_is_named(office: Office) -> None:
    content = xlsx_bytes([["行政复议", "2025-03-02"]], header=["类别", "立案日期"])
    result = run(office, content, "cases.xlsx")
    assert {e.column for e in result.errors} == {"复议机关/审理法院", "复议/诉讼事项"}
    assert all(e.row == 1 for e in result.errors)


def test_an_unknown_column_is_ignored_with_a_warning(office: Office) -> None:
    header = [*HEADER, "承办人"]
    content = xlsx_bytes([[*good_rows("")[0], "张三"]], header=header)
    result = run(office, content, "cases.xlsx")
    assert result.ok
    assert any("承办人" in w for w in result.warnings)


def test_a_gbk_csv_imports(office: Office) -> None:
    result = run(office, csv_bytes(good_rows("")[:2], encoding="gb18030"))
    assert result.ok and Case.objects.count() == 2


def test_the_same_file_is_not_imported_twice(office: Office) -> None:
    content = csv_bytes([["行政复议", "", "2025-03-02", "黑龙江省人民政府", "答复", "", "", ""]])
    assert run(office, content).ok
    again = run(office, content)
    assert not again.ok and "已导入过" in again.errors[0].message
    assert Case.objects.count() == 1


def test_a_file_with_a_header_only_or_unreadable(office: Office) -> None:
    result = run(office, csv_bytes([]))
    assert "只有表头" in result.errors[0].message
    with pytest.raises(LedgerFileError) as caught:
        run(office, b"not a workbook", "cases.xlsx")
    assert caught.value.field == "file"


def test_only_the_agencys_clerks_and_admins_import(office: Office) -> None:
    for actor in (office.provincial, office.head, office.outsider):
        with pytest.raises(DomainError):
            cases_import(
                agency=office.agency,
                actor=actor,
                content=csv_bytes(good_rows("")),
                filename="c.csv",
            )
    assert not Case.objects.exists()


def test_the_blank_templates_fill_in_and_import(office: Office) -> None:
    assert cases_template("csv").decode("utf-8-sig").strip() == ",".join(HEADERS)
    workbook = load_workbook(io.BytesIO(cases_template("xlsx")))
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == list(HEADERS)
    sheet.append(
        ["行政诉讼·未经复议直接起诉", "T-1", date(2025, 7, 1), "哈尔滨铁路运输法院", "答复"]
    )
    out = io.BytesIO()
    workbook.save(out)
    result = run(office, out.getvalue(), "template.xlsx")
    assert result.ok, [str(e) for e in result.errors]
    assert Case.objects.get().stream == "direct"
