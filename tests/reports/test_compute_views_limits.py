"""Staff pages of table 三 within their limits: the report-year range, a cell's list in pages."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape
from urllib.parse import parse_qsl

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.applications.models import Application
from gongkai.reports.drilldown import PER_PAGE
from tests.applications.factories import Office, make_office
from tests.reports.records import Record, create_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def office() -> Office:
    return make_office()


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page_url(office: Office, page: str, year: int) -> str:
    if page == "table":
        return reverse("reports:table3", args=[office.agency.code, year])
    base = reverse("reports:table3_cell", args=[office.agency.code, year])
    return f"{base}?row=new&column=total"


# -- the report years ------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["table", "cell"])
@pytest.mark.parametrize("year", [10000, 2018])
def test_a_year_outside_the_range_is_404_naming_the_range(office, page, year) -> None:
    response = client_for(office.clerk).get(page_url(office, page, year))
    assert response.status_code == 404
    html = response.content.decode()
    last = timezone.localdate().year + 1
    assert f"报告年度 {year} 不在可统计的范围内：应在 2019 至 {last} 年之间" in html
    assert f'href="{page_url(office, "table", 2019)}"' in html
    assert f'href="{page_url(office, "table", last)}"' in html


@pytest.mark.parametrize("page", ["table", "cell"])
def test_next_year_is_the_last_year_shown(office, page) -> None:
    client = client_for(office.clerk)
    next_year = timezone.localdate().year + 1
    assert client.get(page_url(office, page, next_year)).status_code == 200
    assert client.get(page_url(office, page, next_year + 1)).status_code == 404


def test_the_last_years_table_does_not_link_a_year_after_it(office) -> None:
    client = client_for(office.clerk)
    next_year = timezone.localdate().year + 1
    html = client.get(page_url(office, "table", next_year)).content.decode()
    assert f'href="{page_url(office, "table", next_year - 1)}"' in html
    assert f'href="{page_url(office, "table", next_year + 1)}"' not in html


def test_the_range_follows_the_calendar(office, monkeypatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda: date(2030, 1, 5))
    client = client_for(office.clerk)
    assert client.get(page_url(office, "table", 2031)).status_code == 200
    assert client.get(page_url(office, "table", 2032)).status_code == 404


@pytest.mark.parametrize("page", ["table", "cell"])
def test_an_out_of_range_year_tells_an_outsider_nothing_about_the_agency(office, page) -> None:
    response = client_for(office.outsider).get(page_url(office, page, 10000))
    assert response.status_code == 404
    html = response.content.decode()
    assert office.agency.name not in html and "报告年度" not in html


# -- a cell's applications in pages (keyset pages: drilldown.py) -------------------------------

CELL = {"row": "new", "column": "natural_person"}


@pytest.fixture
def crowded(office: Office) -> list[int]:
    """250 applications in 2025's 新收 × 自然人 cell, one elsewhere; their pks in list order."""
    create_all(
        office.agency,
        [Record(date(2025, 1, 1) + timedelta(days=i % 300)) for i in range(250)],
    )
    create_all(office.agency, [Record(date(2025, 3, 1), kind=("organisation", "business"))])
    cell = Application.objects.filter(agency=office.agency, report_column="natural_person")
    return list(cell.order_by("received_on", "pk").values_list("pk", flat=True))


def cell_page(office: Office, **params: str):
    base = reverse("reports:table3_cell", args=[office.agency.code, 2025])
    return client_for(office.clerk).get(base, {**CELL, **params})


def _rows(html: str) -> int:
    tbody = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return tbody.count("<tr>")


def _page_hrefs(html: str) -> dict[str, dict[str, str]]:
    """link label → the query of its link, for every link in the page navigation."""
    if '<nav class="pages"' not in html:
        return {}
    nav = html.split('<nav class="pages"', 1)[1].split("</nav>", 1)[0]
    links = {}
    for query, label in re.findall(r'href="[^"?]*\?([^"]*)">([^<]*)</a>', nav):
        links[label] = dict(parse_qsl(unescape(query)))
    return links


def test_the_first_page_shows_100_applications_and_the_cells_total(office, crowded) -> None:
    response = cell_page(office)
    assert response.status_code == 200
    html = response.content.decode()
    assert PER_PAGE == 100
    assert [a.pk for a in response.context["applications"]] == crowded[:100]
    assert _rows(html) == 100
    assert '<strong class="count">250</strong>' in html
    assert "每页 100 件，本页 100 件" in html
    assert set(_page_hrefs(html)) == {"下一页", "末页"}


def test_next_follows_on_from_the_last_application_of_the_page(office, crowded) -> None:
    links = _page_hrefs(cell_page(office).content.decode())
    response = cell_page(office, **links["下一页"])
    assert [a.pk for a in response.context["applications"]] == crowded[100:200]
    assert set(_page_hrefs(response.content.decode())) == {"首页", "上一页", "下一页", "末页"}


def test_the_last_page_shows_the_last_100_and_the_cells_total(office, crowded) -> None:
    response = cell_page(office, last="1")
    assert response.status_code == 200
    html = response.content.decode()
    assert [a.pk for a in response.context["applications"]] == crowded[150:]
    assert _rows(html) == 100
    assert '<strong class="count">250</strong>' in html
    assert set(_page_hrefs(html)) == {"首页", "上一页"}


def test_the_pages_forward_list_the_cell_once_each(office, crowded) -> None:
    listed, params = [], {}
    while True:
        response = cell_page(office, **params)
        listed += [a.pk for a in response.context["applications"]]
        links = _page_hrefs(response.content.decode())
        if "下一页" not in links:
            break
        params = links["下一页"]
    assert listed == crowded
    assert len(response.context["applications"]) == 50  # the last 50, reached forward


def test_the_pages_backward_list_the_cell_once_each(office, crowded) -> None:
    pages, params = [], {"last": "1"}
    while True:
        response = cell_page(office, **params)
        pages.append([a.pk for a in response.context["applications"]])
        links = _page_hrefs(response.content.decode())
        if "上一页" not in links:
            break
        params = links["上一页"]
    assert [pk for page in reversed(pages) for pk in page] == crowded
    assert [len(p) for p in pages] == [100, 100, 50]


def test_page_links_keep_the_row_and_column(office, crowded) -> None:
    links = _page_hrefs(
        cell_page(
            office, **_page_hrefs(cell_page(office).content.decode())["下一页"]
        ).content.decode()
    )
    assert set(links) == {"首页", "上一页", "下一页", "末页"}
    for params in links.values():
        assert params["row"] == CELL["row"] and params["column"] == CELL["column"]


@pytest.mark.parametrize(
    "params",
    [
        {"after": "abc"},
        {"after": "2025-02-30,5"},
        {"after": "2025-2-3,5"},
        {"after": "20250203,5"},
        {"before": "2025-02-03"},
        {"before": "2025-02-03,5,6"},
        {"after": "2025-02-03,0"},
        {"after": "2025-02-03,-1"},
        {"after": "2025-02-03,1.5"},
        {"after": "2025-02-03,99999999999999999999"},
        {"after": "2025-02-03,\x00"},
        {"after": "2025-02-03,5", "before": "2025-02-03,5"},
        {"after": "2025-02-03,5", "last": "1"},
    ],
)
def test_a_position_the_list_could_not_have_written_is_404_naming_it(
    office, crowded, params
) -> None:
    response = cell_page(office, **params)
    assert response.status_code == 404
    html = unescape(response.content.decode())
    assert "不是这个单元格列表中的位置" in html
    assert f"{next(iter(params))}=" in html


def test_a_position_past_either_end_gives_the_last_or_the_first_page(office, crowded) -> None:
    after_all = cell_page(office, after="2099-01-01,1").context["applications"]
    assert [a.pk for a in after_all] == crowded[150:]
    before_all = cell_page(office, before="2000-01-01,1").context["applications"]
    assert [a.pk for a in before_all] == crowded[:100]


def test_an_old_page_number_opens_the_first_page(office, crowded) -> None:
    response = cell_page(office, page="3")
    assert [a.pk for a in response.context["applications"]] == crowded[:100]


def test_a_cell_the_edition_does_not_have_is_404_naming_it(office) -> None:
    base = reverse("reports:table3_cell", args=[office.agency.code, 2020])
    response = client_for(office.clerk).get(base, {"row": "result.other.1", "column": "total"})
    assert response.status_code == 404
    assert "表三没有这个单元格（row=result.other.1，column=total）" in response.content.decode()


def test_a_cell_of_one_page_has_no_page_links(office, crowded) -> None:
    base = reverse("reports:table3_cell", args=[office.agency.code, 2025])
    response = client_for(office.clerk).get(base, {"row": "new", "column": "business"})
    html = response.content.decode()
    assert _rows(html) == 1 and '<strong class="count">1</strong>' in html
    assert 'class="pages"' not in html and "每页" not in html


def test_the_list_reads_only_the_columns_it_shows(office, crowded) -> None:
    row = cell_page(office).context["page"].object_list[0]
    assert row._fields == ("pk", "number", "applicant_name", "received_on", "closed_on", "outcome")


def test_the_cells_total_is_counted_once_and_carried_signed_in_the_links(office, crowded) -> None:
    links = _page_hrefs(cell_page(office).content.decode())
    assert links["下一页"]["n"].startswith("250.")
    Application.objects.filter(pk=crowded[0]).delete()  # after the list was opened
    following = cell_page(office, **links["末页"])
    assert '<strong class="count">250</strong>' in following.content.decode()
    assert '<strong class="count">249</strong>' in cell_page(office).content.decode()


@pytest.mark.parametrize("n", ["251.x", "251", "abc", "250.", ""])
def test_a_total_not_signed_for_the_cell_is_404(office, crowded, n) -> None:
    links = _page_hrefs(cell_page(office).content.decode())
    signature = links["下一页"]["n"].split(".", 1)[1]
    tampered = n.replace("x", signature)
    response = cell_page(office, **{**links["下一页"], "n": tampered})
    assert response.status_code == 404
    assert "不是这个单元格的件数" in unescape(response.content.decode())


def test_a_total_signed_for_another_cell_is_404(office, crowded) -> None:
    links = _page_hrefs(cell_page(office).content.decode())
    base = reverse("reports:table3_cell", args=[office.agency.code, 2025])
    other = client_for(office.clerk).get(base, {**links["下一页"], "column": "total"})
    assert other.status_code == 404
