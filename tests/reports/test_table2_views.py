"""The staff pages of table 二: who may see them and enter inputs, what the links open."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from urllib.parse import parse_qsl

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from gongkai.publishing.forms_table2 import cell_choice
from gongkai.publishing.models import Table2Input
from gongkai.reports.compute.table2 import table2_counts
from gongkai.reports.compute.table2_predicates import cell_for, computed_cells
from gongkai.reports.engine.editions import EDITION_2019, EDITION_2021, CellKey
from tests.applications.factories import Office, make_office
from tests.reports.table2_items import NORMATIVE, RULE, item

pytestmark = pytest.mark.django_db

D = date
LICENCES = CellKey("二", "第二十条第（五）项", "行政许可", "本年处理决定数量")
FEES = CellKey("二", "第二十条第（八）项", "行政事业性收费", "本年收费金额（单位：万元）")


@pytest.fixture
def office() -> Office:
    return make_office()


@pytest.fixture
def items(office: Office) -> dict[str, object]:
    return {
        "new": item(office.agency, office.clerk, written=D(2025, 2, 1), published=D(2025, 2, 3)),
        "old": item(office.agency, office.clerk, kind=NORMATIVE, published=D(2019, 5, 5)),
        "withdrawn": item(
            office.agency,
            office.clerk,
            written=D(2025, 3, 1),
            published=D(2025, 3, 2),
            withdrawn=D(2026, 1, 10),
        ),
        "elsewhere": item(
            office.other_agency, office.outsider, written=D(2025, 3, 1), published=D(2025, 3, 1)
        ),
    }


def table_url(office: Office, year: int = 2025) -> str:
    return reverse("reports:table2", args=[office.agency.code, year])


def cell_url(office: Office, row: str, column: str, year: int = 2025) -> str:
    base = reverse("reports:table2_cell", args=[office.agency.code, year])
    return f"{base}?row={row}&column={column}"


def input_url(office: Office, year: int = 2025) -> str:
    return reverse("reports:table2_input", args=[office.agency.code, year])


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, office: Office, cell: CellKey, value: str, source: str = "审批系统"):
    data = {"cell": cell_choice(cell), "value": value, "source": source}
    return client.post(input_url(office), data)


def _links(html: str) -> dict[tuple[str, str], str]:
    """(row, column) → the number shown, for every computed cell's link on the page."""
    found = re.findall(r'<a href="[^"]*/table2/cell/\?([^"]*)">(\d+)</a>', html)
    return {tuple(dict(parse_qsl(unescape(q))).values()): n for q, n in found}


@pytest.mark.parametrize("persona", ["clerk", "head", "leader", "reviewer", "admin", "provincial"])
def test_staff_who_may_read_the_agency_see_its_table(office, items, persona) -> None:
    response = client_for(getattr(office, persona)).get(table_url(office))
    assert response.status_code == 200
    assert office.agency.name in response.content.decode()


@pytest.mark.parametrize("page", ["table", "cell"])
def test_staff_of_another_agency_get_404_and_visitors_are_sent_to_log_in(office, page) -> None:
    url = table_url(office) if page == "table" else cell_url(office, RULE, "issued")
    assert client_for(office.outsider).get(url).status_code == 404
    response = Client().get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_table_shows_the_official_labels_of_the_years_edition(office) -> None:
    client = client_for(office.clerk)
    page_2025 = client.get(table_url(office, 2025)).content.decode()
    page_2020 = client.get(table_url(office, 2020)).content.decode()
    assert "行政规范性文件" in page_2025 and "本年收费金额（单位：万元）" in page_2025
    assert "政府集中采购" not in page_2025 and "本年新制作数量" not in page_2025
    assert "政府集中采购" in page_2020 and "本年新制作数量" in page_2020
    assert "二、主动公开政府信息情况" in page_2025


def test_every_computed_number_links_to_its_cell_and_shows_the_count(office, items) -> None:
    html = client_for(office.clerk).get(table_url(office)).content.decode()
    counts = table2_counts(office.agency, 2025)
    expected = {(c.kind, c.rule): str(counts[k]) for k, c in computed_cells(EDITION_2021).items()}
    assert _links(html) == expected
    assert expected[RULE, "issued"] == "2" and expected[NORMATIVE, "in_force"] == "1"


def test_a_cell_lists_its_items_with_their_dates_and_state(office, items) -> None:
    response = client_for(office.provincial).get(cell_url(office, RULE, "issued"))
    assert response.status_code == 200
    html = response.content.decode()
    listed = response.context["items"]
    assert {i.index_number for i in listed} == {
        items["new"].index_number,
        items["withdrawn"].index_number,
    }
    assert response.context["page"].count == 2
    assert items["new"].current_version.title in html
    assert "2025-02-01" in html and "2025-02-03" in html
    assert "已撤回 2026-01-10" in html and "公开中" in html
    assert items["elsewhere"].index_number not in html


def test_a_cell_without_a_written_date_says_the_formed_date_is_shown(office) -> None:
    item(office.agency, office.clerk, formed=D(2025, 6, 6), published=D(2025, 6, 7))
    html = client_for(office.clerk).get(cell_url(office, RULE, "issued")).content.decode()
    assert "2025-06-06" in html and "按形成日期" in html


@pytest.mark.parametrize(
    ("row", "column", "year"),
    [("other", "issued", 2025), ("rule", "nothing", 2025), ("rule", "in_force", 2020)],
)
def test_a_cell_the_edition_does_not_have_is_404_naming_it(office, row, column, year) -> None:
    response = client_for(office.clerk).get(cell_url(office, row, column, year))
    assert response.status_code == 404
    assert column in response.content.decode()


def _nav(html: str) -> dict[str, dict[str, str]]:
    """link label → its query, for the list's page links."""
    if '<nav class="pages"' not in html:
        return {}
    nav = html.split('<nav class="pages"', 1)[1].split("</nav>", 1)[0]
    found = re.findall(r'href="[^"?]*\?([^"]*)">([^<]*)</a>', nav)
    return {label: dict(parse_qsl(unescape(q))) for q, label in found}


def test_a_cell_of_more_than_a_page_walks_forward_and_back_listing_each_item_once(office) -> None:
    made = [
        item(office.agency, office.clerk, written=D(2025, 1, 1), published=D(2025, 2, 1 + i % 20))
        for i in range(105)
    ]
    client = client_for(office.clerk)
    base = reverse("reports:table2_cell", args=[office.agency.code, 2025])
    pages, params = [], {"row": RULE, "column": "issued"}
    while True:
        response = client.get(base, params)
        assert response.status_code == 200
        assert '<strong class="count">105</strong>' in response.content.decode()
        pages.append([i.index_number for i in response.context["items"]])
        links = _nav(response.content.decode())
        if "下一页" not in links:
            break
        params = links["下一页"]
    assert [len(p) for p in pages] == [100, 5]
    expected = sorted(made, key=lambda i: (i.published_on, i.index_number))
    assert [n for p in pages for n in p] == [i.index_number for i in expected]
    back = client.get(base, _nav(client.get(base, params).content.decode())["上一页"])
    assert [i.index_number for i in back.context["items"]] == pages[0]
    tampered = client.get(base, {**params, "after": "2025-02-30,x,1"})
    assert tampered.status_code == 404


def test_a_year_outside_the_range_is_404(office) -> None:
    response = client_for(office.clerk).get(table_url(office, 2018))
    assert response.status_code == 404
    assert "2018" in response.content.decode()


def test_missing_inputs_are_named_and_entered_ones_show_who_and_the_source(office) -> None:
    client = client_for(office.clerk)
    assert post(client, office, LICENCES, "1388", "省政务服务网").status_code == 302
    response = client.get(table_url(office))
    html = response.content.decode()
    assert "1388" in html and "省政务服务网" in html and office.clerk.get_username() in html
    assert response.context["missing"] == [EDITION_2021.cell_name(k) for k in (
        CellKey("二", "第二十条第（六）项", "行政处罚", "本年处理决定数量"),
        CellKey("二", "第二十条第（六）项", "行政强制", "本年处理决定数量"),
        FEES,
    )]  # fmt: skip
    assert "尚有 3 项未填报" in html


def test_a_clerk_enters_an_input_and_is_sent_back_to_the_table(office) -> None:
    response = post(client_for(office.admin), office, FEES, "24252.311082")
    assert response.status_code == 302
    assert response["Location"] == table_url(office) + "#inputs"
    entry = Table2Input.objects.get()
    assert (entry.value, entry.entered_by, entry.row) == ("24252.311082", office.admin, FEES.row)


def test_a_bad_value_is_shown_on_the_form_naming_the_cell_and_nothing_is_stored(office) -> None:
    response = post(client_for(office.clerk), office, LICENCES, "很多")
    assert response.status_code == 200
    html = response.content.decode()
    assert EDITION_2021.cell_name(LICENCES) in html and "不是非负整数" in html
    assert 'value="很多"' in html  # the input stays in the form
    assert not Table2Input.objects.exists()


def test_a_computed_cell_is_not_offered_and_cannot_be_posted(office) -> None:
    computed = cell_for(EDITION_2021, RULE, "issued").key
    response = post(client_for(office.clerk), office, computed, "3")
    assert response.status_code == 200 and not Table2Input.objects.exists()
    assert f'value="{cell_choice(computed)}"' not in response.content.decode()


@pytest.mark.parametrize("persona", ["head", "leader", "reviewer", "provincial"])
def test_readers_who_may_not_enter_get_no_form_and_a_403(office, persona) -> None:
    client = client_for(getattr(office, persona))
    assert client.get(table_url(office)).context["form"] is None
    response = post(client, office, LICENCES, "1")
    assert response.status_code == 403
    assert "承办人或机关管理员" in response.content.decode()
    assert not Table2Input.objects.exists()


def test_a_platform_admin_reads_but_does_not_enter(office) -> None:
    root = get_user_model().objects.create_superuser("root", "root@example.gov.cn", "pw")
    assert client_for(root).get(table_url(office)).status_code == 200
    assert post(client_for(root), office, LICENCES, "1").status_code == 403


def test_another_agencys_staff_and_visitors_cannot_post(office) -> None:
    assert post(client_for(office.outsider), office, LICENCES, "1").status_code == 404
    assert post(Client(), office, LICENCES, "1").status_code == 302
    assert client_for(office.clerk).get(input_url(office)).status_code == 405
    assert not Table2Input.objects.exists()


def test_a_cells_enter_link_chooses_it_in_the_form(office) -> None:
    client = client_for(office.clerk)
    html = client.get(table_url(office)).content.decode()
    assert "?cell=" in html
    response = client.get(table_url(office), {"cell": cell_choice(FEES)})
    assert response.context["form"]["cell"].value() == cell_choice(FEES)


def test_tables_2_and_3_link_to_each_other(office) -> None:
    client = client_for(office.clerk)
    table3 = reverse("reports:table3", args=[office.agency.code, 2025])
    assert f'href="{table3}"' in client.get(table_url(office)).content.decode()
    assert f'href="{table_url(office)}"' in client.get(table3).content.decode()


def test_the_2019_edition_page_accepts_a_yuan_amount(office) -> None:
    client = client_for(office.clerk)
    procurement = CellKey("二", "第二十条第（九）项", "政府集中采购", "采购总金额")
    data = {"cell": cell_choice(procurement), "value": "251000元", "source": "采购台账"}
    url = reverse("reports:table2_input", args=[office.agency.code, 2020])
    assert client.post(url, data).status_code == 302
    html = client.get(table_url(office, 2020)).content.decode()
    assert "251000元" in html
    assert EDITION_2019.cell_name(procurement) in html
