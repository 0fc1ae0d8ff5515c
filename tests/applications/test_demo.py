"""``gongkai demo``: built through the services, idempotent, complete; its reports check clean."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from gongkai.agencies.models import Agency, Role
from gongkai.applications import selectors
from gongkai.applications.demo.build import (
    AGENCIES,
    CODES,
    PASSWORD,
    SUPERUSER,
    USERS,
    demo_build,
    demo_remove,
)
from gongkai.applications.models import Application, ApplicationEvent, Channel, State
from gongkai.applications.outcomes import OUTCOMES
from gongkai.documents.media import DOCX, PDF
from gongkai.publishing.models import Item, ItemAttachment, Validity
from gongkai.publishing.models import State as ItemState
from gongkai.publishing.scan import item_findings
from gongkai.reports.compute.report import report_compute
from gongkai.reports.compute.table2 import table2_cells
from gongkai.reports.engine.checker import check
from gongkai.reports.engine.compare import compare
from gongkai.reports.engine.editions import TABLE3_APPLICANT_COLUMNS, CellKey, edition_for_year
from gongkai.search.index import search
from gongkai.workdays.services import calendar_current
from tests.applications.e2e_world import fast_notices

TODAY = timezone.localdate()
THIS_YEAR, LAST_YEAR = TODAY.year, TODAY.year - 1


# As tests/conftest.py sets per test; the module's demo is built before that fixture runs.
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def run_demo(*args: str, **options) -> str:
    out = StringIO()
    with override_settings(DEBUG=True, PASSWORD_HASHERS=FAST_HASHER), fast_notices():
        call_command("demo", *args, stdout=out, **options)
    return out.getvalue()


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker) -> str:
    """The demo, built once for the module and rolled back at its end; the command's output."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield run_demo()
        transaction.set_rollback(True)


@pytest.fixture
def demo(built, db) -> str:
    return built


def demo_applications():
    return Application.objects.filter(agency__code__in=CODES)


def test_the_demo_prints_agencies_users_passwords_counts_and_the_report_command(demo):
    assert "已生成" in demo
    for code in CODES:
        assert code in demo
    for username in (*USERS, SUPERUSER):
        assert username in demo
    assert PASSWORD in demo and "已办结" in demo
    assert f"report compute --agency hlj-ipo --year {LAST_YEAR} | gongkai report check -" in demo


def test_every_role_has_a_user_who_can_log_in_with_the_printed_password(demo):
    roles = {role for _, held in USERS.values() for _, role, _ in held}
    assert roles == set(Role.values)
    for username in (*USERS, SUPERUSER):
        assert authenticate(username=username, password=PASSWORD) is not None, username
    assert get_user_model().objects.get(username=SUPERUSER).is_superuser
    # Agency admins reach Django's admin (their notice templates); nobody else needs it.
    staff = set(get_user_model().objects.filter(is_staff=True).values_list("username", flat=True))
    admins = {name for name, (_, held) in USERS.items() if any(r == Role.ADMIN for _, r, _ in held)}
    assert staff == admins | {SUPERUSER}


def test_running_it_again_changes_nothing_and_says_so(demo):
    before = (
        demo_applications().count(),
        ApplicationEvent.objects.count(),
        get_user_model().objects.count(),
        Agency.objects.count(),
    )
    again = run_demo()
    assert "演示数据已存在，未作改动" in again and "已生成" not in again
    assert before == (
        demo_applications().count(),
        ApplicationEvent.objects.count(),
        get_user_model().objects.count(),
        Agency.objects.count(),
    )


def test_reset_rebuilds_the_same_demo_with_new_records(demo):
    old = set(demo_applications().values_list("pk", flat=True))
    numbers = sorted(demo_applications().values_list("agency__code", "number", "state"))
    users = get_user_model().objects.count()
    output = run_demo("--reset")
    assert "已删除原有演示数据" in output and "已生成" in output
    assert not old & set(demo_applications().values_list("pk", flat=True))
    assert sorted(demo_applications().values_list("agency__code", "number", "state")) == numbers
    assert get_user_model().objects.count() == users


def test_it_is_refused_on_production_settings_unless_forced(demo):
    counts = (Application.objects.count(), get_user_model().objects.count())
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="--force"):
        call_command("demo", "--reset", stdout=StringIO())
    assert (Application.objects.count(), get_user_model().objects.count()) == counts


def test_it_covers_every_outcome_channel_and_applicant_column(demo):
    closed = demo_applications().filter(state=State.CLOSED)
    assert set(closed.values_list("outcome", flat=True)) == set(OUTCOMES)
    assert set(demo_applications().values_list("channel", flat=True)) == set(Channel.values)
    columns = {c.key for c in TABLE3_APPLICANT_COLUMNS}
    assert set(demo_applications().values_list("report_column", flat=True)) == columns
    kinds = set(ApplicationEvent.objects.values_list("kind", flat=True))
    assert kinds >= {
        "receive_correction",
        "abandon",
        "end_consultation",
        "approve_extension",
        "set_custom_deadline",
        "receive_fee",
        "expire_fee",
        "withdraw",
        "return",
        "leader_approve",
    }
    bases = set(
        ApplicationEvent.objects.filter(kind="send_fee_notice").values_list(
            "data__basis", flat=True
        )
    )
    assert bases == {"by_volume", "by_count"}


def test_applications_fill_both_years_and_some_are_carried_over_from_last_year(demo):
    apps = demo_applications()
    assert apps.filter(received_on__year=LAST_YEAR, closed_on__year=LAST_YEAR).count() > 20
    assert apps.filter(received_on__year=THIS_YEAR).exists()
    carried = apps.filter(received_on__lte=date(LAST_YEAR, 12, 31)).exclude(
        closed_on__lte=date(LAST_YEAR, 12, 31)
    )
    assert carried.exists()


def assert_every_workload_list_filled(apps, today: date) -> None:
    """Each section of the staff workload (selectors) holds at least one demo application."""
    assert selectors.overdue(apps, today).exists()
    assert selectors.due_soon(apps, today, selectors.due_soon_until(today)).exists()
    assert selectors.waiting_on_applicant(apps).filter(state=State.CORRECTION).exists()
    assert selectors.waiting_on_applicant(apps).filter(state=State.AWAITING_FEE).exists()
    assert selectors.waiting_on_third_party(apps).exists()
    assert selectors.unconfirmed(apps).count() >= 2
    # 征求意见期满待决定 and 缴费期满待处理: still waiting, each beside one whose period runs on.
    over = selectors.consultations_over(apps, today)
    assert over and all(p.ended < today for p in over)
    assert selectors.waiting_on_third_party(apps).count() > len(over)
    unpaid = selectors.fee_windows_over(apps, today)
    assert unpaid and all(p.ended < today for p in unpaid)
    assert {p.application.state for p in unpaid} == {State.AWAITING_FEE}
    assert apps.filter(state=State.AWAITING_FEE).count() > len(unpaid)


def assert_histories_sound(apps, today: date) -> None:
    calendar = calendar_current()
    for app in apps.prefetch_related("events"):
        events = sorted(app.events.all(), key=lambda e: (e.on, e.pk))
        assert events and events[-1].state_after == app.state
        assert all(e.on <= today for e in events)
        assert all(e.actor_id or e.kind == "submit" for e in events)
        assert [e.on for e in events] == sorted(e.on for e in events)
        for event in events:
            if event.kind == "request_correction":
                assert event.on <= calendar.add_workdays(app.received_on, 7)
        if app.received_on and app.is_pending:
            assert app.due_on is not None or app.state in (State.CORRECTION, State.CONSULTING)


def assert_reports_clean(code: str, year: int) -> None:
    agency = Agency.objects.get(code=code)
    last, this = report_compute(agency, year - 1), report_compute(agency, year)
    assert [str(f) for f in check(last)] == []
    assert [str(f) for f in check(this)] == []
    assert [str(f) for f in compare(last, this)] == []


def test_the_open_work_today_shows_on_every_workload_list(demo):
    assert_every_workload_list_filled(demo_applications(), TODAY)


def test_every_history_is_in_order_not_in_the_future_and_names_who_took_each_step(demo):
    assert_histories_sound(demo_applications(), TODAY)


@pytest.mark.parametrize("code", ["hlj-ipo", "hlj-edu"])
def test_the_computed_reports_of_both_years_check_clean_and_carry_over(demo, code):
    assert_reports_clean(code, THIS_YEAR)


# Days the demo must build on as well as today: a New Year holiday (2026-01-02), the first
# working days after the Spring Festival, May Day and National Day, a year's last day and the
# next one's first, and a day of 2027, whose holidays may not be loaded (provisional deadlines).
OTHER_DAYS = (
    date(2026, 1, 2),
    date(2026, 2, 24),
    date(2026, 5, 6),
    date(2026, 10, 9),
    date(2026, 12, 31),
    date(2027, 1, 4),
    date(2027, 6, 15),
)


@pytest.mark.parametrize("day", OTHER_DAYS, ids=str)
def test_the_demo_builds_as_if_today_were_another_day_with_everything_still_shown(db, day):
    demo_remove()  # the module's demo, if built already (rolled back with this test)
    with fast_notices():
        built = demo_build(today=day, items_per_agency=25)
    apps = demo_applications()
    assert len(built) == apps.count()
    closed = apps.filter(state=State.CLOSED)
    assert set(closed.values_list("outcome", flat=True)) == set(OUTCOMES)
    assert (
        apps.filter(received_on__lte=date(day.year - 1, 12, 31))
        .exclude(closed_on__lte=date(day.year - 1, 12, 31))
        .exists()
    )
    assert_every_workload_list_filled(apps, day)
    assert_histories_sound(apps, day)
    for code in ("hlj-ipo", "hlj-edu"):
        assert_reports_clean(code, day.year)


# --- 主动公开 -------------------------------------------------------------------------------


# The agencies on the platform; the demo's other agencies only have annual reports (uploaded).
PLATFORM_CODES = tuple(spec.code for spec in AGENCIES)


def demo_items():
    return Item.objects.filter(agency__code__in=CODES)


@pytest.mark.parametrize("code", PLATFORM_CODES)
def test_each_agency_publishes_over_two_hundred_items_across_the_catalogue_over_two_years(
    demo, code
):
    public = demo_items().filter(
        agency__code=code, current_version__isnull=False, withdrawn_on__isnull=True
    )
    assert public.count() >= 200
    assert public.values("current_version__category").distinct().count() >= 10
    years = set(public.values_list("published_on__year", flat=True))
    assert years == {LAST_YEAR, THIS_YEAR}
    assert all(item.index_number for item in public)
    bodies = public.values_list("current_version__body", flat=True)
    assert all("<p>" in body and any("\u4e00" <= c <= "\u9fff" for c in body) for body in bodies)


@pytest.mark.parametrize("code", PLATFORM_CODES)
def test_items_wait_at_every_step_and_some_were_withdrawn_or_superseded(demo, code):
    items = demo_items().filter(agency__code=code)
    states = set(items.values_list("state", flat=True))
    assert {
        ItemState.DRAFT,
        ItemState.SUBMITTED,
        ItemState.HEAD_APPROVED,
        ItemState.LEADER_APPROVED,
        ItemState.WITHDRAWN,
    } <= states
    assert all(item.withdrawn_reason for item in items.filter(state=ItemState.WITHDRAWN))
    replaced = items.filter(current_version__replaces__isnull=False)
    old = {i.current_version.replaces for i in replaced}
    assert {o.current_version.validity for o in old} == {Validity.AMENDED, Validity.REPEALED}
    assert all(o.current_version.number == 2 for o in old)  # revised through the chain


def test_one_draft_at_the_confidentiality_review_holds_an_id_number_for_the_reviewer(demo):
    flagged = [
        item
        for item in demo_items().filter(state=ItemState.LEADER_APPROVED)
        if any(f.hit.kind == "resident_id" for f in item_findings(item))
    ]
    assert len(flagged) == len(PLATFORM_CODES)  # one per agency on the platform


def test_attachments_are_real_docx_and_pdf_files_with_text(demo):
    attachments = ItemAttachment.objects.filter(agency__code__in=CODES)
    kinds = set(attachments.values_list("media_type", flat=True))
    assert kinds == {DOCX, PDF}
    assert all(a.text.strip() for a in attachments)


def test_published_items_are_found_by_search(demo):
    results = search("专利", agency_id=Agency.objects.get(code="hlj-ipo").pk)
    assert results.total >= 20


def _independent_table2(code: str, year: int) -> dict[tuple[str, str], int]:
    """Table 二's first block counted in plain Python over the demo's items, by the rules of
    DOMAIN.md §1.3 as written in reports/compute/table2_predicates.py (not with its queries)."""
    end, first = date(year, 12, 31), date(year, 1, 1)
    counts: dict[tuple[str, str], int] = {}
    items = demo_items().filter(agency__code=code, current_version__isnull=False)
    for item in items.select_related("current_version"):
        version = item.current_version
        if version.kind == "other":
            continue
        written = version.written_on or version.formed_on
        kept = item.withdrawn_on is None or item.withdrawn_on > end
        public = item.published_on <= end and kept
        repealed_by_end = version.validity == Validity.REPEALED and (
            version.validity_changed_on is None or version.validity_changed_on <= end
        )
        rules = {
            "made": first <= written <= end and kept,
            "published": first <= item.published_on <= end and kept,
            "public": public,
            "issued": written <= end
            and item.published_on <= end
            and (written >= first or item.published_on >= first)
            and kept,
            "repealed": version.validity == Validity.REPEALED
            and version.validity_changed_on is not None
            and first <= version.validity_changed_on <= end,
            "in_force": public and not repealed_by_end,
        }
        for rule, holds in rules.items():
            counts[version.kind, rule] = counts.get((version.kind, rule), 0) + int(holds)
    return counts


COLUMN_RULES = {
    "2019": ("made", "published", "public"),
    "2021": ("issued", "repealed", "in_force"),
}


def assert_table2_matches(code: str, year: int) -> None:
    agency = Agency.objects.get(code=code)
    edition = edition_for_year(year)
    cells = table2_cells(agency, year)
    expected = _independent_table2(code, year)
    block = edition.table2[0]
    for row, kind in zip(block.rows, ("rule", "normative"), strict=True):
        for column, rule in zip(block.columns, COLUMN_RULES[edition.key], strict=True):
            key = CellKey("二", block.heading, row.label, column.label)
            assert cells[key] == expected.get((kind, rule), 0), key
    assert expected[("normative", COLUMN_RULES[edition.key][2])] > 0  # the block is not empty
    # Every input cell is entered, so the whole table is there, and the report checks clean.
    assert all(key in cells for key in edition.cell_keys() if key.section == "二")
    assert [str(f) for f in check(report_compute(agency, year))] == []


@pytest.mark.parametrize("code", PLATFORM_CODES)
@pytest.mark.parametrize("year", [LAST_YEAR, THIS_YEAR])
def test_table_two_equals_an_independent_count_of_the_items_and_the_report_checks_clean(
    demo, code, year
):
    assert_table2_matches(code, year)


def test_table_two_in_the_2019_edition_equals_an_independent_count_too(db):
    """A demo built as if it were 2021: its first year, 2020, is reported in the 2019 edition."""
    demo_remove()
    with fast_notices():
        demo_build(today=date(2021, 6, 15), items_per_agency=80)
    assert edition_for_year(2020).key == "2019"
    for code in PLATFORM_CODES:
        assert_table2_matches(code, 2020)
