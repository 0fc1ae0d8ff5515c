"""Whatever file staff upload — random bytes under any name, a CSV or an XLSX with the right
headers and random cells, a ZIP of anything — every import answers with its page and a message,
or imports exactly what the file holds; nothing of a refused file is kept, and no cell text comes
back unescaped.

Covered: the case register's import, the applications ledger's import, the annual report's import
of an earlier year, the provincial office's upload for an agency, the ZIP batch checker and the
platform admin's import of a year's holiday schedule.
"""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from gongkai.applications.ledger.columns import HEADERS as LEDGER_HEADERS
from gongkai.applications.models import Application
from gongkai.remedies.columns import HEADERS as CASE_HEADERS
from gongkai.remedies.models import Case
from gongkai.reports.models import AnnualReport
from gongkai.workdays.models import CalendarDay, CalendarYear
from tests.applications.factories import Office, make_office
from tests.fuzz_helpers import (
    DATES,
    FILE_BYTES,
    FILE_NAMES,
    FUZZ,
    NUMBERS,
    OMIT,
    TEXT,
    UPLOADS,
    XSS,
    ZIPS,
    check_answer,
    rolled_back,
    text_of,
)
from tests.reports.province.world import YEAR, below


@pytest.fixture
def office(db) -> Office:
    return make_office()


def _as(client, user):
    client.force_login(user)
    return client


CELL = st.one_of(TEXT, DATES, NUMBERS, st.sampled_from(["行政复议", "维持", "2025-05-06", ""]))


@st.composite
def table_file(draw, headers: tuple[str, ...]) -> SimpleUploadedFile:
    """A CSV (UTF-8, GBK or with a BOM) or an XLSX with the headers (some dropped or
    repeated) and a few rows of random cells."""
    shown = draw(
        st.lists(st.sampled_from(headers), min_size=1, max_size=len(headers) + 2).map(
            lambda picked: list(dict.fromkeys(picked)) if len(picked) % 3 else picked
        )
    )
    rows = draw(st.lists(st.lists(CELL, min_size=0, max_size=len(shown) + 1), max_size=4))
    if draw(st.booleans(), label="xlsx"):
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(shown)
        for row in rows:
            # openpyxl refuses control characters in a cell: an office's file cannot hold them.
            sheet.append(["".join(c for c in v if c >= " " or c in "\t\n") for v in row])
        out = io.BytesIO()
        workbook.save(out)
        return SimpleUploadedFile("导入.xlsx", out.getvalue())
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(shown)
    writer.writerows(rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gbk", "utf-16"]))
    return SimpleUploadedFile("导入.csv", text.getvalue().encode(encoding, "replace"))


def _no_raw_cell(response, cells: str) -> None:
    if XSS in cells:
        assert XSS not in text_of(response)


def _cells_of(upload: SimpleUploadedFile) -> str:
    upload.seek(0)
    content = upload.read().decode("utf-8", "replace")
    upload.seek(0)
    return content


@FUZZ
@given(upload=st.one_of(table_file(CASE_HEADERS), UPLOADS, st.just(OMIT)))
def test_the_case_register_import_answers_any_file_with_its_page(client, office, upload):
    _as(client, office.clerk)
    sent = {} if upload is OMIT else {"file": upload}
    with rolled_back():
        count = Case.objects.count()
        response = client.post(reverse("remedies:import", args=[office.agency.code]), sent)
        assert response.status_code in (200, 422)
        if response.status_code == 422:
            assert Case.objects.count() == count  # nothing of a refused file is kept
            result = response.context.get("result")
            form = response.context["form"]
            assert form.errors or (result is not None and not result.ok)
            check_answer(response, sent, statuses=(422,), page_without_error=True)
        if upload is not OMIT and XSS in _cells_of(upload):
            assert XSS not in text_of(response)


@FUZZ
@given(
    upload=st.one_of(table_file(LEDGER_HEADERS), UPLOADS, st.just(OMIT)),
    dry_run=st.sampled_from([OMIT, "on", "\x00"]),
)
def test_the_ledger_import_answers_any_file_with_its_page(client, office, upload, dry_run):
    _as(client, office.clerk)
    sent = {"agency": office.agency.code}
    if upload is not OMIT:
        sent["file"] = upload
    if dry_run is not OMIT:
        sent["dry_run"] = dry_run
    with rolled_back():
        count = Application.objects.count()
        response = client.post(reverse("ledger:import"), sent)
        assert response.status_code in (200, 422)
        if response.status_code == 422:
            assert Application.objects.count() == count
            check_answer(response, sent, statuses=(422,), page_without_error=True)
        if upload is not OMIT and XSS in _cells_of(upload):
            assert XSS not in text_of(response)


@FUZZ
@given(
    upload=st.one_of(UPLOADS, st.just(OMIT)),
    published_on=st.one_of(st.just(OMIT), DATES),
    year=st.one_of(st.just(OMIT), NUMBERS),
)
def test_the_annual_report_import_answers_any_file_and_dates_with_its_page(
    client, office, upload, published_on, year
):
    _as(client, office.clerk)
    sent = {k: v for k, v in (("file", upload), ("published_on", published_on), ("year", year))}
    sent = {k: v for k, v in sent.items() if v is not OMIT}
    with rolled_back():
        count = AnnualReport.objects.count()
        response = client.post(reverse("annual:import", args=[office.agency.code]), sent)
        if not check_answer(response, sent, statuses=(302, 422)):
            assert AnnualReport.objects.count() == count


@FUZZ
@given(
    data=FILE_BYTES,
    name=FILE_NAMES,
    agency=st.sampled_from(["hlj-transport", "hlj-ipo", "nowhere", "", XSS]),
    published_on=st.one_of(st.just("2026-01-25"), DATES),
)
def test_the_provincial_upload_answers_any_file_with_its_page(
    client, office, data, name, agency, published_on
):
    below(office, "hlj-transport", "黑龙江省交通运输厅") if not _exists("hlj-transport") else None
    _as(client, office.provincial)
    sent = {"agency": agency, "published_on": published_on, "file": SimpleUploadedFile(name, data)}
    with rolled_back():
        count = AnnualReport.objects.count()
        response = client.post(reverse("province:upload", args=[YEAR]), sent)
        if not check_answer(response, sent):
            assert AnnualReport.objects.count() == count


def _exists(code: str) -> bool:
    from gongkai.agencies.models import Agency

    return Agency.objects.filter(code=code).exists()


@FUZZ
@given(archive=st.one_of(ZIPS, FILE_BYTES), name=st.sampled_from(["a.zip", "a.ZIP", "a.txt"]))
def test_the_batch_checker_answers_any_archive_with_its_page(client, db, archive, name):
    sent = {"archive": SimpleUploadedFile(name, archive)}
    response = client.post(reverse("reports:check_batch"), sent)
    assert response.status_code in (200, 400, 413)
    if response.status_code == 400:
        check_answer(response, sent, statuses=(400,))


@pytest.mark.parametrize("page", ["remedies:import", "ledger:import", "reports:check_batch"])
def test_an_import_posted_without_a_file_says_to_choose_one(client, office, page):
    _as(client, office.clerk)
    args = [office.agency.code] if page == "remedies:import" else []
    response = client.post(reverse(page, args=args), {})
    assert response.status_code in (400, 422)
    assert response.context["form"].errors  # e.g. 请选择台账文件 / 请选择要检查的压缩包


@FUZZ
@given(
    year=st.one_of(st.just("2031"), NUMBERS),
    lines=st.one_of(
        TEXT,
        st.lists(
            st.tuples(DATES, st.sampled_from(["休", "班", "x", ""]), TEXT).map(" ".join),
            max_size=5,
        ).map("\n".join),
    ),
    source=st.one_of(st.just("国务院办公厅通知"), TEXT),
    replace=st.sampled_from([OMIT, "on"]),
)
def test_the_holiday_schedule_import_answers_any_text_with_its_page(
    client, db, year, lines, source, replace
):
    root = get_user_model().objects.filter(username="root").first()
    root = root or get_user_model().objects.create_superuser("root", "root@example.gov.cn", "pw")
    client.force_login(root)
    sent = {"year": year, "lines": lines, "source": source}
    if replace is not OMIT:
        sent["replace"] = replace
    with rolled_back():
        counts = (CalendarYear.objects.count(), CalendarDay.objects.count())
        response = client.post(reverse("admin:workdays_calendaryear_import"), sent)
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            assert (CalendarYear.objects.count(), CalendarDay.objects.count()) == counts
            html = text_of(response)
            assert response.context["form"].errors or response.context["import_errors"]
            if XSS in lines + source:
                assert XSS not in html
    assert date
