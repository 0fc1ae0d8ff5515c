"""The provincial list of a year: each agency's status against the Art. 49 deadline of its kind,
the date published, where the report comes from, its stored findings; two queries."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from gongkai.agencies.models import Agency
from gongkai.reports.annual.deadlines import DEADLINES, TOWNSHIP, due_on, is_late
from gongkai.reports.models import ReportState
from gongkai.reports.province.statuses import Source, Status, agency_years
from tests.reports.province.world import YEAR, below, province_world, stored_version


def test_art_49_gives_departments_until_january_31_and_governments_until_march_31():
    assert DEADLINES["department"].due(2025) == date(2026, 1, 31)
    assert DEADLINES["government"].due(2025) == date(2026, 3, 31)
    assert {d.basis for d in DEADLINES.values()} == {"《政府信息公开条例》第四十九条"}
    department = {"report_kind": "department", "level": "provincial"}
    government = {"report_kind": "government", "level": "county"}
    assert is_late(date(2026, 1, 31), **department, year=2025) is False
    assert is_late(date(2026, 2, 1), **department, year=2025) is True
    assert is_late(date(2026, 3, 31), **government, year=2025) is False
    assert is_late(date(2026, 4, 1), **government, year=2025) is True


def test_a_township_has_no_art_49_deadline():
    assert TOWNSHIP is None
    assert due_on(report_kind="government", level="township", year=2025) is None
    assert is_late(date(2026, 12, 1), report_kind="government", level="township", year=2025) is None


def test_every_agency_under_the_office_has_the_status_of_its_report(office):
    province_world(office)
    rows = {a.code: a for a in agency_years(office.province, YEAR)}
    assert {code: a.status for code, a in rows.items()} == {
        "hlj": Status.MISSING,  # on the platform, nothing opened
        "hlj-agri": Status.MISSING,  # not on the platform, nothing uploaded
        "hlj-county": Status.PUBLISHED,  # a government on 3月31日: on time
        "hlj-drc": Status.PUBLISHED,  # a department on 1月31日: on time
        "hlj-edu": Status.DRAFT,
        "hlj-ipo": Status.PUBLISHED,  # through the chain on 2026-01-20
        "hlj-police": Status.LATE,  # a department on 2月1日: late
        "hlj-sci": Status.SUBMITTED,
        "hlj-town": Status.PUBLISHED,  # a township: no deadline, never late
        "hlj-transport": Status.PUBLISHED,
    }
    assert rows["hlj-police"].first_published_on == date(2026, 2, 1)
    assert rows["hlj-police"].due == date(2026, 1, 31)
    assert rows["hlj-county"].due == date(2026, 3, 31)
    assert rows["hlj-town"].due is None
    assert rows["hlj-ipo"].first_published_on == date(2026, 1, 20)
    assert rows["hlj-ipo"].origin == "platform" and not rows["hlj-ipo"].uploaded
    assert rows["hlj-drc"].uploaded and not rows["hlj-drc"].on_platform
    # The stored findings of the published version: R3 fails twice (自然人 and 总计).
    assert (rows["hlj-transport"].errors, rows["hlj-drc"].errors) == (2, 0)
    assert rows["hlj-agri"].source is Source.NONE
    assert rows["hlj-edu"].source is Source.PROVISIONAL
    assert rows["hlj-drc"].source is Source.PUBLISHED
    # Missing and past its deadline (today is after 2026-03-31).
    assert rows["hlj"].overdue and not rows["hlj-drc"].overdue


def test_the_page_lists_them_with_the_uploaded_marked(client, office):
    province_world(office)
    client.force_login(office.provincial)
    page = client.get(reverse("province:year", args=[YEAR])).text
    assert page.count('<tr data-agency="') == 10
    assert "逾期公开" in page and "审核中" in page and "编制中" in page and "未编制" in page
    assert page.count('class="uploaded"') == 5
    assert "2 处错误" in page
    assert "未规定乡镇年度报告的公布期限" in page
    assert "2026-01-31" in page and "2026-03-31" in page


def test_a_correction_is_still_published_and_lateness_is_the_first_publications(office):
    agency = below(office, "hlj-drc", "黑龙江省发展和改革委员会")
    stored_version(agency, date(2026, 1, 30), state=ReportState.DRAFT)
    stored_version(agency, date(2026, 6, 1), number=2)
    [row] = [a for a in agency_years(office.province, YEAR) if a.code == "hlj-drc"]
    assert (row.status, row.version, row.correcting) == (Status.PUBLISHED, 2, True)
    assert (row.first_published_on, row.latest_published_on) == (
        date(2026, 1, 30),
        date(2026, 6, 1),
    )


@pytest.mark.parametrize("agencies", [3, 30])
def test_the_list_is_two_queries_whatever_the_number_of_agencies(
    office, django_assert_num_queries, agencies
):
    for n in range(agencies):
        agency = below(office, f"hlj-d{n}", f"某厅{n}")
        if n % 2:
            stored_version(agency, date(2026, 1, 10 + n % 20))
    with django_assert_num_queries(2):
        rows = agency_years(office.province, YEAR)
    assert len(rows) == agencies + 3
    assert Agency.objects.count() == agencies + 3
