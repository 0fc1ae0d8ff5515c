"""Table 三 computed from application records: exact cells across year boundaries, both editions."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from gongkai.agencies.models import Agency
from gongkai.core.errors import DomainError
from gongkai.reports.compute import table3_counts
from gongkai.reports.compute.report import OMITTED, report_compute
from gongkai.reports.drilldown import applications_in_cell
from gongkai.reports.engine import check, compare, read_report, render
from gongkai.reports.engine.editions import EDITION_2019, EDITION_2021, edition_for_year
from tests.reports.records import Record, application, create_all, expected_cells, expected_pks

pytestmark = pytest.mark.django_db

D = date
PERSON = ("person", "")
BUSINESS = ("organisation", "business")
LAWYERS = ("organisation", "legal_services")
CHARITY = ("organisation", "public_interest")


@pytest.fixture
def agency() -> Agency:
    return Agency.objects.create(code="t-ipo", name="测试知识产权局")


@pytest.fixture
def other() -> Agency:
    return Agency.objects.create(code="t-edu", name="测试教育厅")


def cell(year: int, row: str, column: str, counts: dict) -> int:
    return counts[edition_for_year(year).t3(row, _column(column))]


def _column(key: str):
    return next(c for c in EDITION_2021.table3_columns if c.key == key)


def test_an_application_open_across_new_year_is_carried_forward_and_carried_in(agency) -> None:
    application(agency, Record(D(2024, 12, 31), D(2025, 1, 1), "result.granted", PERSON))
    last, this = table3_counts(agency, 2024), table3_counts(agency, 2025)
    assert cell(2024, "new", "natural_person", last) == 1
    assert cell(2024, "carried_forward", "natural_person", last) == 1
    assert cell(2024, "result.total", "natural_person", last) == 0
    assert cell(2025, "new", "natural_person", this) == 0
    assert cell(2025, "carried_in", "natural_person", this) == 1
    assert cell(2025, "result.granted", "natural_person", this) == 1
    assert cell(2025, "result.total", "total", this) == 1
    assert cell(2025, "carried_forward", "total", this) == 0


def test_the_first_and_last_day_of_the_year_belong_to_the_year(agency) -> None:
    application(agency, Record(D(2025, 1, 1), D(2025, 12, 31), "result.partial", BUSINESS))
    application(agency, Record(D(2025, 12, 31), None, "", BUSINESS))
    counts = table3_counts(agency, 2025)
    assert cell(2025, "new", "business", counts) == 2
    assert cell(2025, "result.partial", "business", counts) == 1
    assert cell(2025, "carried_forward", "business", counts) == 1
    assert cell(2025, "carried_in", "business", counts) == 0
    assert cell(2025, "new", "total", counts) == 2


def test_an_application_closed_last_year_counts_nowhere_this_year(agency) -> None:
    application(agency, Record(D(2024, 3, 1), D(2024, 12, 31), "result.granted", PERSON))
    assert set(table3_counts(agency, 2025).values()) == {0}


def test_an_application_not_yet_received_counts_nowhere(agency) -> None:
    application(agency, Record(None, None, "", PERSON))
    for year in (2019, 2024, 2025):
        assert set(table3_counts(agency, year).values()) == {0}


def test_a_drafted_outcome_does_not_count_until_the_application_is_closed(agency) -> None:
    application(agency, Record(D(2025, 5, 6), None, "result.withheld.4", PERSON))
    counts = table3_counts(agency, 2025)
    assert cell(2025, "result.withheld.4", "natural_person", counts) == 0
    assert cell(2025, "carried_forward", "natural_person", counts) == 1


def test_other_agencies_records_are_not_counted(agency, other) -> None:
    application(other, Record(D(2025, 2, 3), D(2025, 3, 3), "result.granted", PERSON))
    application(agency, Record(D(2025, 2, 3), None, "", LAWYERS))
    counts = table3_counts(agency, 2025)
    assert cell(2025, "new", "total", counts) == 1
    assert cell(2025, "new", "legal_services", counts) == 1
    assert cell(2025, "result.granted", "total", counts) == 0


def test_the_2019_edition_counts_the_three_other_outcomes_in_its_one_other_row(agency) -> None:
    for key in ("result.other.1", "result.other.2", "result.other.3"):
        application(agency, Record(D(2020, 4, 1), D(2020, 5, 1), key, PERSON))
    counts = table3_counts(agency, 2020)
    assert EDITION_2019.t3("result.other", _column("natural_person")) in counts
    assert cell(2020, "result.other", "natural_person", counts) == 3
    assert cell(2020, "result.total", "total", counts) == 3
    assert len(counts) == 23 * 7


def test_the_2021_edition_keeps_the_three_other_outcomes_apart(agency) -> None:
    for key in ("result.other.1", "result.other.2", "result.other.2", "result.other.3"):
        application(agency, Record(D(2025, 4, 1), D(2025, 5, 1), key, BUSINESS))
    counts = table3_counts(agency, 2025)
    assert cell(2025, "result.other.1", "business", counts) == 1
    assert cell(2025, "result.other.2", "business", counts) == 2
    assert cell(2025, "result.other.3", "total", counts) == 1
    assert len(counts) == 25 * 7


def test_every_cell_holds_an_integer_and_zero_where_nothing_counts(agency) -> None:
    counts = table3_counts(agency, 2025)
    assert len(counts) == 25 * 7
    assert all(type(n) is int and n == 0 for n in counts.values())


# A small ledger across four years, every cell checked against the independent count.
LEDGER = [
    Record(D(2022, 11, 20), D(2023, 1, 9), "result.granted", PERSON),
    Record(D(2022, 12, 30), None, "", ("organisation", "research")),
    Record(D(2023, 6, 1), D(2023, 6, 20), "result.unavailable.1", PERSON),
    Record(D(2023, 12, 29), D(2024, 1, 15), "result.not_handled.2", BUSINESS),
    Record(D(2023, 12, 31), D(2025, 2, 1), "result.withheld.6", CHARITY),
    Record(D(2024, 1, 1), D(2024, 1, 1), "result.other.3", LAWYERS),
    Record(D(2024, 7, 7), D(2024, 8, 30), "result.other.2", ("organisation", "other_org")),
    Record(D(2024, 12, 31), None, "result.partial", PERSON),
    Record(D(2025, 3, 3), D(2025, 4, 1), "result.other.1", PERSON),
    Record(None, None, "", PERSON),
]


@pytest.mark.parametrize("year", [2022, 2023, 2024, 2025])
def test_every_cell_equals_the_independent_count_of_a_ledger(agency, other, year) -> None:
    create_all(agency, LEDGER)
    create_all(other, LEDGER[:4])
    edition = edition_for_year(year)
    assert table3_counts(agency, year) == expected_cells(agency, edition, year)


def test_the_ledger_gives_the_numbers_worked_out_by_hand_for_2024(agency) -> None:
    create_all(agency, LEDGER)
    counts = table3_counts(agency, 2024)
    # Open on 2023-12-31: the research institute's, the business's, the public-interest one's.
    assert cell(2024, "carried_in", "total", counts) == 3
    assert cell(2024, "new", "total", counts) == 3
    # Closed in 2024: not_handled.2, other.3, other.2.
    assert cell(2024, "result.total", "total", counts) == 3
    # Open on 2024-12-31: research, public interest, the person's partial draft.
    assert cell(2024, "carried_forward", "total", counts) == 3
    assert cell(2024, "carried_forward", "natural_person", counts) == 1


@pytest.mark.parametrize(
    "record",
    [
        Record(D(2025, 3, 3), D(2025, 3, 1), "result.granted", PERSON),  # closed before received
        Record(D(2025, 3, 3), D(2025, 3, 9), "", PERSON),  # closed without an outcome
    ],
)
def test_records_no_rule_could_place_are_refused_by_the_table_itself(agency, record) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        application(agency, record)


def test_an_unknown_outcome_is_refused_naming_it(agency) -> None:
    application(agency, Record(D(2025, 3, 3), D(2025, 3, 9), "result.bogus", PERSON))
    with pytest.raises(DomainError, match="result.bogus"):
        table3_counts(agency, 2025)


def test_a_year_before_the_national_format_is_refused(agency) -> None:
    with pytest.raises(ValueError, match="2018"):
        table3_counts(agency, 2018)


@pytest.mark.parametrize("year", [2020, 2025])
def test_the_computed_report_holds_the_tables_only_and_checks_clean(agency, year) -> None:
    create_all(agency, LEDGER)
    report = report_compute(agency, year)
    assert report.edition is edition_for_year(year)
    assert (report.agency, report.year) == ("测试知识产权局", year)
    assert report.omitted == OMITTED == {"一", "五", "六"}
    assert check(report) == []
    # Table 四 from the (empty) register: zeros, not blanks.
    assert all(text == "0" for key, text in report.cells.items() if key.section == "四")
    assert all(text.isdigit() for key, text in report.cells.items() if key.section == "三")


def test_the_computed_report_reads_back_from_the_cell_contract_and_checks_clean(agency) -> None:
    create_all(agency, LEDGER)
    report = report_compute(agency, 2024)
    for fmt in ("json", "csv"):
        back = read_report(render(report, fmt)).report
        assert back == report
        assert back.omitted == report.omitted
        assert check(back) == []


def test_the_fee_outcome_gives_no_warning_about_a_section_the_report_leaves_out(agency) -> None:
    application(agency, Record(D(2025, 1, 5), D(2025, 3, 1), "result.other.2", PERSON))
    report = report_compute(agency, 2025)
    assert report.number(report.edition.t3("result.other.2", _column("total"))) == 1
    assert check(report) == []


def test_consecutive_computed_reports_compare_clean_across_the_edition_change(agency) -> None:
    create_all(agency, [Record(D(2020, 12, 1), D(2021, 2, 1), "result.granted", BUSINESS)])
    last, this = report_compute(agency, 2020), report_compute(agency, 2021)
    assert (last.edition.key, this.edition.key) == ("2019", "2021")
    key = this.edition.t3("carried_in", _column("business"))
    assert this.number(key) == 1
    assert compare(last, this) == []


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("new", "total"),
        ("carried_in", "total"),
        ("carried_forward", "natural_person"),
        ("result.total", "total"),
        ("result.other.2", "other_org"),
        ("result.not_handled.2", "business"),
    ],
)
def test_the_drill_down_lists_exactly_the_applications_counted(agency, row, column) -> None:
    create_all(agency, LEDGER)
    edition = edition_for_year(2024)
    listed = applications_in_cell(agency, 2024, row, column)
    counted = table3_counts(agency, 2024)[edition.t3(row, _column(column))]
    assert {a.pk for a in listed} == expected_pks(agency, edition, 2024, row, column)
    assert len(listed) == counted
    assert counted > 0


def test_the_drill_down_of_the_2019_other_row_lists_all_three_other_outcomes(agency) -> None:
    keys = ("result.other.1", "result.other.2", "result.other.3")
    for key in keys:
        application(agency, Record(D(2020, 4, 1), D(2020, 5, 1), key, PERSON))
    listed = applications_in_cell(agency, 2020, "result.other", "total")
    assert sorted(a.outcome for a in listed) == list(keys)


def test_the_drill_down_refuses_a_row_the_edition_does_not_have(agency) -> None:
    with pytest.raises(KeyError):
        applications_in_cell(agency, 2020, "result.other.1", "total")
    with pytest.raises(KeyError):
        applications_in_cell(agency, 2025, "new", "nobody")
