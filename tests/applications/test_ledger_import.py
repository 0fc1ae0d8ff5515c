"""Importing a ledger: every row or none, and every error named by its row and column."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from gongkai.applications.ledger.columns import HEADERS
from gongkai.applications.ledger.reading import LedgerFileError
from gongkai.applications.ledger.service import ledger_check, ledger_import
from gongkai.applications.ledger.template import ledger_template
from gongkai.applications.models import Application, ApplicationEvent, State
from gongkai.applications.services import application_register
from gongkai.core.errors import DomainError
from tests.applications.factories import person_intake
from tests.applications.test_ledger_fixtures import (
    closed,
    csv_text,
    organisation_row,
    person_row,
    twenty_rows,
    xlsx_file,
)

EXPECTED_OUTCOMES = (
    "result.granted",
    "result.partial",
    "result.withheld.4",
    "result.withheld.1",
    "result.unavailable.1",
    "result.not_handled.2",
    "result.other.3",
)


def _import(office, content: bytes, filename: str = "台账.xlsx", **kwargs):
    return ledger_import(
        agency=office.agency, actor=office.clerk, content=content, filename=filename, **kwargs
    )


def test_a_valid_xlsx_of_twenty_rows_imports_every_row_exactly(office):
    rows = twenty_rows()
    result = _import(office, xlsx_file(rows), "2025台账.xlsx")

    assert result.ok, [str(e) for e in result.errors]
    assert (result.imported, result.open, result.closed) == (20, 6, 14)
    stored = {
        e.data["row"]: e.application
        for e in ApplicationEvent.objects.filter(kind="import").select_related("application")
    }
    assert sorted(stored) == list(range(2, 22))  # the header is row 1
    for i, row in enumerate(rows):
        app = stored[i + 2]
        assert app.agency == office.agency
        assert app.applicant_name == row["姓名或名称"]
        assert app.received_on == row["收到申请日期"]
        assert app.registered_by == office.clerk
        if "答复结果" in row:
            assert app.state == State.CLOSED
            assert app.outcome == EXPECTED_OUTCOMES[i % len(EXPECTED_OUTCOMES)]
            assert app.closed_on == row["办结日期"]
            assert app.due_on is None
        else:
            assert app.state == State.REGISTERED
            assert (app.outcome, app.closed_on) == ("", None)
            assert app.due_on is not None and app.due_on > app.received_on
        expected_column = "natural_person" if i % 2 == 0 else app.org_kind
        assert app.report_column == expected_column
        if "申请编号" in row:
            assert app.number == row["申请编号"]
        else:
            assert app.number.startswith(f"{row['收到申请日期'].year}-")
    assert Application.objects.count() == 20
    assert len({a.query_code for a in stored.values()}) == 20


def test_numbers_are_generated_per_receipt_year_in_receipt_order_after_those_in_use(office):
    application_register(
        agency=office.agency,
        intake=person_intake(),
        received_on=date(2026, 1, 5),
        actor=office.clerk,
    )  # today's registration numbers it 2026-00001
    rows = [
        person_row(收到申请日期=date(2026, 5, 1)),
        person_row(收到申请日期=date(2026, 4, 1), 申请编号="2026-00007"),
        person_row(收到申请日期=date(2026, 3, 1)),
        person_row(收到申请日期=date(2025, 3, 1)),
    ]
    assert _import(office, xlsx_file(rows)).ok
    numbers = dict(
        Application.objects.filter(events__kind="import").values_list("received_on", "number")
    )
    assert numbers == {
        date(2026, 3, 1): "2026-00008",
        date(2026, 4, 1): "2026-00007",
        date(2026, 5, 1): "2026-00009",
        date(2025, 3, 1): "2025-00001",
    }


def test_an_open_application_gets_the_deadline_of_its_receipt_day_and_a_history(office):
    row = organisation_row(收到申请日期=date(2026, 2, 10), 承办处室="综合协调处")
    assert _import(office, xlsx_file([row]), "old.xlsx").ok

    app = Application.objects.get()
    assert app.state == State.REGISTERED and app.department == office.department
    # The clock table: received 2026-02-10, due 2026-03-16.
    assert app.due_on == date(2026, 3, 16) and not app.due_provisional
    event = app.events.get()
    assert (event.kind, event.on, event.actor) == ("import", date(2026, 2, 10), office.clerk)
    assert event.data["source"] == "old.xlsx" and event.data["row"] == 2
    assert event.data["received_on"] == "2026-02-10"
    assert "old.xlsx 第 2 行" in event.note


def test_a_file_with_errors_in_three_rows_imports_nothing_and_names_exactly_those(office):
    rows = [person_row() for _ in range(9)]
    good_id = rows[2]["证件号码"]
    wrong = "0" if good_id[-1] != "0" else "1"
    rows[2]["证件号码"] = good_id[:-1] + wrong
    rows[5]["申请方式"] = "飞鸽传书"
    rows[7] = closed(rows[7], "予以公开", after_days=-3)

    result = _import(office, xlsx_file(rows))

    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [
        (4, "证件号码"),
        (7, "申请方式"),
        (9, "办结日期"),
    ]
    assert str(result.errors[0]) == (
        f"第 4 行「证件号码」：身份证号码校验位应为 {good_id[-1]}，实际为 {wrong}"
    )
    assert "当面提交" in result.errors[1].message and "飞鸽传书" in result.errors[1].message
    assert "早于收到申请日期" in result.errors[2].message
    assert Application.objects.count() == 0 and ApplicationEvent.objects.count() == 0


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_csv_from_excel_or_wps_reads_in_utf8_with_or_without_bom_and_in_gb18030(office, encoding):
    rows = [
        person_row(姓名或名称="欧阳娜娜"),
        closed(organisation_row(), "（四）2 没有现成信息需要另行制作"),
    ]
    result = _import(office, csv_text(rows).encode(encoding), "台账.csv")

    assert result.ok, [str(e) for e in result.errors]
    names = set(Application.objects.values_list("applicant_name", flat=True))
    assert names == {"欧阳娜娜", "某某科技有限公司"}
    assert Application.objects.get(outcome="result.unavailable.2").state == State.CLOSED


def test_the_header_may_come_in_any_order_with_extra_columns_ignored_with_a_warning(office):
    rows = [{**person_row(), "备注": "老台账"}]
    headers = list(reversed([*HEADERS, "备注"]))
    headers = [h for h in headers if h in rows[0]]
    result = _import(office, xlsx_file(rows, headers))

    assert result.ok
    assert any("「备注」" in w and "已忽略" in w for w in result.warnings)
    assert Application.objects.get().applicant_name == "张三"


def test_a_title_row_above_the_header_keeps_the_spreadsheets_row_numbers(office):
    rows = [person_row(), person_row(联系电话="12")]
    result = _import(office, xlsx_file(rows, above=[["2026 年政府信息公开申请台账"]]))

    assert [(e.row, e.column) for e in result.errors] == [(4, "联系电话")]


def test_missing_required_columns_give_one_error_naming_them(office):
    row = person_row()
    headers = [h for h in row if h not in ("收到申请日期", "联系电话")]
    result = _import(office, xlsx_file([row], headers))

    assert len(result.errors) == 1
    assert result.errors[0].row is None
    assert "「收到申请日期」" in result.errors[0].message
    assert "「联系电话」" in result.errors[0].message


def test_an_outcome_column_needs_its_closing_date_column(office):
    row = {**person_row(), "答复结果": "予以公开"}
    result = _import(office, xlsx_file([row]))
    assert [str(e) for e in result.errors] == ["缺少必需的列：「办结日期」（表头在第 1 行）"]


def test_an_unknown_outcome_names_the_row_and_lists_every_choice(office):
    rows = [person_row(), closed(person_row(), "同意公开")]
    result = _import(office, xlsx_file(rows))

    [error] = result.errors
    assert (error.row, error.column) == (3, "答复结果")
    assert "同意公开" in error.message
    for label in ("（一）予以公开", "（三）4.保护第三方合法权益", "（六）3.其他"):
        assert label in error.message


def test_an_ambiguous_outcome_lists_only_the_rows_it_could_mean(office):
    result = _import(office, xlsx_file([closed(person_row(), "不予公开")]))

    [error] = result.errors
    assert "可对应多项" in error.message
    assert "（三）1.属于国家秘密" in error.message and "（三）8.属于行政查询事项" in error.message
    assert "（一）予以公开" not in error.message


def test_a_number_twice_in_the_file_is_an_error_on_the_second_row(office):
    rows = [person_row(申请编号="A-1"), person_row(申请编号="A-2"), person_row(申请编号="A-1")]
    result = _import(office, xlsx_file(rows))

    assert [str(e) for e in result.errors] == ["第 4 行「申请编号」：申请编号“A-1”与第 2 行重复"]
    assert Application.objects.count() == 0


def test_a_number_already_used_in_the_agency_is_an_error(office):
    assert _import(office, xlsx_file([person_row(申请编号="A-1")])).ok
    result = _import(office, xlsx_file([person_row(申请编号="A-2"), person_row(申请编号="A-1")]))

    assert [(e.row, e.column) for e in result.errors] == [(3, "申请编号")]
    assert Application.objects.count() == 1


def test_a_number_shaped_like_the_platforms_own_must_be_exactly_that_shape(office):
    result = _import(office, xlsx_file([person_row(申请编号="2026-12")]))
    assert [(e.row, e.column) for e in result.errors] == [(2, "申请编号")]


def test_dates_are_read_in_the_ways_offices_write_them(office):
    written = ["2026/3/2", "2026年3月2日", "20260302", "2026.3.2", "2026-03-02 00:00:00"]
    rows = [person_row(收到申请日期=text) for text in written]
    assert _import(office, csv_text(rows).encode("utf-8"), "t.csv").ok
    assert set(Application.objects.values_list("received_on", flat=True)) == {date(2026, 3, 2)}


def test_a_date_in_the_future_or_not_a_date_is_refused(office):
    rows = [person_row(收到申请日期="2099-01-01"), person_row(收到申请日期="上周二")]
    result = _import(office, csv_text(rows).encode("utf-8"), "t.csv")
    assert [(e.row, e.column) for e in result.errors] == [(2, "收到申请日期"), (3, "收到申请日期")]
    assert "晚于今天" in result.errors[0].message
    assert "不是日期" in result.errors[1].message


def test_a_closing_date_without_an_outcome_and_an_outcome_without_one_are_errors(office):
    rows = [
        {**person_row(), "办结日期": date(2026, 3, 20), "答复结果": None},
        {**person_row(), "办结日期": None, "答复结果": "予以公开"},
    ]
    result = _import(office, xlsx_file(rows))
    assert [(e.row, e.column) for e in result.errors] == [(2, "办结日期"), (3, "办结日期")]


def test_an_id_number_stored_as_a_number_gets_a_hint_about_the_lost_digits(office):
    row = person_row(证件号码=float(person_row()["证件号码"][:17] + "0"))
    result = _import(office, xlsx_file([row]))
    [error] = result.errors
    assert error.column == "证件号码" and "文本" in error.message


def test_an_unknown_department_lists_the_agencys_departments(office):
    result = _import(office, xlsx_file([person_row(承办处室="办公室")]))
    [error] = result.errors
    assert error.column == "承办处室" and "综合协调处" in error.message


def test_only_a_clerk_or_admin_of_the_agency_may_import(office):
    content = xlsx_file([person_row()])
    for user in (office.head, office.outsider, office.provincial):
        with pytest.raises(DomainError):
            ledger_import(agency=office.agency, actor=user, content=content, filename="t.xlsx")
    assert ledger_import(
        agency=office.agency, actor=office.admin, content=content, filename="t.xlsx"
    ).ok


def test_a_dry_run_checks_everything_and_writes_nothing(office):
    result = _import(office, xlsx_file(twenty_rows()), dry_run=True)
    assert result.ok and result.dry_run and result.rows == 20 and result.imported == 0
    assert Application.objects.count() == 0
    assert ledger_check(
        agency=office.agency, content=xlsx_file(twenty_rows()), filename="t.xlsx"
    ).ok


@pytest.mark.parametrize(
    ("content", "filename", "words"),
    [
        (b"", "t.xlsx", "空的"),
        (b"%PDF-1.7 ...", "t.pdf", "XLSX 或 CSV"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "t.xls", ".xls"),
        (b"not a workbook at all", "t.xlsx", "不是 Excel"),
        (b"PK\x03\x04" + bytes(300), "t.xlsx", "损坏"),
        (b"\x00\x01\x02binary", "t.csv", "二进制"),
    ],
)
def test_a_file_that_is_not_a_readable_ledger_says_why_in_chinese(office, content, filename, words):
    with pytest.raises(LedgerFileError) as caught:
        _import(office, content, filename)
    assert words in caught.value.message
    assert Application.objects.count() == 0


def test_a_truncated_xlsx_is_refused_as_damaged(office):
    content = xlsx_file([person_row()])
    with pytest.raises(LedgerFileError, match="损坏"):
        _import(office, content[: len(content) // 2])


def test_a_file_larger_than_the_upload_limit_is_refused(office, settings):
    settings.GONGKAI_UPLOAD_MAX_BYTES = 100
    with pytest.raises(LedgerFileError, match="文件过大"):
        _import(office, xlsx_file([person_row()]))


def test_a_file_with_only_a_header_imports_nothing_and_says_so(office):
    result = _import(office, ledger_template("csv"), "t.csv")
    assert [str(e) for e in result.errors] == ["文件中只有表头，没有申请记录"]


def test_the_blank_templates_headers_are_exactly_the_declared_columns():
    sheet = load_workbook(io.BytesIO(ledger_template("xlsx"))).worksheets[0]
    assert tuple(c.value for c in sheet[1]) == HEADERS
    csv_header = ledger_template("csv").decode("utf-8-sig").splitlines()[0]
    assert tuple(csv_header.split(",")) == HEADERS


def test_the_xlsx_template_filled_in_imports(office):
    workbook = load_workbook(io.BytesIO(ledger_template("xlsx")))
    sheet = workbook.worksheets[0]
    for number, row in enumerate((person_row(), closed(organisation_row(), "予以公开")), 2):
        for column, header in enumerate(HEADERS, start=1):
            sheet.cell(row=number, column=column, value=row.get(header))
    out = io.BytesIO()
    workbook.save(out)
    result = _import(office, out.getvalue())
    assert result.ok, [str(e) for e in result.errors]
    assert (result.open, result.closed) == (1, 1)


def test_a_column_given_twice_is_one_error_naming_both_places(office):
    row = person_row()
    headers = [*row, "联系电话"]
    result = _import(office, xlsx_file([row], headers))
    assert [str(e) for e in result.errors] == [
        f"第 1 行：「联系电话」列出现了两次（第 {chr(ord('A') + headers.index('联系电话'))} 列"
        f"和第 {chr(ord('A') + len(headers) - 1)} 列）"
    ]


def test_unicode_text_from_excel_reads_as_utf16_with_tabs(office):
    text = csv_text([person_row(姓名或名称="司马光")]).replace(",", "\t")
    assert _import(office, text.encode("utf-16"), "台账.csv").ok
    assert Application.objects.get().applicant_name == "司马光"
