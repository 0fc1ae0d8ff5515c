"""The annual report from the records to a frozen publication: drafted, gated by the checker,
sent back, approved, published as a version with its files and their SHA-256, corrected as
version 2 — and never altered by a later change to the records."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from gongkai.applications.models import Application
from gongkai.core.errors import DomainError
from gongkai.reports.annual.narrative import PLACEHOLDER_OPEN
from gongkai.reports.annual.services import (
    annual_report_act,
    annual_report_edit,
    annual_report_open,
    report_assemble,
)
from gongkai.reports.annual.snapshot import report_of
from gongkai.reports.engine import read_report
from gongkai.reports.engine.editions import EDITION_2021, NEW
from gongkai.reports.models import ReportState, ReportVersion
from tests.reports.annual_world import (
    FILLED,
    compiled,
    import_year,
    records_2024_2025,
    through_the_chain,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(office):
    records_2024_2025(office)
    import_year(office, 2024)
    return office


def test_the_draft_quotes_the_tables_and_leaves_marked_gaps(world):
    report = annual_report_open(agency=world.agency, year=2025, actor=world.clerk)
    overview = report.sections["一"]
    assert "新收政府信息公开申请4件" in overview
    assert "上年结转1件" in overview and "办结4件" in overview
    assert "结转下年度继续办理1件" in overview
    for topic in ("（一）主动公开", "（五）监督保障"):  # the 2021 format's topics, in order
        assert topic in overview
    assert PLACEHOLDER_OPEN in report.sections["五"]
    assert report.sections["六"] == "本年度未收取信息处理费。"


def test_a_draft_with_gaps_cannot_be_submitted(world):
    report = annual_report_open(agency=world.agency, year=2025, actor=world.clerk)
    with pytest.raises(DomainError, match="待补充"):
        annual_report_act(report=report, actor=world.clerk, key="submit")


def test_records_to_a_published_snapshot_through_a_send_back(world):
    report = compiled(world)
    report = annual_report_act(report=report, actor=world.clerk, key="submit")
    report = annual_report_act(report=report, actor=world.head, key="head_approve")
    with pytest.raises(DomainError, match="原因"):
        annual_report_act(report=report, actor=world.leader, key="send_back")
    report = annual_report_act(
        report=report, actor=world.leader, key="send_back", reason="第五部分请具体些"
    )
    assert report.state == ReportState.DRAFT
    report = annual_report_edit(
        report=report,
        actor=world.clerk,
        sections={**FILLED, "五": FILLED["五"] + "每季度检查一次。"},
    )
    report = through_the_chain(world, report)
    assert report.state == ReportState.PUBLISHED
    version = report.versions.get()
    assert version.number == 1 and version.published_by == world.reviewer
    for fmt in ("html", "docx", "pdf"):
        data = version.file(fmt)
        assert data, fmt
        assert version.sha256[fmt] == hashlib.sha256(data).hexdigest()
    assert version.file("pdf").startswith(b"%PDF") and version.file("docx").startswith(b"PK")
    published = report_of(version)
    assert published.get(EDITION_2021.t3(NEW, EDITION_2021.table3_columns[-1])) == "4"
    assert "每季度检查一次" in published.sections["五"]


def test_no_one_takes_two_steps_and_the_author_reviews_nothing(world, office):
    from gongkai.agencies.models import Membership, Role

    Membership.objects.create(user=world.head, agency=world.agency, role=Role.LEADER)
    report = annual_report_act(report=compiled(world), actor=world.clerk, key="submit")
    report = annual_report_act(report=report, actor=world.head, key="head_approve")
    with pytest.raises(DomainError, match="两个环节"):
        annual_report_act(report=report, actor=world.head, key="leader_approve")


def test_a_record_changed_after_publication_leaves_the_snapshot_unchanged(world):
    report = through_the_chain(world, compiled(world))
    version = report.versions.get()
    frozen = {fmt: version.file(fmt) for fmt in ("html", "docx", "pdf")}
    contract = version.contract
    open_one = Application.objects.get(agency=world.agency, closed_on__isnull=True)
    open_one.closed_on, open_one.outcome, open_one.state = (
        date(2025, 12, 30),
        "result.granted",
        "closed",
    )
    open_one.save()
    again = ReportVersion.objects.get(pk=version.pk)
    assert {fmt: again.file(fmt) for fmt in frozen} == frozen
    assert again.contract == contract
    now = report_assemble(report)
    differences = report_of(again).differences(now)
    assert any("四、结转下年度" in line for line in differences), differences


def test_a_correction_makes_version_2_and_version_1_stays(world):
    report = through_the_chain(world, compiled(world))
    with pytest.raises(DomainError, match="原因"):
        annual_report_act(report=report, actor=world.clerk, key="correct")
    report = annual_report_act(
        report=report, actor=world.clerk, key="correct", reason="更正第六部分的表述"
    )
    assert report.state == ReportState.DRAFT
    report = annual_report_edit(
        report=report, actor=world.clerk, sections={"六": "本年度未收取信息处理费。无其他事项。"}
    )
    report = through_the_chain(world, report)
    first, second = report.versions.order_by("number")
    assert (first.number, second.number) == (1, 2)
    assert second.correction_reason == "更正第六部分的表述"
    assert "无其他事项" not in report_of(first).sections["六"]
    assert "无其他事项" in report_of(second).sections["六"]
    assert read_report(first.file("html")).report.year == 2025  # still readable


def test_a_published_version_cannot_be_rewritten(world):
    from django.db import IntegrityError, transaction

    version = through_the_chain(world, compiled(world)).versions.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportVersion.objects.filter(pk=version.pk).update(contract="{}")
