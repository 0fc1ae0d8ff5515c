"""The public checker for a ZIP of reports: one row per report, the XLSX summary, the limits."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.reports import forms_batch
from gongkai.reports.engine import render
from tests.test_cli_batch import declared_bomb, variant

URL = "/check/batch/"


def zipped(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buf.getvalue()


def upload(client, data: bytes, name: str = "reports.zip"):
    return client.post(URL, {"archive": SimpleUploadedFile(name, data)})


@pytest.fixture(scope="module")
def reports_zip(seed_report) -> bytes:
    return zipped(
        {
            "甲局.txt": render(variant(seed_report, 1), "txt"),
            "乙局/2020.html": render(variant(seed_report, 2, error=True), "html"),
            "丙局.docx": render(variant(seed_report, 3), "docx"),
            "empty.txt": b"",
            "会议纪要.txt": "会议纪要\n今天开会。\n".encode(),
        }
    )


def test_the_batch_checker_has_its_address_and_offers_an_archive_upload(client, db):
    assert reverse("reports:check_batch") == URL
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'type="file"' in html and "年度报告压缩包（ZIP）" in html
    assert 'href="/check/"' in html  # back to the one-report checker


def test_a_zip_of_reports_gets_one_row_per_report_and_an_xlsx_summary(client, db, reports_zip):
    page = upload(client, reports_zip)
    assert page.status_code == 200
    html = page.content.decode()
    assert "已检查 5 份文件" in html
    for name in ("甲局.txt", "乙局/2020.html", "丙局.docx", "empty.txt", "会议纪要.txt"):
        assert f"<td>{name}</td>" in html
    assert "测试市第2局" in html and "R1 三·" in html
    assert "文件为空" in html and "未找到全国统一格式的年度报告表格" in html
    link = html.split('class="download" href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    download = client.get(link)
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in download["Content-Disposition"]
    book = load_workbook(io.BytesIO(download.content), read_only=True)
    rows = list(book["报告"].iter_rows(values_only=True))
    assert len(rows) == 6
    by_file = {row[0]: row for row in rows[1:]}
    assert by_file["乙局/2020.html"][5] == "有错误"
    assert by_file["empty.txt"][5] == "无法读取" and by_file["empty.txt"][9] == "文件为空"
    assert len(list(book["单元格"].iter_rows())) > 3 * 100


def test_a_zip_bomb_is_refused_before_inflating_with_the_limit(client, db):
    # 150 MB of zeros in a few hundred KB: over the 100 MB the page unpacks.
    bomb = zipped({"bomb.txt": b"\0" * (150 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024
    page = upload(client, bomb)
    assert page.status_code == 413
    html = page.content.decode()
    assert "压缩包解压后过大：共 150.0 MB，上限为 100.0 MB" in html
    assert "已检查" not in html


def test_an_archive_declaring_gigabytes_is_refused_without_a_500(client, db):
    page = upload(client, declared_bomb(3 * 1024**3))
    assert page.status_code == 413
    assert "压缩包解压后过大：共 3.0 GB" in page.content.decode()


def test_a_member_that_inflates_past_its_declared_size_is_a_row_with_its_reason(client, db):
    page = upload(client, declared_bomb(100))  # declares 100 bytes, holds 1,000
    assert page.status_code == 200
    assert "压缩包内的文件已损坏" in page.content.decode()


def test_too_many_members_are_refused_with_the_count_and_the_limit(client, db):
    archive = zipped({f"{n}.txt": b"x" for n in range(forms_batch.MAX_MEMBERS + 1)})
    page = upload(client, archive)
    assert page.status_code == 413
    limit = forms_batch.MAX_MEMBERS
    expected = f"压缩包内文件过多：共 {limit + 1} 个，上限为 {limit} 个"
    assert expected in page.content.decode()


def test_an_upload_over_the_size_limit_is_refused_with_it(client, db, settings, reports_zip):
    settings.GONGKAI_UPLOAD_MAX_BYTES = 1024
    page = upload(client, reports_zip)
    assert page.status_code == 413
    assert "压缩包过大" in page.content.decode() and "上限为 1.0 KB" in page.content.decode()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("reports.zip", b"this is not a zip", "不是有效的 ZIP 压缩包"),
        ("report.txt", b"text", "请上传 .zip 压缩包"),
        ("empty.zip", zipped({}), "压缩包中没有文件"),
    ],
)
def test_what_is_not_an_archive_of_reports_is_refused_with_a_reason(
    client, db, name, data, message
):
    page = upload(client, data, name)
    assert page.status_code == 400
    assert message in page.content.decode()


def test_a_summary_that_expired_is_said_so(client, db):
    response = client.get(URL, {"summary": "no-such-token"})
    assert response.status_code == 404
    assert "汇总已过期或不存在" in response.content.decode()


def test_one_address_has_a_bounded_number_of_archives_checked_an_hour(
    client, db, monkeypatch, seed_report
):
    from gongkai.core.throttle import Throttle
    from gongkai.reports import views_batch

    monkeypatch.setattr(views_batch, "ARCHIVE_THROTTLE", Throttle("check-batch", 2, 3600))
    archive = zipped({"甲局.txt": render(variant(seed_report, 1), "txt")})
    assert [upload(client, archive).status_code for _ in range(2)] == [200, 200]
    refused = upload(client, archive)
    assert refused.status_code == 429
    assert "请一小时后再试" in refused.content.decode()
    other = client.post(
        URL, {"archive": SimpleUploadedFile("r.zip", archive)}, REMOTE_ADDR="10.9.8.7"
    )
    assert other.status_code == 200  # another address is not held back


def test_reports_not_started_within_the_time_budget_are_rows_saying_so(
    client, db, monkeypatch, reports_zip
):
    from gongkai.reports import views_batch

    monkeypatch.setattr(views_batch, "CHECKING_SECONDS", 0)
    page = upload(client, reports_zip)
    assert page.status_code == 200
    html = page.content.decode()
    assert "已检查 5 份文件" in html
    assert html.count("本次上传的检查时间已用完（0 秒）") == 5
