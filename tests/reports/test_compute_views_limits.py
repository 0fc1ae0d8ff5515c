"""Staff pages of table 三 within their limits: the report-year range, a cell's list in pages."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape

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


# -- a cell's applications in pages ----------------------------------------------------------

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
    return list(cell.order_by("received_on", "number", "pk").values_list("pk", flat=True))


def cell_page(office: Office, page: str | None = None):
    params = {**CELL, **({"page": page} if page is not None else {})}
    base = reverse("reports:table3_cell", args=[office.agency.code, 2025])
    return client_for(office.clerk).get(base, params)


def _rows(html: str) -> int:
    tbody = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return tbody.count("<tr>")


def _page_hrefs(html: str) -> dict[str, dict[str, str]]:
    """page number → the query of its link, for every link in the page navigation."""
    nav = html.split('<nav class="pages"', 1)[1].split("</nav>", 1)[0]
    links = {}
    for query in re.findall(r'href="[^"?]*\?([^"]*)"', nav):
        params = dict(p.split("=", 1) for p in unescape(query).split("&"))
        links[params["page"]] = params
    return links


def test_the_first_page_shows_100_applications_and_the_cells_total(office, crowded) -> None:
    response = cell_page(office)
    assert response.status_code == 200
    html = response.content.decode()
    assert PER_PAGE == 100
    assert [a.pk for a in response.context["applications"]] == crowded[:100]
    assert _rows(html) == 100
    assert '<strong class="count">250</strong>' in html
    assert "第 1–100 件（第 1 / 3 页" in html


def test_the_last_page_shows_the_remaining_50(office, crowded) -> None:
    response = cell_page(office, "3")
    assert response.status_code == 200
    html = response.content.decode()
    assert [a.pk for a in response.context["applications"]] == crowded[200:]
    assert _rows(html) == 50
    assert '<strong class="count">250</strong>' in html
    assert "第 201–250 件（第 3 / 3 页" in html


def test_the_pages_together_list_the_cell_once_each(office, crowded) -> None:
    listed = [a.pk for n in "123" for a in cell_page(office, n).context["applications"]]
    assert listed == crowded


def test_page_links_keep_the_row_and_column(office, crowded) -> None:
    links = _page_hrefs(cell_page(office, "2").content.decode())
    assert set(links) == {"1", "3"}  # 上一页 → 1, 下一页 → 3, and the numbers (2 is current)
    for params in links.values():
        assert params["row"] == CELL["row"] and params["column"] == CELL["column"]


@pytest.mark.parametrize("page", ["abc", "0", "-1", "4", "1.5"])
def test_a_page_the_list_does_not_have_is_404_naming_it(office, crowded, page) -> None:
    response = cell_page(office, page)
    assert response.status_code == 404
    assert f"page={page} 不是这个单元格申请列表的页码" in response.content.decode()


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
    assert 'class="pages"' not in html and "第 1 / 1 页" not in html


def test_the_list_reads_only_the_columns_it_shows(office, crowded) -> None:
    app = cell_page(office).context["applications"][0]
    deferred = app.get_deferred_fields()
    assert {"info_name", "phone", "query_code", "state"} <= deferred
    shown = {"number", "applicant_name", "received_on", "closed_on", "outcome"}
    assert not shown & deferred
