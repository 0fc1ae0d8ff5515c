"""The same ledger twice: refused as a whole in the same agency, a repeated form answered with
the first result, and rows like registered applications flagged (but imported)."""

from __future__ import annotations

import hashlib
from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongkai.applications.ledger import service
from gongkai.applications.ledger.service import ledger_check, ledger_import
from gongkai.applications.models import Application, ApplicationEvent
from gongkai.applications.services import application_register
from gongkai.core.append_only import append_only_lifted
from tests.applications.factories import organisation_intake, person_intake
from tests.applications.test_ledger_fixtures import (
    closed,
    csv_text,
    organisation_row,
    person_row,
    twenty_rows,
    xlsx_file,
)


def _import(office, content: bytes, *, agency=None, actor=None, **kwargs):
    return ledger_import(
        agency=agency or office.agency,
        actor=actor or office.clerk,
        content=content,
        filename="台账.xlsx",
        **kwargs,
    )


@pytest.fixture
def ledger() -> bytes:
    return xlsx_file(twenty_rows())


def test_every_import_event_keeps_the_files_sha256(office, ledger):
    assert _import(office, ledger).ok
    digests = {e.data["sha256"] for e in ApplicationEvent.objects.filter(kind="import")}
    assert digests == {hashlib.sha256(ledger).hexdigest()}


def test_the_same_file_again_is_refused_naming_when_who_and_how_many(office, ledger):
    office.clerk.first_name = "王承办"
    office.clerk.save()
    assert _import(office, ledger).ok
    imported_at = timezone.make_aware(datetime(2026, 11, 27, 10, 30))
    with append_only_lifted(ApplicationEvent._meta.db_table):  # back-date the first import
        ApplicationEvent.objects.filter(kind="import").update(at=imported_at)

    result = _import(office, ledger, actor=office.admin)

    assert not result.ok and result.imported == 0
    [error] = result.errors
    assert (error.row, error.column) == (None, "")
    assert error.message == "该文件已于 2026-11-27 由 王承办 导入本机关（20 件），不能重复导入"
    assert Application.objects.count() == 20
    assert ApplicationEvent.objects.count() == 20


def test_the_same_file_is_also_refused_by_a_dry_run_and_by_a_check(office, ledger):
    assert _import(office, ledger).ok

    dry = _import(office, ledger, dry_run=True)
    checked = ledger_check(agency=office.agency, content=ledger, filename="台账.xlsx")

    for result in (dry, checked):
        assert [e.message for e in result.errors] == [
            f"该文件已于 {timezone.localdate()} 由 clerk 导入本机关（20 件），不能重复导入"
        ]
    assert Application.objects.count() == 20


def test_an_import_from_the_command_line_is_named_as_such(office, ledger):
    assert ledger_import(agency=office.agency, actor=None, content=ledger, filename="台账.xlsx").ok
    [error] = _import(office, ledger).errors
    assert "通过命令行导入本机关（20 件）" in error.message


def test_a_dry_run_leaves_no_trace_so_the_file_can_then_be_imported(office, ledger):
    assert _import(office, ledger, dry_run=True).ok
    assert _import(office, ledger).imported == 20


def test_a_file_with_errors_leaves_no_trace_either(office):
    rows = [person_row(), person_row(联系电话="")]
    assert not _import(office, xlsx_file(rows)).ok
    assert not ApplicationEvent.objects.exists()


def test_the_same_file_may_be_imported_into_another_agency(office, ledger):
    assert _import(office, ledger).ok
    result = _import(office, ledger, agency=office.other_agency, actor=office.outsider)

    assert result.ok and result.imported == 20
    assert Application.objects.filter(agency=office.other_agency).count() == 20
    # And it is now refused there too, with that agency's own count.
    [error] = _import(office, ledger, agency=office.other_agency, actor=office.outsider).errors
    assert "由 outsider 导入本机关（20 件）" in error.message


def test_the_same_submission_again_gets_the_first_result_and_imports_nothing(office, ledger):
    first = _import(office, ledger, submission_key="key-1")
    again = _import(office, ledger, submission_key="key-1")

    assert again.ok and again.repeated and not first.repeated
    assert [a.pk for a in again.applications] == [a.pk for a in first.applications]
    assert (again.rows, again.open, again.closed) == (20, 6, 14)
    assert Application.objects.count() == 20
    events = ApplicationEvent.objects.filter(kind="import")
    assert {e.data["submission_key"] for e in events} == {"key-1"}


def test_another_submission_of_the_same_file_is_refused(office, ledger):
    assert _import(office, ledger, submission_key="key-1").ok
    result = _import(office, ledger, submission_key="key-2")
    assert "不能重复导入" in result.errors[0].message and not result.repeated
    assert Application.objects.count() == 20


def test_the_same_submission_key_with_another_file_is_a_new_import(office, ledger):
    # The browser's back button shows the form again with its old key; another file chosen
    # there is not a repeat of the first.
    assert _import(office, ledger, submission_key="key-1").ok
    result = _import(office, xlsx_file([person_row()]), submission_key="key-1")
    assert result.ok and not result.repeated and result.imported == 1
    assert Application.objects.count() == 21


@pytest.mark.parametrize("key", [None, "key-1"])
def test_the_check_is_made_again_under_the_agencys_lock(office, monkeypatch, key):
    """Two imports of one file at once: both pass the check before the lock; the second to get
    the lock must then find the first's events."""
    # Rows without 申请编号: the ones a second import would double.
    ledger = xlsx_file([person_row(), closed(organisation_row(), "予以公开")])
    assert _import(office, ledger, submission_key=key).ok
    real = service.earlier_import
    calls = []

    def before_the_other_committed_then_real(agency, digest):
        calls.append(digest)
        return None if len(calls) == 1 else real(agency, digest)

    monkeypatch.setattr(service, "earlier_import", before_the_other_committed_then_real)
    result = _import(office, ledger, submission_key=key)

    assert len(calls) == 2  # the check before reading the file, and the one under the lock
    if key:
        assert result.repeated and result.imported == 2
    else:
        assert "不能重复导入" in result.errors[0].message
    assert Application.objects.count() == 2


def test_a_row_like_a_registered_application_is_flagged_and_still_imported(office):
    registered = application_register(
        agency=office.agency,
        intake=person_intake(info_name="2025 年专利资助资金分配结果"),
        received_on=date(2026, 3, 2),
        actor=office.clerk,
    )
    rows = [
        person_row(证件号码=registered.id_number, 收到申请日期=date(2026, 3, 2)),
        person_row(证件号码=registered.id_number, 收到申请日期=date(2026, 3, 3)),
        person_row(收到申请日期=date(2026, 3, 2)),
        person_row(
            证件号码=registered.id_number,
            收到申请日期=date(2026, 3, 2),
            所需信息名称="2024 年专利资助资金分配结果",
        ),
    ]

    result = _import(office, xlsx_file(rows))

    assert result.ok and result.imported == 4
    assert list(result.warnings) == [
        f"第 2 行与已登记的申请 {registered.number} 相同（申请人、所需信息、收到日期），"
        "请确认不是重复登记"
    ]


def test_an_organisation_is_matched_by_its_credit_code_ignoring_spacing(office):
    intake = organisation_intake(info_name="专利侵权纠纷行政裁决案件目录")
    registered = application_register(
        agency=office.agency, intake=intake, received_on=date(2026, 2, 10), actor=office.clerk
    )
    row = organisation_row(
        统一社会信用代码=intake.uscc.lower(), 所需信息名称="专利侵权纠纷 行政裁决案件目录"
    )

    result = _import(office, xlsx_file([closed(row, "予以公开")]), dry_run=True)

    assert result.ok
    [warning] = result.warnings
    assert warning.startswith(f"第 2 行与已登记的申请 {registered.number} 相同")
    assert Application.objects.count() == 1  # a dry run imports nothing


def test_another_agencys_application_is_not_a_repeat(office):
    intake = person_intake()
    application_register(
        agency=office.other_agency,
        intake=intake,
        received_on=date(2026, 3, 2),
        actor=office.outsider,
    )
    result = _import(office, xlsx_file([person_row(证件号码=intake.id_number)]))
    assert result.ok and result.warnings == ()


def test_a_copy_of_an_imported_file_in_another_format_warns_on_every_row(office):
    rows = [person_row(), organisation_row()]
    assert _import(office, xlsx_file(rows)).ok

    result = ledger_check(
        agency=office.agency, content=csv_text(rows).encode("utf-8"), filename="台账.csv"
    )

    assert result.ok  # not the same bytes: not refused, but every row flagged
    assert len(result.warnings) == 2
    for row, warning in zip((2, 3), result.warnings, strict=True):
        assert warning.startswith(f"第 {row} 行与已登记的申请 ")


def test_the_repeat_check_is_one_query_whatever_the_number_of_rows(office):
    def queries(rows) -> int:
        content = csv_text(rows).encode("utf-8")
        with CaptureQueriesContext(connection) as captured:
            ledger_check(agency=office.agency, content=content, filename="t.csv")
        return len(captured)

    assert queries([person_row() for _ in range(40)]) == queries([person_row()])
