"""The annual report's staff pages through the test client, as the personas: the clerk opens,
writes, acknowledges and submits; the head, the leader and the reviewer take their steps; a
refused step says why; the provincial office reads everything and writes nothing; another
agency's staff find nothing; the published files download as they were frozen."""

from __future__ import annotations

import hashlib
from datetime import date
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai.applications.models import Application
from gongkai.reports.annual.gate import finding_id
from gongkai.reports.annual.services import (
    SECTION_MAX_CHARS,
    annual_report_act,
    report_gate_now,
)
from gongkai.reports.compute.report import report_compute
from gongkai.reports.engine import render
from gongkai.reports.models import AnnualReport, Origin, ReportState
from tests.reports.annual_world import (
    FILLED,
    LAST_YEAR,
    compiled,
    published_year,
    records_2024_2025,
    through_the_chain,
)

pytestmark = pytest.mark.django_db

MEDIA = {
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@pytest.fixture
def world(office):
    records_2024_2025(office)
    published_year(office, 2024)
    return office


def as_(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def detail(office, year: int = 2025) -> str:
    return reverse("annual:detail", args=[office.agency.code, year])


def step(office, key: str, year: int = 2025) -> str:
    return reverse("annual:step", args=[office.agency.code, year, key])


def narrative(sections: dict[str, str]) -> dict[str, str]:
    return {f"section_{n}": text for n, text in sections.items()}


def test_the_clerk_opens_writes_acknowledges_and_submits_through_the_pages(world):
    clerk = as_(world.clerk)
    listing = clerk.get(reverse("annual:list", args=[world.agency.code]))
    assert listing.status_code == 200
    assert 'data-open="2025"' in listing.text and 'data-open="2024"' not in listing.text
    response = clerk.post(reverse("annual:open", args=[world.agency.code]), {"year": "2025"})
    assert response.status_code == 302 and response["Location"] == detail(world)
    report = AnnualReport.objects.get(agency=world.agency, year=2025)
    page = clerk.get(detail(world))
    assert page.status_code == 200
    assert 'id="gate-gaps"' in page.text and 'id="narrative"' in page.text
    assert "新收政府信息公开申请4件" in page.text  # the drafted narrative, in its form
    response = clerk.post(reverse("annual:edit", args=[world.agency.code, 2025]), narrative(FILLED))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.sections == FILLED
    for warning in report_gate_now(report).warnings:
        response = clerk.post(
            reverse("annual:acknowledge", args=[world.agency.code, 2025]),
            {"finding": finding_id(warning), "reason": "已逐项核实"},
        )
        assert response.status_code == 302
    report.refresh_from_db()
    assert set(report.acknowledgements.values()) <= {"已逐项核实"}
    page = clerk.get(detail(world))
    assert 'id="step-submit"' in page.text and "检查通过" in page.text
    assert clerk.post(step(world, "submit")).status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    assert 'id="narrative"' not in clerk.get(detail(world)).text  # no longer editable


def test_the_head_the_leader_and_the_reviewer_take_their_steps_through_the_page(world):
    report = annual_report_act(report=compiled(world), actor=world.clerk, key="submit")
    for user, key, state in (
        (world.head, "head_approve", ReportState.HEAD_APPROVED),
        (world.leader, "leader_approve", ReportState.LEADER_APPROVED),
        (world.reviewer, "publish", ReportState.PUBLISHED),
    ):
        client = as_(user)
        assert f'id="step-{key}"' in client.get(detail(world)).text, key
        response = client.post(step(world, key))
        assert response.status_code == 302, (key, response.content.decode()[:500])
        report.refresh_from_db()
        assert report.state == state
    version = report.versions.get()
    assert version.published_by == world.reviewer
    page = as_(world.clerk).get(detail(world))
    assert 'id="version-1"' in page.text and version.sha256["pdf"] in page.text
    assert 'id="no-difference"' in page.text


def test_a_step_refused_says_why(world):
    report = annual_report_act(report=compiled(world), actor=world.clerk, key="submit")
    # Not the clerk's turn: 403 with the reason.
    response = as_(world.clerk).post(step(world, "head_approve"))
    assert response.status_code == 403 and "处室负责人" in response.text
    # A send-back needs a reason: the page again, the message at the field.
    response = as_(world.head).post(step(world, "send_back"))
    assert response.status_code == 422 and "请填写退回原因" in response.text
    response = as_(world.head).post(step(world, "send_back"), {"send_back-reason": "请补充"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT
    assert as_(world.clerk).post(step(world, "nonsense")).status_code == 404


def test_a_draft_with_gaps_is_refused_at_the_gate_with_the_reason(world):
    clerk = as_(world.clerk)
    clerk.post(reverse("annual:open", args=[world.agency.code]), {"year": "2025"})
    response = clerk.post(step(world, "submit"))
    assert response.status_code == 422
    assert "正文仍有待补充的内容" in response.text
    assert AnnualReport.objects.get(year=2025).state == ReportState.DRAFT


def test_a_refused_edit_shows_the_message_at_its_field(world):
    clerk = as_(world.clerk)
    clerk.post(reverse("annual:open", args=[world.agency.code]), {"year": "2025"})
    too_long = {**FILLED, "五": "问" * (SECTION_MAX_CHARS + 1)}
    response = clerk.post(
        reverse("annual:edit", args=[world.agency.code, 2025]), narrative(too_long)
    )
    assert response.status_code == 422
    assert 'href="#field-section_五"' in response.text and "超过" in response.text


def test_an_acknowledgement_of_a_warning_gone_is_refused_with_the_reason(world):
    compiled(world)
    response = as_(world.clerk).post(
        reverse("annual:acknowledge", args=[world.agency.code, 2025]),
        {"finding": "S1|nothing|1|2", "reason": "已核实"},
    )
    assert response.status_code == 422 and "这条检查提示已不存在" in response.text


def test_the_provincial_office_reads_every_page_and_every_write_is_refused(world):
    report = through_the_chain(world, compiled(world))
    provincial = as_(world.provincial)
    code = world.agency.code
    for url in (
        reverse("annual:list", args=[code]),
        detail(world),
        detail(world, 2024),
        reverse("annual:file", args=[code, 2025, 1, "pdf"]),
    ):
        assert provincial.get(url).status_code == 200, url
    page = provincial.get(detail(world)).text
    assert 'id="read-only"' in page and 'id="step-' not in page
    writes = [
        (reverse("annual:open", args=[code]), {"year": "2023"}),
        (reverse("annual:import", args=[code]), {}),
        (reverse("annual:edit", args=[code, 2025]), narrative(FILLED)),
        (reverse("annual:acknowledge", args=[code, 2025]), {"finding": "x", "reason": "y"}),
        (step(world, "correct"), {"correct-reason": "更正"}),
    ]
    for url, data in writes:
        assert provincial.post(url, data).status_code == 403, url
    report.refresh_from_db()
    assert report.state == ReportState.PUBLISHED
    assert not AnnualReport.objects.filter(year=2023).exists()


def test_another_agency_s_staff_find_nothing_and_anonymous_visitors_log_in(world):
    through_the_chain(world, compiled(world))
    code = world.agency.code
    gets = [
        reverse("annual:list", args=[code]),
        detail(world),
        reverse("annual:file", args=[code, 2025, 1, "html"]),
    ]
    posts = [
        reverse("annual:open", args=[code]),
        reverse("annual:import", args=[code]),
        reverse("annual:edit", args=[code, 2025]),
        reverse("annual:acknowledge", args=[code, 2025]),
        step(world, "correct"),
    ]
    outsider = as_(world.outsider)
    for url in gets:
        assert outsider.get(url).status_code == 404, url
        assert Client().get(url)["Location"].startswith(reverse("login")), url
    for url in posts:
        assert outsider.post(url, {"year": "2023"}).status_code == 404, url
        assert outsider.get(url).status_code == 405, url  # POST only, before the agency
        assert Client().post(url)["Location"].startswith(reverse("login")), url


def test_the_published_files_download_as_they_were_frozen(world):
    version = through_the_chain(world, compiled(world)).versions.get()
    clerk = as_(world.clerk)
    for fmt, media_type in MEDIA.items():
        response = clerk.get(reverse("annual:file", args=[world.agency.code, 2025, 1, fmt]))
        assert response.status_code == 200, fmt
        assert response["Content-Type"] == media_type
        assert bytes(response.content) == version.file(fmt)
        assert hashlib.sha256(response.content).hexdigest() == version.sha256[fmt]
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment;") and "filename*=UTF-8''" in disposition
        name = unquote(disposition.split("filename*=UTF-8''", 1)[1])
        assert name == f"黑龙江省知识产权局2025年政府信息公开工作年度报告（第1版）.{fmt}"
    for missing in ("source", "xlsx"):
        url = reverse("annual:file", args=[world.agency.code, 2025, 1, missing])
        assert clerk.get(url).status_code == 404, missing
    assert (
        clerk.get(reverse("annual:file", args=[world.agency.code, 2025, 2, "pdf"])).status_code
        == 404
    )


def test_what_would_differ_now_appears_after_a_record_changes(world):
    through_the_chain(world, compiled(world))
    clerk = as_(world.clerk)
    assert 'id="no-difference"' in clerk.get(detail(world)).text
    still_open = Application.objects.get(agency=world.agency, closed_on__isnull=True)
    still_open.closed_on, still_open.outcome, still_open.state = (
        date(2025, 12, 30),
        "result.granted",
        "closed",
    )
    still_open.save()
    page = clerk.get(detail(world)).text
    assert 'id="no-difference"' not in page
    assert "四、结转下年度" in page.split('id="differences"', 1)[1].split("</section>", 1)[0]


def test_the_clerk_imports_an_earlier_year_s_report_through_the_page(office):
    records_2024_2025(office)
    data = render(report_compute(office.agency, 2023, sections=LAST_YEAR), "txt")
    url = reverse("annual:import", args=[office.agency.code])
    clerk = as_(office.clerk)
    too_early = {"file": SimpleUploadedFile("2023.txt", data), "published_on": "2023-06-01"}
    response = clerk.post(url, too_early)
    assert response.status_code == 422
    assert 'href="#field-published_on"' in response.text and "2024 年 1 月 1 日" in response.text
    # A year whose records are on the platform is compiled and reviewed here, never imported.
    on_platform = render(report_compute(office.agency, 2024, sections=LAST_YEAR), "txt")
    response = clerk.post(
        url, {"file": SimpleUploadedFile("2024.txt", on_platform), "published_on": "2025-01-20"}
    )
    assert response.status_code == 422 and "不能导入" in response.text
    assert not AnnualReport.objects.filter(agency=office.agency, year=2024).exists()
    response = clerk.post(
        url, {"file": SimpleUploadedFile("2023.txt", data), "published_on": "2024-01-20"}
    )
    assert response.status_code == 302 and response["Location"] == detail(office, 2023)
    report = AnnualReport.objects.get(agency=office.agency, year=2023)
    assert (report.origin, report.state) == (Origin.IMPORTED, ReportState.PUBLISHED)
    source = clerk.get(reverse("annual:file", args=[office.agency.code, 2023, 1, "source"]))
    assert bytes(source.content) == data and source["Content-Type"].startswith("text/plain")
    page = clerk.get(detail(office, 2023)).text
    assert "导入的已公开报告" in page and 'id="differences"' not in page
    # Only the agency's clerks and admins import.
    response = as_(office.head).post(
        url, {"file": SimpleUploadedFile("2022.txt", data), "published_on": "2025-01-20"}
    )
    assert response.status_code == 403 and "只有本机关的承办人可以导入往年报告" in response.text


def test_a_year_not_yet_opened_offers_the_clerk_to_open_it(world):
    page = as_(world.clerk).get(detail(world))
    assert page.status_code == 200 and 'id="not-opened"' in page.text
    assert reverse("annual:open", args=[world.agency.code]) in page.text
    page = as_(world.head).get(detail(world))
    assert (
        page.status_code == 200
        and reverse("annual:open", args=[world.agency.code]) not in page.text
    )
    assert (
        as_(world.head)
        .post(reverse("annual:open", args=[world.agency.code]), {"year": "2025"})
        .status_code
        == 403
    )


def test_a_year_outside_the_range_is_a_404_that_says_why(world):
    page = as_(world.clerk).get(detail(world, 2001))
    assert page.status_code == 404 and "不在可统计的范围内" in page.text
    response = as_(world.clerk).post(
        reverse("annual:open", args=[world.agency.code]), {"year": "2001"}
    )
    assert response.status_code == 422 and "不在可统计的范围内" in response.text


def test_the_detail_links_to_the_table_pages(world):
    compiled(world)
    page = as_(world.clerk).get(detail(world)).text
    for name in ("reports:table2", "reports:table3"):
        assert reverse(name, args=[world.agency.code, 2025]) in page, name
