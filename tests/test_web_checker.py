"""The public checker page: upload, findings beside the report, downloads, limits."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.reports.engine import read_report, render


def _upload(client, name: str, data: bytes):
    return client.post(reverse("reports:check"), {"file": SimpleUploadedFile(name, data)})


@pytest.fixture(scope="module")
def broken_seed(seed_report) -> bytes:
    """The seed with one wrong number: 1 application received, none handled or carried."""
    text = seed_report.read_text(encoding="utf-8")
    row = "一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0"
    assert row in text
    return text.replace(row, "一、本年新收政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t1").encode()


def test_the_checker_keeps_its_own_address_linked_from_the_home_and_offers_an_upload(client, db):
    assert reverse("reports:check") == "/check/"
    assert 'href="/check/"' in client.get("/").content.decode()
    page = client.get("/check/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'type="file"' in html and "年度报告" in html


def test_a_clean_report_is_shown_in_the_official_layout_with_no_findings(client, seed_report):
    page = _upload(client, "seed.txt", seed_report.read_bytes())
    html = page.content.decode()
    assert page.status_code == 200
    assert "未发现问题" in html
    assert "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" in html
    assert not re.search(r'class="[^"]*cell-error', html)


def test_failing_cells_are_highlighted_and_the_findings_listed_beside_them(client, broken_seed):
    html = _upload(client, "broken.txt", broken_seed).content.decode()
    assert "发现" in html and "处错误" in html
    assert "R1 三·自然人: 第一项加第二项之和为 1，第三项（七）总计加第四项之和为 0" in html
    marked = re.findall(r'<td[^>]*class="[^"]*cell-error[^"]*"[^>]*>', html)
    assert marked, "no cell marked as failing"
    assert any("本年新收" in cell for cell in marked)


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
def test_published_formats_are_read(client, seed_report, fmt):
    seed = read_report(seed_report.read_bytes()).report
    page = _upload(client, f"report.{fmt}", render(seed, fmt))
    assert page.status_code == 200
    assert "未发现问题" in page.content.decode()


@pytest.mark.parametrize(
    ("fmt", "magic"), [("docx", b"PK\x03\x04"), ("xlsx", b"PK\x03\x04"), ("pdf", b"%PDF-")]
)
def test_the_checked_report_downloads_as_docx_pdf_and_xlsx(client, broken_seed, fmt, magic):
    html = _upload(client, "broken.txt", broken_seed).content.decode()
    posted = re.search(r'name="report" value="([^"]*)"', html).group(1)
    import html as html_lib

    response = client.post(
        reverse("reports:download", args=[fmt]), {"report": html_lib.unescape(posted)}
    )
    assert response.status_code == 200
    assert response.content.startswith(magic)
    assert "attachment" in response["Content-Disposition"]
    again = read_report(response.content).report  # what was downloaded is the same report
    assert again == read_report(broken_seed).report


def test_an_unreadable_file_gets_the_readers_reason(client):
    page = _upload(client, "notes.txt", "会议纪要\n今天开会。\n".encode())
    assert page.status_code == 422
    assert "无法读取该文件：未找到全国统一格式的年度报告表格" in page.content.decode()


def test_a_file_of_another_type_is_refused_naming_what_is_accepted(client):
    html = _upload(client, "virus.exe", b"MZ\x00\x00").content.decode()
    assert "不支持“.exe”文件" in html and ".docx" in html


def test_a_file_over_the_limit_is_refused_with_the_limit(client, settings, seed_report):
    settings.GONGKAI_UPLOAD_MAX_BYTES = 1024
    html = _upload(client, "seed.txt", seed_report.read_bytes()).content.decode()
    assert re.search(r"文件过大（5\.\d KB），上限为 1\.0 KB", html)
    assert "未发现问题" not in html


def test_a_download_of_a_tampered_report_is_refused(client):
    response = client.post(reverse("reports:download", args=["pdf"]), {"report": "{}"})
    assert response.status_code == 400
    assert "报告数据无效" in response.content.decode()
