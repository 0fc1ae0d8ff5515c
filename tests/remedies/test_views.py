"""The register's pages and table 四's, GET and POST, as the clerk uses them."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.remedies.models import Case, EventKind
from tests.applications.factories import Office
from tests.remedies.factories import closed_application, decided_case, registered_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(office: Office) -> Client:
    client = Client()
    client.force_login(office.clerk)
    return client


def url(name: str, office: Office, *args) -> str:
    return reverse(f"remedies:{name}", args=[office.agency.code, *args])


FORM = {
    "stream": "review",
    "number": "黑政复决字〔2025〕第8号",
    "filed_on": "2025-05-06",
    "body": "黑龙江省人民政府",
    "challenged": "对申请的答复",
}


def test_the_list_filters_by_stream_status_and_year(office: Office, clerk: Client) -> None:
    open_review = registered_case(office, number="R-1")
    decided_direct = decided_case(office, stream="direct", number="D-1")
    old = registered_case(office, number="R-0", filed_on=date(2023, 2, 1))
    registered_case(office, number="X-1", filed_on=date(2024, 1, 1))

    def shown(**query) -> set[str]:
        page = clerk.get(url("list", office), query)
        assert page.status_code == 200
        return {c.number for c in page.context["page"].object_list}

    assert shown() == {"R-1", "D-1", "R-0", "X-1"}
    assert shown(stream="direct") == {decided_direct.number}
    assert shown(status="open", year=2025) == {open_review.number}
    assert shown(status="decided") == {"D-1"}
    assert shown(year=2023) == {old.number}
    page = clerk.get(url("list", office))
    assert 'id="new-case"' in page.text and 'data-link="table4"' in page.text


def test_registering_through_the_page(office: Office, clerk: Client) -> None:
    app = closed_application(office.agency)
    page = clerk.get(url("new", office), {"application": app.number})
    assert page.context["form"]["application"].value() == app.number
    response = clerk.post(url("new", office), {**FORM, "application": app.number})
    case = Case.objects.get()
    assert response["Location"] == url("detail", office, case.pk)
    assert (case.application, case.created_by) == (app, office.clerk)
    detail = clerk.get(response["Location"])
    assert reverse("applications:detail", args=[app.pk]) in detail.text
    assert str(EventKind.REGISTERED.label) in detail.text


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"body": ""}, "body", "请填写复议机关/审理法院"),
        ({"filed_on": "2025-13-01"}, "filed_on", "立案日期不是有效日期"),
        ({"application": "2099-99999"}, "application", "本机关没有编号为“2099-99999”的申请"),
    ],
)
def test_a_refused_registration_names_the_field(office, clerk, changes, field, words) -> None:
    response = clerk.post(url("new", office), {**FORM, **changes})
    assert response.status_code == 200
    assert any(words in e for e in response.context["form"].errors[field])
    assert words in response.text
    assert not Case.objects.exists()


def test_the_service_refusal_lands_on_its_field(office: Office, clerk: Client) -> None:
    theirs = closed_application(office.other_agency)
    registered_case(office, number=FORM["number"])
    response = clerk.post(url("new", office), FORM)
    assert "已登记在本机关的另一案件上" in response.context["form"].errors["number"][0]
    # Another agency's application number is not found in this agency at all.
    response = clerk.post(url("new", office), {**FORM, "number": "", "application": theirs.number})
    assert "application" in response.context["form"].errors


def test_editing_through_the_page_shows_in_the_history(office: Office, clerk: Client) -> None:
    case = registered_case(office)
    page = clerk.get(url("edit", office, case.pk))
    assert page.context["form"]["body"].value() == "黑龙江省人民政府"
    response = clerk.post(url("edit", office, case.pk), {**FORM, "body": "国家知识产权局"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.body == "国家知识产权局"
    detail = clerk.get(url("detail", office, case.pk))
    assert "黑龙江省人民政府 → 国家知识产权局" in detail.text


def test_deciding_and_correcting_through_the_pages(office: Office, clerk: Client) -> None:
    case = registered_case(office)
    response = clerk.post(
        url("decide", office, case.pk), {"decided_on": "2025-05-01", "result": "upheld"}
    )
    assert response.status_code == 200
    assert "审结日期不能早于立案日期" in response.context["form"].errors["decided_on"][0]
    response = clerk.post(
        url("decide", office, case.pk), {"decided_on": "2025-08-01", "result": "upheld"}
    )
    assert response["Location"] == url("detail", office, case.pk)
    case.refresh_from_db()
    assert (case.decided_on, case.result) == (date(2025, 8, 1), "upheld")
    assert "该案件已审结" in clerk.get(url("decide", office, case.pk)).text
    detail = clerk.get(url("detail", office, case.pk))
    assert 'id="reopen"' in detail.text and 'id="decide"' not in detail.text
    response = clerk.post(url("reopen", office, case.pk), {"reason": ""})
    assert response.status_code == 200
    assert "请填写更正原因" in response.text
    response = clerk.post(url("reopen", office, case.pk), {"reason": "结果登记错误"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.is_open
    detail = clerk.get(url("detail", office, case.pk))
    assert "结果登记错误" in detail.text and 'id="decide"' in detail.text


def test_reopening_an_open_case_says_why_not(office: Office, clerk: Client) -> None:
    case = registered_case(office)
    response = clerk.post(url("reopen", office, case.pk), {"reason": "错"}, follow=True)
    assert "不能更正审结登记" in response.text


def test_another_agencys_case_is_not_found_under_this_agency(office: Office, clerk: Client) -> None:
    case = registered_case(office)
    other = reverse("remedies:detail", args=[office.other_agency.code, case.pk])
    assert clerk.get(other).status_code == 404


def upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8-sig"), content_type="text/csv")


def test_importing_through_the_page(office: Office, clerk: Client) -> None:
    header = "类别,立案日期,复议机关/审理法院,复议/诉讼事项,审结日期,结果\n"
    bad = (
        header + "行政复议,2025-03-02,某机关,答复,,\n行政复议,2025-03-02,某机关,答复,2025-04-01,\n"
    )
    response = clerk.post(url("import", office), {"file": upload("cases.csv", bad)})
    assert response.status_code == 422
    assert "第 3 行" in response.text and "「结果」" in response.text
    assert not Case.objects.exists()
    good = (
        header
        + "行政复议,2025-03-02,某机关,答复,,\n直接起诉,2025-03-05,某法院,答复,2025-04-01,维持\n"
    )
    response = clerk.post(url("import", office), {"file": upload("cases.csv", good)})
    assert response.status_code == 200
    assert 'id="imported"' in response.text
    assert Case.objects.count() == 2
    response = clerk.post(url("import", office), {"file": upload("cases.doc", good)})
    assert "只能导入 XLSX 或 CSV 文件" in response.text


def test_the_templates_download(office: Office, clerk: Client) -> None:
    response = clerk.get(url("template", office, "xlsx"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet["A1"].value == "类别"
    csv = clerk.get(url("template", office, "csv"))
    assert csv.content.decode("utf-8-sig").startswith("类别,案号,立案日期")
    assert clerk.get(url("template", office, "pdf")).status_code == 404


def test_table4_page_and_its_cells(office: Office, clerk: Client) -> None:
    decided_case(office, number="U-1", decided_on=date(2025, 8, 1), result="upheld")
    registered_case(office, number="P-1", stream="after_review")
    table = clerk.get(reverse("reports:table4", args=[office.agency.code, 2025]))
    assert table.status_code == 200
    assert "四、政府信息公开行政复议、行政诉讼情况" in table.text
    values = [c for row in table.context["rows"] for c in row if not c.header]
    assert len(values) == 15
    assert [c.text for c in values].count("1") == 4  # upheld + total, pending + total
    base = reverse("reports:table4_cell", args=[office.agency.code, 2025])
    cell = clerk.get(base, {"column": "review.upheld"})
    assert cell.status_code == 200
    assert [c.number for c in cell.context["cases"]] == ["U-1"]
    assert cell.context["cell_name"] == "四·行政复议·结果维持"
    pending = clerk.get(base, {"column": "after_review.pending"})
    assert [c.number for c in pending.context["cases"]] == ["P-1"]
    missing = clerk.get(base, {"column": "review.dismissed"})
    assert missing.status_code == 404 and "表四没有这个单元格" in missing.text
    assert clerk.get(base, {"column": "review.upheld", "page": "9"}).status_code == 404
    too_early = clerk.get(reverse("reports:table4", args=[office.agency.code, 2010]))
    assert too_early.status_code == 404 and "不在可统计的范围内" in too_early.text
