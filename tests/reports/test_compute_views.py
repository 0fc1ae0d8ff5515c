"""The staff pages of table 三 from the records: who may see them, and what the links open."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import NoReverseMatch, reverse

from gongkai.reports.compute import table3_counts
from gongkai.reports.engine.editions import EDITION_2019, EDITION_2021, edition_for_year
from tests.applications.factories import Office, make_office
from tests.reports.records import Record, application

pytestmark = pytest.mark.django_db

PERSON = ("person", "")
BUSINESS = ("organisation", "business")


@pytest.fixture
def office() -> Office:
    return make_office()


@pytest.fixture
def ledger(office: Office) -> dict[str, object]:
    apps = {
        "carried": application(
            office.agency, Record(date(2024, 12, 30), date(2025, 1, 6), "result.granted", PERSON)
        ),
        "granted": application(
            office.agency, Record(date(2025, 2, 1), date(2025, 2, 20), "result.granted", BUSINESS)
        ),
        "open": application(office.agency, Record(date(2025, 12, 31), None, "", PERSON)),
        "elsewhere": application(
            office.other_agency,
            Record(date(2025, 3, 1), date(2025, 3, 2), "result.granted", PERSON),
        ),
    }
    return apps


def table_url(office: Office, year: int = 2025) -> str:
    return reverse("reports:table3", args=[office.agency.code, year])


def cell_url(office: Office, row: str, column: str, year: int = 2025) -> str:
    base = reverse("reports:table3_cell", args=[office.agency.code, year])
    return f"{base}?row={row}&column={column}"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("persona", ["clerk", "head", "leader", "reviewer", "admin", "provincial"])
def test_staff_who_may_read_the_agency_see_its_table(office, ledger, persona) -> None:
    response = client_for(getattr(office, persona)).get(table_url(office))
    assert response.status_code == 200
    assert office.agency.name in response.content.decode()


def test_a_platform_admin_sees_every_agencys_table(office, ledger) -> None:
    root = get_user_model().objects.create_superuser("root", "root@example.gov.cn", "pw")
    client = client_for(root)
    for agency in (office.agency, office.other_agency):
        response = client.get(reverse("reports:table3", args=[agency.code, 2025]))
        assert response.status_code == 200
        assert agency.name in response.content.decode()
        assert _links(response.content.decode()) == _counts(agency, 2025)
    # The two tables differ, so neither page merely shows the other agency's numbers.
    assert _counts(office.agency, 2025) != _counts(office.other_agency, 2025)


@pytest.mark.parametrize("page", ["table", "cell"])
def test_staff_of_another_agency_get_404(office, ledger, page) -> None:
    url = table_url(office) if page == "table" else cell_url(office, "new", "total")
    assert client_for(office.outsider).get(url).status_code == 404


@pytest.mark.parametrize("page", ["table", "cell"])
def test_anonymous_visitors_are_sent_to_log_in(office, ledger, page) -> None:
    url = table_url(office) if page == "table" else cell_url(office, "new", "total")
    response = Client().get(url)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_an_unknown_agency_and_a_year_before_the_format_are_404(office) -> None:
    client = client_for(office.clerk)
    assert client.get(reverse("reports:table3", args=["nobody", 2025])).status_code == 404
    assert client.get(table_url(office, 2018)).status_code == 404


def test_the_table_shows_the_official_labels_of_the_years_edition(office, ledger) -> None:
    client = client_for(office.clerk)
    page_2025 = client.get(table_url(office, 2025)).content.decode()
    page_2020 = client.get(table_url(office, 2020)).content.decode()
    other_1 = EDITION_2021.row_by_key("result.other.1").path[-1]
    assert other_1 in page_2025 and other_1 not in page_2020
    assert EDITION_2019.row_by_key("result.other").path[-1] in page_2020
    assert "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" in page_2025


def _counts(agency, year: int) -> dict[tuple[str, str], str]:
    """(row, column) → table3_counts' number for every cell, as the page would show it."""
    edition = edition_for_year(year)
    counts = table3_counts(agency, year)
    return {
        (row.key, column.key): str(counts[edition.t3(row, column)])
        for row in edition.table3_rows
        for column in edition.table3_columns
    }


def _links(html: str) -> dict[tuple[str, str], str]:
    """(row, column) → the number shown, for every cell link on the table page."""
    found = re.findall(r'<a href="[^"]*\?([^"]*)">(\d+)</a>', html)
    out = {}
    for query, number in found:
        params = dict(p.split("=", 1) for p in unescape(query).split("&"))
        out[params["row"], params["column"]] = number
    return out


def test_every_number_links_to_its_cell_and_shows_the_count(office, ledger) -> None:
    html = client_for(office.clerk).get(table_url(office)).content.decode()
    links = _links(html)
    assert len(links) == 25 * 7
    assert links["new", "total"] == "2"
    assert links["carried_in", "natural_person"] == "1"
    assert links["result.granted", "total"] == "2"
    assert links["result.granted", "business"] == "1"
    assert links["carried_forward", "total"] == "1"
    assert links["result.withheld.1", "research"] == "0"


def test_a_cell_lists_its_applications_with_their_dates_and_outcome(office, ledger) -> None:
    response = client_for(office.clerk).get(cell_url(office, "result.granted", "total"))
    assert response.status_code == 200
    apps = list(response.context["applications"])
    assert {a.pk for a in apps} == {ledger["carried"].pk, ledger["granted"].pk}
    html = response.content.decode()
    for app in apps:
        assert app.number in html and app.applicant_name in html
    assert "2024-12-30" in html and "2025-01-06" in html
    assert "（一）予以公开" in html
    assert ledger["elsewhere"].number not in html
    try:
        detail = reverse("applications:detail", args=[ledger["granted"].pk])
    except NoReverseMatch:
        return  # the application pages are not installed in this checkout
    assert f'href="{detail}"' in html


def test_an_open_application_is_listed_as_not_closed(office, ledger) -> None:
    response = client_for(office.provincial).get(cell_url(office, "carried_forward", "total"))
    assert [a.pk for a in response.context["applications"]] == [ledger["open"].pk]
    assert "未办结" in response.content.decode()


@pytest.mark.parametrize(
    ("row", "column", "year"),
    [("nothing", "total", 2025), ("new", "nobody", 2025), ("result.other.1", "total", 2020)],
)
def test_a_cell_the_edition_does_not_have_is_404(office, row, column, year) -> None:
    response = client_for(office.clerk).get(cell_url(office, row, column, year))
    assert response.status_code == 404


def test_records_that_cannot_be_counted_are_said_on_the_page(office) -> None:
    application(office.agency, Record(date(2025, 3, 3), date(2025, 3, 9), "result.bogus"))
    response = client_for(office.clerk).get(table_url(office))
    assert response.status_code == 409
    assert "result.bogus" in response.content.decode()


def test_the_table_links_the_years_before_and_after(office) -> None:
    client = client_for(office.clerk)
    html = client.get(table_url(office, 2025)).content.decode()
    assert f'href="{table_url(office, 2024)}"' in html
    assert f'href="{table_url(office, 2026)}"' in html
    first = client.get(table_url(office, 2019)).content.decode()
    assert f'href="{table_url(office, 2018)}"' not in first
