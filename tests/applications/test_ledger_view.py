"""The staff upload page: who may use it, what it shows, and that a bad file keeps nothing."""

from __future__ import annotations

import io
import re
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import include, path, reverse
from openpyxl import load_workbook

import gongkai.applications.ledger as ledger_package
from gongkai import urls as project_urls
from gongkai.applications.ledger.columns import HEADERS
from gongkai.applications.models import Application
from tests.applications.test_ledger_fixtures import person_row, twenty_rows, xlsx_file

# The project includes the ledger's URLs at the site root; until it does, this module's URLconf
# adds them to the project's (whose login page the redirect needs).
_wired = any(getattr(p, "namespace", None) == "ledger" for p in project_urls.urlpatterns)
urlpatterns = [
    *([] if _wired else [path("", include("gongkai.applications.ledger.urls"))]),
    *project_urls.urlpatterns,
]
pytestmark = pytest.mark.urls(__name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def ledger_templates(settings):
    """Find the package's templates even where the ledger app is not (yet) installed."""
    if "gongkai.applications.ledger" not in django_settings.INSTALLED_APPS:
        directory = Path(ledger_package.__file__).parent / "templates"
        settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [directory]}]


def _post(client, user, agency_code: str, content: bytes, name: str = "台账.xlsx", **extra):
    client.force_login(user)
    upload = SimpleUploadedFile(name, content, content_type=XLSX)
    return client.post(reverse("ledger:import"), {"agency": agency_code, "file": upload, **extra})


def test_the_page_asks_anonymous_users_to_log_in(client, office):
    response = client.get(reverse("ledger:import"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_clerk_is_offered_their_agency(client, office):
    client.force_login(office.clerk)
    response = client.get(reverse("ledger:import"))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'value="{office.agency.code}"' in page
    assert f'value="{office.other_agency.code}"' not in page
    assert "收到申请日期" in page and "下载空白模板" in page


@pytest.mark.parametrize("persona", ["head", "leader", "reviewer", "provincial"])
def test_staff_who_are_neither_clerk_nor_admin_are_refused(client, office, persona):
    client.force_login(getattr(office, persona))
    assert client.get(reverse("ledger:import")).status_code == 403


def test_an_outsider_cannot_import_into_another_agency(client, office):
    response = _post(client, office.outsider, office.agency.code, xlsx_file([person_row()]))
    assert response.status_code == 403
    assert Application.objects.count() == 0


def test_a_clerk_imports_a_valid_file_and_sees_the_summary(client, office):
    response = _post(client, office.clerk, office.agency.code, xlsx_file(twenty_rows()))

    assert response.status_code == 200
    page = response.content.decode()
    assert "导入 20 条申请：尚在办理 6 条，已办结 14 条" in page
    assert Application.objects.filter(agency=office.agency).count() == 20
    assert "旧台账-000" in page  # the imported applications are listed


def test_an_admin_may_import_too(client, office):
    response = _post(client, office.admin, office.agency.code, xlsx_file([person_row()]))
    assert response.status_code == 200 and Application.objects.count() == 1


def test_errors_are_listed_by_row_and_column_and_nothing_is_kept(client, office):
    rows = [person_row(), person_row(联系电话=""), person_row(获取信息的形式="光盘")]
    response = _post(client, office.clerk, office.agency.code, xlsx_file(rows))

    assert response.status_code == 422
    page = response.content.decode()
    assert "有 2 处错误，没有导入任何申请" in page
    assert "<td>第 3 行</td><td>联系电话</td><td>请填写联系电话</td>" in page
    assert "<td>第 4 行</td><td>获取信息的形式</td>" in page
    assert Application.objects.count() == 0


def test_a_dry_run_reports_what_would_be_imported_and_keeps_nothing(client, office):
    response = _post(
        client, office.clerk, office.agency.code, xlsx_file(twenty_rows()), dry_run="on"
    )
    assert response.status_code == 200
    assert "检查通过" in response.content.decode()
    assert Application.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "name", "words"),
    [
        (b"%PDF-1.7", "台账.pdf", "只能导入 XLSX 或 CSV 文件"),
        (b"PK\x03\x04broken", "台账.xlsx", "损坏"),
        (b"", "台账.csv", "台账文件是空的"),
    ],
)
def test_a_bad_file_gets_a_clear_message_and_keeps_nothing(client, office, content, name, words):
    response = _post(client, office.clerk, office.agency.code, content, name)
    assert response.status_code == 422
    assert words in response.content.decode()
    assert Application.objects.count() == 0


def test_a_file_over_the_upload_limit_is_refused(client, office, settings):
    settings.GONGKAI_UPLOAD_MAX_BYTES = 1000
    response = _post(client, office.clerk, office.agency.code, xlsx_file([person_row()]))
    assert response.status_code == 422 and "台账文件过大" in response.content.decode()


def test_the_blank_templates_download_with_the_declared_headers(client, office):
    client.force_login(office.clerk)
    response = client.get(reverse("ledger:template", args=["xlsx"]))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert tuple(c.value for c in sheet[1]) == HEADERS

    response = client.get(reverse("ledger:template", args=["csv"]))
    assert response.content.decode("utf-8-sig").strip().split(",") == list(HEADERS)
    assert client.get(reverse("ledger:template", args=["pdf"])).status_code == 404


def _key_on(page: str) -> str:
    found = re.search(r'<input type="hidden" name="submission_key" value="([^"]+)"', page)
    assert found, "the form carries no submission key"
    return found.group(1)


def test_each_showing_of_the_form_carries_a_new_submission_key(client, office):
    client.force_login(office.clerk)
    keys = {_key_on(client.get(reverse("ledger:import")).content.decode()) for _ in range(2)}
    assert len(keys) == 2
    assert all(uuid.UUID(k).version == 4 for k in keys)


def test_the_same_form_posted_twice_imports_once_and_shows_the_first_result(client, office):
    content = xlsx_file(twenty_rows())
    first = _post(client, office.clerk, office.agency.code, content, submission_key="k-1")
    again = _post(client, office.clerk, office.agency.code, content, submission_key="k-1")

    assert (first.status_code, again.status_code) == (200, 200)
    assert Application.objects.filter(agency=office.agency).count() == 20
    page = again.content.decode()
    assert "本次没有重复导入" in page
    assert "导入 20 条申请：尚在办理 6 条，已办结 14 条" in page
    assert "旧台账-000" in page
    assert "本次没有重复导入" not in first.content.decode()


def test_after_an_import_the_form_offers_a_new_key_for_the_next_file(client, office):
    response = _post(
        client, office.clerk, office.agency.code, xlsx_file([person_row()]), submission_key="k-1"
    )
    key = _key_on(response.content.decode())
    assert key != "k-1"
    assert (
        _post(
            client, office.clerk, office.agency.code, xlsx_file([person_row()]), submission_key=key
        ).status_code
        == 200
    )
    assert Application.objects.count() == 2


def test_the_same_file_in_a_new_form_is_refused_with_the_first_imports_facts(client, office):
    content = xlsx_file(twenty_rows())
    _post(client, office.clerk, office.agency.code, content, submission_key="k-1")
    response = _post(client, office.clerk, office.agency.code, content, submission_key="k-2")

    assert response.status_code == 422
    assert "由 clerk 导入本机关（20 件），不能重复导入" in response.content.decode()
    assert Application.objects.count() == 20


def test_a_row_like_a_registered_application_is_flagged_on_the_page(client, office):
    _post(client, office.clerk, office.agency.code, xlsx_file([person_row(申请编号="A-1")]))
    registered = Application.objects.get()
    row = person_row(证件号码=registered.id_number)

    response = _post(client, office.clerk, office.agency.code, xlsx_file([row]), dry_run="on")

    page = response.content.decode()
    assert "检查通过" in page
    warning = "第 2 行与已登记的申请 A-1 相同（申请人、所需信息、收到日期），请确认不是重复登记"
    assert f"<li>{warning}</li>" in page
    assert Application.objects.count() == 1
