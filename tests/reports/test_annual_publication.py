"""The annual report from the records to a frozen publication: drafted, gated by the checker,
sent back, approved, published as a version with its files and their SHA-256, corrected as
version 2 — and never altered by a later change to the records."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from gongkai.applications.models import Application
from gongkai.applications.outcomes import GRANTED
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
    published_year,
    records_2024_2025,
    through_the_chain,
)

pytestmark = pytest.mark.django_db


def close_the_open_one(office) -> None:
    """The application left open at the end of 2025 turns out to have been closed on 12-30."""
    open_one = Application.objects.get(agency=office.agency, closed_on__isnull=True)
    open_one.closed_on, open_one.outcome, open_one.state = date(2025, 12, 30), GRANTED, "closed"
    open_one.save()


@pytest.fixture
def world(office):
    records_2024_2025(office)
    published_year(office, 2024)
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
    close_the_open_one(world)
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


def test_the_published_files_carry_the_charts_with_chinese_labels(world):
    import io

    import pdfplumber
    from docx import Document

    version = through_the_chain(world, compiled(world)).versions.get()
    html = version.file("html").decode("utf-8")
    assert html.count("<svg") >= 4  # by month, by applicant, outcomes, year over year
    for label in ("1月", "12月", "自然人", "予以公开", "2024", "2025"):
        assert label in html, label
    with pdfplumber.open(io.BytesIO(version.file("pdf"))) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    for label in ("1月", "自然人", "予以公开"):
        assert label in text, label
    document = Document(io.BytesIO(version.file("docx")))
    pictures = [
        rel.target_part.blob
        for rel in document.part.rels.values()
        if rel.reltype.endswith("/image")
    ]
    assert len(pictures) >= 4 and all(p.startswith(b"\x89PNG") for p in pictures)
    alt_texts = [
        el.get("descr") for el in document.element.body.iter() if el.tag.endswith("}docPr")
    ]
    assert any("自然人" in (alt or "") for alt in alt_texts), alt_texts


def test_what_the_head_and_leader_approved_is_what_is_published(world):
    """A record that moves the figures after the submission stops the chain: the report goes
    back to the clerk rather than being published with figures no one approved."""
    report = annual_report_act(report=compiled(world), actor=world.clerk, key="submit")
    report = annual_report_act(report=report, actor=world.head, key="head_approve")
    close_the_open_one(world)
    with pytest.raises(DomainError, match="记录有了变化"):
        annual_report_act(report=report, actor=world.leader, key="leader_approve")
    report = annual_report_act(
        report=report, actor=world.leader, key="send_back", reason="表三数字有变化"
    )
    assert report.state == ReportState.DRAFT and not report.versions.exists()


def test_whoever_wrote_version_1_reviews_no_correction_of_it(world):
    from gongkai.agencies.models import Membership, Role

    report = through_the_chain(world, compiled(world))  # written by the clerk
    Membership.objects.create(user=world.clerk, agency=world.agency, role=Role.REVIEWER)
    report = annual_report_act(report=report, actor=world.clerk2, key="correct", reason="更正")
    report = annual_report_act(report=report, actor=world.clerk2, key="submit")
    report = annual_report_act(report=report, actor=world.head, key="head_approve")
    report = annual_report_act(report=report, actor=world.leader, key="leader_approve")
    with pytest.raises(DomainError, match="两个环节"):
        annual_report_act(report=report, actor=world.clerk, key="publish")


def test_a_year_whose_records_are_on_the_platform_cannot_be_imported(world):
    with pytest.raises(DomainError, match="不能导入") as refused:
        import_year(world, 2025)
    assert refused.value.field == "year"
    assert not world.agency.annual_reports.filter(year=2025).exists()
