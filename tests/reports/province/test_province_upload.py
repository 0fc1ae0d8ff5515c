"""The provincial office uploads the report of an agency below it that is not on the platform:
checked, included in the sum, marked as uploaded; a failing one shows its findings and cells."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.core.errors import DomainError
from gongkai.reports.engine import render
from gongkai.reports.models import AnnualReport, Origin
from gongkai.reports.province.compile import province_year
from gongkai.reports.province.pages import cell_index
from gongkai.reports.province.statuses import Source
from tests.reports.province.world import YEAR, below, break_r3, synthetic, upload


def _post(client, agency_code: str, data: bytes, name: str = "report.docx", day="2026-01-25"):
    return client.post(
        reverse("province:upload", args=[YEAR]),
        {
            "agency": agency_code,
            "published_on": day,
            "file": SimpleUploadedFile(name, data),
        },
    )


def test_an_upload_failing_r3_is_included_and_shows_its_failing_cell(client, office):
    agency = below(office, "hlj-transport", "黑龙江省交通运输厅")
    report = synthetic(agency.name, 4)
    failing = break_r3(report)
    client.force_login(office.provincial)
    response = _post(client, agency.code, render(report, "docx"))
    page_url = reverse("province:agency", args=[YEAR, agency.code])
    assert response.status_code == 302 and response["Location"].startswith(page_url)
    annual = AnnualReport.objects.get(agency=agency, year=YEAR)
    assert (annual.origin, annual.state) == (Origin.UPLOADED, "published")

    page = client.get(response["Location"])
    assert "检查发现 2 处错误" in page.text  # the message after the upload
    n = cell_index(report.edition)[failing]
    # The finding links to its cell; the cell carries the anchor and is marked as an error.
    assert re.search(
        rf'data-rule="R3">R3 <a href="#cell-{n}"[^>]*>三（七）总计·自然人</a>', page.text
    )
    td = re.search(rf'<td class="([^"]*)" id="cell-{n}"', page.text)
    assert td and "cell-error" in td.group(1)
    assert "省级公开办上传" in page.text

    compiled = province_year(office.province, YEAR)
    [row] = [a for a in compiled.agencies if a.code == agency.code]
    assert (row.errors, row.uploaded, row.source) == (2, True, Source.PUBLISHED)
    assert compiled.total.numbers[failing] == int(report.get(failing))
    listing = client.get(reverse("province:year", args=[YEAR])).text
    assert "2 处错误" in listing


def test_only_agencies_below_and_not_on_the_platform_are_offered(client, office):
    below(office, "hlj-drc", "黑龙江省发展和改革委员会")
    done = below(office, "hlj-env", "黑龙江省生态环境厅")
    upload(office, done, synthetic(done.name, 2), date(2026, 1, 10))  # already has 2025
    client.force_login(office.provincial)
    form = client.get(reverse("province:upload", args=[YEAR])).text
    offered = set(re.findall(r'<option value="([a-z0-9-]+)"', form))
    assert offered == {"hlj-drc"}
    # hlj-ipo is on the platform (it has staff): refused at the field, nothing written.
    response = _post(client, office.agency.code, render(synthetic("x", 2), "txt"), "r.txt")
    assert response.status_code == 200 and "agency" in response.context["form"].errors
    assert not AnnualReport.objects.filter(agency=office.agency).exists()


def test_the_service_refuses_an_upload_for_an_agency_on_the_platform(office):
    with pytest.raises(DomainError):
        upload(office, office.agency, synthetic(office.agency.name, 2), date(2026, 1, 10))
    with pytest.raises(DomainError):  # nor for the office's own agency
        upload(office, office.province, synthetic(office.province.name, 2), date(2026, 1, 10))


def test_a_file_that_is_not_a_report_is_refused_at_the_field(client, office):
    below(office, "hlj-drc", "黑龙江省发展和改革委员会")
    client.force_login(office.provincial)
    response = _post(client, "hlj-drc", b"not a report at all", "r.txt")
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not AnnualReport.objects.exists()


def test_a_platform_admin_reads_but_does_not_upload(client, office):
    root = get_user_model().objects.create_superuser("root", "root@example.gov.cn", "pw")
    client.force_login(root)
    assert client.get(reverse("province:year", args=[YEAR])).status_code == 200
    assert client.get(reverse("province:upload", args=[YEAR])).status_code == 403
