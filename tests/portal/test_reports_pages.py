"""The portal's annual-report pages: the agency's published reports by year with every version
(a correction visibly dated), a year's report exactly as it was frozen, an earlier version, the
frozen files byte for byte with their SHA-256 — and nothing of a report not yet published."""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from gongkai.applications.models import Application
from gongkai.reports.annual.services import annual_report_act, annual_report_edit
from gongkai.reports.models import AnnualReport, ReportVersion
from tests.reports.annual_world import (
    compiled,
    import_year,
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


def published(office) -> AnnualReport:
    return through_the_chain(office, compiled(office))


def corrected(office, report: AnnualReport) -> AnnualReport:
    report = annual_report_act(
        report=report, actor=office.clerk, key="correct", reason="更正第六部分"
    )
    report = annual_report_edit(
        report=report, actor=office.clerk, sections={"六": "本年度未收取信息处理费。无其他事项。"}
    )
    return through_the_chain(office, report)


def frozen_article(version: ReportVersion) -> str:
    html = version.file("html").decode("utf-8")
    return html[html.index("<article") : html.rindex("</article>") + len("</article>")]


def year_url(office, year: int = 2025) -> str:
    return reverse("portal:report", args=[office.agency.code, year])


def test_the_list_shows_each_year_latest_version_first_with_the_correction_dated(client, world):
    corrected(world, published(world))
    today = f"{timezone.localdate():%Y-%m-%d}"
    page = client.get(reverse("portal:reports", args=[world.agency.code]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "尚未在本平台发布" not in html
    assert html.index('id="report-2025"') < html.index('id="report-2024"')  # the latest year first
    entry = html.split('id="report-2025"', 1)[1].split('id="report-2024"', 1)[0]
    assert f"第2版（更正于 {today}）" in entry and f"第1版（{today} 公开）" in entry
    assert entry.index("第2版") < entry.index("第1版")
    assert f'href="{year_url(world)}"' in entry
    assert reverse("portal:report_version", args=[world.agency.code, 2025, 1]) in entry
    assert "第1版（2025-01-20 公开）" in html  # the imported 2024 report, on its own date


def test_a_year_shows_the_latest_version_exactly_as_frozen_and_links_every_version(client, world):
    report = corrected(world, published(world))
    first, second = report.versions.order_by("number")
    html = client.get(year_url(world)).content.decode()
    assert frozen_article(second) in html
    assert html.count("<h1") == 1  # the report's own title is the page's heading
    assert "无其他事项" in html and "更正说明：更正第六部分" in html
    assert reverse("portal:report_version", args=[world.agency.code, 2025, 1]) in html
    for fmt in ("html", "docx", "pdf"):
        assert second.sha256[fmt] in html, fmt
        assert reverse("portal:report_file", args=[world.agency.code, 2025, 2, fmt]) in html
    # An earlier version: its own frozen text, saying that it was corrected.
    older = client.get(reverse("portal:report_version", args=[world.agency.code, 2025, 1]))
    assert older.status_code == 200
    older_html = older.content.decode()
    assert frozen_article(first) in older_html and "无其他事项" not in older_html
    assert "已被更正" in older_html and first.sha256["pdf"] in older_html
    # The latest version's own number is the year's page.
    latest = client.get(reverse("portal:report_version", args=[world.agency.code, 2025, 2]))
    assert latest.status_code == 302 and latest["Location"] == year_url(world)
    missing = reverse("portal:report_version", args=[world.agency.code, 2025, 3])
    assert client.get(missing).status_code == 404


def test_the_page_stays_as_frozen_when_the_records_change(client, world):
    version = published(world).versions.get()
    before = client.get(year_url(world)).content.decode()
    still_open = Application.objects.get(agency=world.agency, closed_on__isnull=True)
    still_open.closed_on, still_open.outcome, still_open.state = (
        timezone.localdate().replace(year=2025, month=12, day=30),
        "result.granted",
        "closed",
    )
    still_open.save()
    after = client.get(year_url(world)).content.decode()
    assert frozen_article(version) in after
    assert re.sub(r"csrf\S+", "", before) == re.sub(r"csrf\S+", "", after)


def test_the_frozen_files_are_served_byte_for_byte(client, world):
    version = published(world).versions.get()
    for fmt, media_type in MEDIA.items():
        url = reverse("portal:report_file", args=[world.agency.code, 2025, 1, fmt])
        response = client.get(url)
        assert response.status_code == 200, fmt
        assert response["Content-Type"] == media_type
        assert bytes(response.content) == version.file(fmt)
        assert hashlib.sha256(response.content).hexdigest() == version.sha256[fmt]
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
    for fmt in ("source", "txt", "contract"):
        url = reverse("portal:report_file", args=[world.agency.code, 2025, 1, fmt])
        assert client.get(url).status_code == 404, fmt


def test_an_imported_report_offers_its_original_file(client, world):
    import_year(world, 2023)  # a year before the agency's records on the platform
    version = ReportVersion.objects.get(report__agency=world.agency, report__year=2023)
    html = client.get(year_url(world, 2023)).content.decode()
    assert frozen_article(version) in html and version.sha256["source"] in html
    url = reverse("portal:report_file", args=[world.agency.code, 2023, 1, "source"])
    assert url in html
    response = client.get(url)
    assert bytes(response.content) == version.file("source")
    assert response["Content-Type"] == version.source_media_type
    assert "filename*=UTF-8''2023.txt" in response["Content-Disposition"]


def test_a_report_not_yet_published_is_not_on_the_portal(client, office):
    records_2024_2025(office)
    report = annual_report_act(report=compiled(office), actor=office.clerk, key="submit")
    listing = client.get(reverse("portal:reports", args=[office.agency.code])).content.decode()
    assert "尚未在本平台发布政府信息公开工作年度报告" in listing
    assert year_url(office) not in listing
    for url in (
        year_url(office),
        reverse("portal:report_version", args=[office.agency.code, 2025, 1]),
        reverse("portal:report_file", args=[office.agency.code, 2025, 1, "html"]),
    ):
        assert client.get(url).status_code == 404, url
    assert report.versions.count() == 0


def test_a_correction_under_review_leaves_the_published_version_up(client, world):
    report = published(world)
    version = report.versions.get()
    annual_report_act(report=report, actor=world.clerk, key="correct", reason="更正")
    page = client.get(year_url(world))
    assert page.status_code == 200 and frozen_article(version) in page.content.decode()


def test_another_agency_s_reports_are_not_this_agency_s(client, world):
    published(world)
    assert (
        client.get(year_url(world).replace(world.agency.code, world.other_agency.code)).status_code
        == 404
    )
    assert client.get(reverse("portal:report", args=["nowhere", 2025])).status_code == 404


@override_settings(GONGKAI_PORTAL_CACHE_SECONDS=300)
def test_a_publication_shows_on_the_cached_list_at_once(client, world):
    url = reverse("portal:reports", args=[world.agency.code])
    assert year_url(world) not in client.get(url).content.decode()
    published(world)
    assert year_url(world) in client.get(url).content.decode()


def test_the_large_text_mode_applies_to_the_report_pages(client, world):
    published(world)
    client.cookies["gongkai_elder"] = "1"
    for url in (reverse("portal:reports", args=[world.agency.code]), year_url(world)):
        assert '<body class="portal elder">' in client.get(url).content.decode(), url


def test_the_sitemap_lists_the_published_reports(client, world):
    published(world)
    response = client.get(reverse("portal:sitemap_section", args=["reports"]))
    assert response.status_code == 200
    loc = "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"
    paths = {e.text.split("testserver", 1)[1] for e in ET.fromstring(response.content).iter(loc)}
    assert paths == {year_url(world, 2024), year_url(world, 2025)}
    index = client.get(reverse("portal:sitemap")).content.decode()
    assert "sitemap-reports.xml" in index
