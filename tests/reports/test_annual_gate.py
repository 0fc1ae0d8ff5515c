"""The gate: no submission while the checker finds an error, while R5 fails against last year's
published report (across the 2020→2021 change of edition too), or while a warning is neither
resolved nor acknowledged with a reason."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.applications.outcomes import GRANTED
from gongkai.core.errors import DomainError
from gongkai.reports.annual.gate import finding_id
from gongkai.reports.annual.services import (
    annual_report_acknowledge,
    annual_report_act,
    annual_report_edit,
    annual_report_open,
    report_gate_now,
)
from gongkai.reports.engine.editions import CARRIED_FORWARD, EDITION_2019
from gongkai.reports.models import ReportState
from tests.reports.annual_world import FILLED, compiled, published_year, records_2024_2025
from tests.reports.records import Record, create_all

pytestmark = pytest.mark.django_db


def _carried_forward_off_by_one(report) -> None:
    for column in report.edition.table3_columns:
        key = report.edition.t3(CARRIED_FORWARD, column)
        report.set(key, int(report.get(key)) + 1)


def test_r5_against_last_years_published_report_refuses_the_submission(office):
    records_2024_2025(office)
    published_year(office, 2024, edit=_carried_forward_off_by_one)
    report = compiled(office)
    gate = report_gate_now(report)
    assert {f.rule for f in gate.errors} == {"R5"}
    with pytest.raises(DomainError, match="R5"):
        annual_report_act(report=report, actor=office.clerk, key="submit")
    assert report.state == ReportState.DRAFT


def test_r5_holds_across_the_change_of_edition(office):
    create_all(
        office.agency,
        [
            Record(date(2020, 5, 1), date(2020, 5, 20), GRANTED),
            Record(date(2020, 12, 28), date(2021, 1, 20), GRANTED),
            Record(date(2021, 3, 1), date(2021, 3, 25), GRANTED),
        ],
    )
    last = published_year(office, 2020, edit=_carried_forward_off_by_one)
    assert last.versions.get().edition == EDITION_2019.key
    report = compiled(office, 2021)
    assert [f.rule for f in report_gate_now(report).errors] == ["R5"] * 7
    with pytest.raises(DomainError, match="R5"):
        annual_report_act(report=report, actor=office.clerk, key="submit")


def test_a_correct_last_year_lets_it_through_across_the_edition(office):
    create_all(office.agency, [Record(date(2020, 12, 28), date(2021, 1, 20), GRANTED)])
    published_year(office, 2020)
    report = compiled(office, 2021)
    assert report_gate_now(report).errors == []
    report = annual_report_act(report=report, actor=office.clerk, key="submit")
    assert report.state == ReportState.SUBMITTED


def test_a_warning_must_be_acknowledged_with_a_reason(office):
    records_2024_2025(office)
    published_year(office, 2024)
    report = annual_report_open(agency=office.agency, year=2025, actor=office.clerk)
    # The narrative contradicts table 三 (4 new applications): S1.
    wrong = {**FILLED, "一": "本年度新收政府信息公开申请17件，均已依法办理。全年工作有序开展。"}
    report = annual_report_edit(report=report, actor=office.clerk, sections=wrong)
    gate = report_gate_now(report)
    (s1,) = [f for f in gate.warnings if f.rule == "S1"]
    assert "17" in s1.message
    with pytest.raises(DomainError, match="未说明理由"):
        annual_report_act(report=report, actor=office.clerk, key="submit")
    report = annual_report_acknowledge(
        report=report, actor=office.clerk, finding=finding_id(s1), reason="含上级转办的申请"
    )
    report = annual_report_act(report=report, actor=office.clerk, key="submit")
    assert report.state == ReportState.SUBMITTED
    assert report.events.filter(kind="acknowledge", note="含上级转办的申请").exists()


def test_an_acknowledgement_of_a_warning_that_is_gone_is_refused(office):
    records_2024_2025(office)
    report = annual_report_open(agency=office.agency, year=2025, actor=office.clerk)
    with pytest.raises(DomainError) as refused:
        annual_report_acknowledge(
            report=report, actor=office.clerk, finding="S1|nothing|1|2", reason="理由"
        )
    assert refused.value.field == "finding"


def test_a_year_not_yet_over_cannot_be_submitted(office):
    report = compiled(office, 2026)
    with pytest.raises(DomainError, match="尚未结束"):
        annual_report_act(report=report, actor=office.clerk, key="submit")


def test_only_the_agencys_clerks_edit_and_nothing_after_submission(office):
    records_2024_2025(office)
    report = compiled(office)
    for outsider in (office.provincial, office.outsider, office.head):
        with pytest.raises(DomainError):
            annual_report_edit(report=report, actor=outsider, sections={"六": "无。"})
    report = annual_report_act(report=report, actor=office.clerk, key="submit")
    with pytest.raises(DomainError, match="不能修改"):
        annual_report_edit(report=report, actor=office.clerk, sections={"六": "无。"})
