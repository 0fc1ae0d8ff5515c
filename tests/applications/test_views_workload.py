"""The workload screen and the searchable list: the staff's own agencies' applications, by risk."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.agencies.models import Agency, Department, Membership, Role
from gongkai.applications import outcomes
from gongkai.applications.models import Application
from gongkai.applications.selectors import due_soon_until
from gongkai.applications.services import application_register
from gongkai.workdays.models import CalendarYear
from tests.applications.factories import make_user, person_intake
from tests.applications.views_helpers import (
    act,
    assigned,
    awaiting_fee,
    days_ago,
    days_ahead,
    drafted,
    registered,
    submitted_online,
    today,
)

WORKLOAD = reverse("applications:workload")
LIST = reverse("applications:list")


def section(html: str, key: str) -> str:
    start = html.index(f'id="{key}"')
    end = html.find("<section", start)
    return html[start : end if end != -1 else None]


def test_anonymous_staff_pages_ask_to_log_in(client, db):
    response = client.get(WORKLOAD)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={WORKLOAD}"


def test_the_login_page_signs_staff_in_to_their_workload(client, office):
    page = client.get(reverse("login"))
    assert page.status_code == 200 and "工作人员登录" in page.text
    response = client.post(reverse("login"), {"username": "clerk", "password": "pw-for-tests-only"})
    assert response.status_code == 302 and response["Location"] == WORKLOAD
    wrong = client.post(reverse("login"), {"username": "clerk", "password": "nope"})
    assert wrong.status_code == 200 and 'class="error-summary"' in wrong.text


def test_each_section_lists_what_belongs_to_it(client, office):
    online = submitted_online(office, info_name="网上提交待确认的申请")
    late = registered(office, received=days_ago(60), info_name="早已逾期的申请")
    soon = registered(office, received=days_ago(26), info_name="即将到期的申请")
    waiting = act(
        registered(office, info_name="等待补正的申请"),
        "request_correction",
        office.clerk,
        items="请说明所需信息的文号",
        until=days_ahead(15).isoformat(),
    )
    consulting = act(
        assigned(office, info_name="征求第三方意见的申请"),
        "start_consultation",
        office.clerk,
        party="某某公司",
    )
    client.force_login(office.clerk)
    html = client.get(WORKLOAD).text
    assert online.info_name in section(html, "unconfirmed")
    assert late.info_name in section(html, "overdue")
    assert 'class="overdue"' in section(html, "overdue")
    assert late.info_name not in section(html, "due_soon")
    assert today() <= soon.due_on <= due_soon_until(today())  # the data is what it claims
    assert soon.info_name in section(html, "due_soon")
    assert waiting.info_name in section(html, "waiting_applicant")
    assert consulting.info_name in section(html, "waiting_third_party")
    everything = section(html, "open")
    for app in (online, late, soon, waiting, consulting):
        assert app.number in everything
    assert reverse("applications:detail", args=[late.pk]) in html


def test_each_row_shows_number_applicant_name_state_and_due_date_with_its_explanation(
    client, office
):
    app = registered(office, applicant_name="赵六")
    client.force_login(office.clerk)
    row = section(client.get(WORKLOAD).text, "open")
    for text in (app.number, "赵六", app.info_name, "已登记", f"{app.due_on:%Y-%m-%d}"):
        assert text in row
    assert f'title="{app.due_explanation}"' in row


def test_provisional_deadlines_are_listed_marked_and_bannered(client, office):
    CalendarYear.objects.filter(year__gte=today().year).delete()
    app = registered(office)
    client.force_login(office.clerk)
    html = client.get(WORKLOAD).text
    provisional = section(html, "provisional")
    assert app.number in provisional and "暂定" in provisional
    assert 'class="workdays-banner"' in html
    assert f"{today().year}" in re.search(r'class="workdays-banner".*?</div>', html, re.S)[0]


def test_no_banner_while_the_years_are_loaded(client, office):
    for year in (today().year, today().year + 1):
        CalendarYear.objects.get_or_create(year=year, defaults={"source": "测试"})
    client.force_login(office.clerk)
    assert 'class="workdays-banner"' not in client.get(WORKLOAD).text


def test_staff_never_see_another_agencys_applications(client, office):
    theirs = application_register(
        agency=office.other_agency,
        intake=person_intake(info_name="教育厅的申请"),
        received_on=today(),
        actor=office.outsider,
    )
    mine = registered(office)
    client.force_login(office.clerk)
    html = client.get(WORKLOAD).text
    assert mine.number in html and theirs.info_name not in html
    assert client.get(WORKLOAD, {"agency": office.other_agency.code}).status_code == 404
    assert theirs.info_name not in client.get(LIST).text


def test_a_user_of_several_agencies_picks_one(client, office):
    Membership.objects.create(user=office.clerk, agency=office.other_agency, role=Role.CLERK)
    theirs = application_register(
        agency=office.other_agency,
        intake=person_intake(info_name="教育厅的申请"),
        received_on=today(),
        actor=office.clerk,
    )
    client.force_login(office.clerk)
    first = client.get(WORKLOAD).text
    assert 'name="agency"' in first and office.other_agency.name in first
    chosen = client.get(WORKLOAD, {"agency": office.other_agency.code}).text
    assert theirs.info_name in section(chosen, "open")


def test_the_provincial_office_reads_the_workload_of_agencies_below_it(client, office):
    app = registered(office)
    client.force_login(office.provincial)
    html = client.get(WORKLOAD, {"agency": office.agency.code}).text
    assert app.number in html


def test_a_user_without_any_agency_is_refused_with_a_reason(client, office):
    from tests.applications.factories import make_user

    client.force_login(make_user("nobody"))
    response = client.get(WORKLOAD)
    assert response.status_code == 403
    assert "没有任何机关" in response.text


def test_the_list_filters_by_state_year_and_text(client, office):
    a = registered(office, applicant_name="钱七", info_name="道路规划图")
    b = assigned(office, applicant_name="孙八", info_name="财政预算表")
    client.force_login(office.clerk)

    def numbers(**params) -> set[str]:
        page = client.get(LIST, params).context["page"]
        return {app.number for app in page.object_list}

    assert numbers() == {a.number, b.number}
    assert numbers(state="assigned") == {b.number}
    assert numbers(state="open") == {a.number, b.number}
    assert numbers(q="钱七") == {a.number}
    assert numbers(q="财政") == {b.number}
    assert numbers(q=b.number) == {b.number}
    assert numbers(year=today().year) == {a.number, b.number}
    assert numbers(year=today().year - 1) == set()


def test_a_bad_filter_is_named_and_kept(client, office):
    client.force_login(office.clerk)
    response = client.get(LIST, {"year": "去年", "q": "预算"})
    assert response.status_code == 200
    assert response.context["form"].errors["year"] == ["年度应为整数"]
    assert 'value="预算"' in response.text


def test_the_list_pages_through_many_applications(client, office):
    for _ in range(55):
        registered(office)
    client.force_login(office.clerk)
    first = client.get(LIST)
    assert len(first.context["page"].object_list) == 50
    second = client.get(LIST, {"page": 2})
    assert len(second.context["page"].object_list) == 5
    assert Application.objects.count() == 55


def test_the_agency_filter_only_offers_the_users_agencies(client, office):
    Agency.objects.create(code="far-away", name="遥远的机关")
    client.force_login(office.clerk)
    assert "遥远的机关" not in client.get(LIST).text


def test_the_workload_links_to_table_3_of_last_year_and_this_year(client, office):
    client.force_login(office.clerk)
    html = client.get(reverse("applications:workload")).text
    year = timezone.localdate().year
    for y in (year - 1, year):
        assert reverse("reports:table3", args=[office.agency.code, y]) in html


# -- waiting periods that are over -------------------------------------------------------------
# Today is fixed at 2026-11-27 (a Friday): a consultation started 11-05 (16 working days ago) had
# its 15 working days end 11-26; one started 11-13 (10 working days ago) runs to 12-04. A fee
# notice of 10-29 had its 20 working days to pay end 11-26; one of 10-30 ends today.

FRIDAY = date(2026, 11, 27)


@pytest.fixture
def friday(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: FRIDAY)


def consulting_since(office, started: date, **intake) -> Application:
    app = act(
        registered(office, received=date(2026, 11, 2), **intake),
        "assign",
        office.clerk,
        on=date(2026, 11, 3),
        department=office.department.pk,
    )
    return act(app, "start_consultation", office.clerk, on=started, party="某某科技有限公司")


def test_a_consultation_whose_answer_period_is_over_is_listed_as_danger_with_its_end(
    client, office, friday
):
    over = consulting_since(office, date(2026, 11, 5), info_name="征求意见已满十五个工作日")
    running = consulting_since(office, date(2026, 11, 13), info_name="征求意见未满")
    client.force_login(office.clerk)
    html = client.get(WORKLOAD).text
    found = section(html, "consultation_over")
    assert '<section class="workload danger" id="consultation_over">' in html
    assert "征求意见期满待决定" in found and "（1）" in found
    assert over.info_name in found and running.info_name not in found
    row = found[found.index(over.number) :]
    assert "2026-11-05" in row and "2026-11-26" in row
    assert 'title="征求意见答复期 15 个工作日，自 2026-11-05 起算' in row
    # Both are still waiting on the third party; the clock of neither can turn overdue.
    for app in (over, running):
        assert app.info_name in section(html, "waiting_third_party")
        assert app.info_name not in section(html, "overdue")


def test_a_fee_window_that_is_over_is_listed_with_the_payment_deadline(client, office, friday):
    over = awaiting_fee(office, date(2026, 10, 29), info_name="缴费期已满")
    running = awaiting_fee(office, date(2026, 10, 30), info_name="缴费期今天届满")
    client.force_login(office.clerk)
    html = client.get(WORKLOAD).text
    found = section(html, "fee_window_over")
    assert '<section class="workload danger" id="fee_window_over">' in html
    assert "缴费期满待处理" in found and "缴费期限" in found
    assert over.info_name in found and running.info_name not in found
    row = found[found.index(over.number) :]
    assert "2026-10-29" in row and "2026-11-26" in row
    assert 'class="overdue"' in row


def test_the_period_sections_show_only_the_users_agency(client, office, friday):
    consulting_since(office, date(2026, 11, 5), info_name="本机关的征求意见")
    theirs = application_register(
        agency=office.other_agency,
        intake=person_intake(info_name="教育厅的征求意见"),
        received_on=date(2026, 11, 2),
        actor=office.outsider,
    )
    their_department = Department.objects.get(agency=office.other_agency)
    # Assigning needs a department someone heads (so that someone reviews its reply).
    Membership.objects.create(
        user=make_user("edu_head"),
        agency=office.other_agency,
        role=Role.HEAD,
        department=their_department,
    )
    theirs = act(
        theirs, "assign", office.outsider, on=date(2026, 11, 3), department=their_department.pk
    )
    act(theirs, "start_consultation", office.outsider, on=date(2026, 11, 5), party="某公司")
    client.force_login(office.clerk)
    found = section(client.get(WORKLOAD).text, "consultation_over")
    assert "本机关的征求意见" in found and "教育厅的征求意见" not in found


# -- what waits for the person looking --------------------------------------------------------


def queue(html: str, key: str) -> str:
    assert 'id="my-queue"' in html
    return section(html, key)


def test_a_clerk_sees_the_replies_to_draft_that_are_assigned_to_them(client, office):
    mine = act(
        registered(office, info_name="分给我的申请"),
        "assign",
        office.clerk,
        department=office.department.pk,
        assignee=office.clerk.pk,
    )
    theirs = act(
        registered(office, info_name="分给同事的申请"),
        "assign",
        office.clerk,
        department=office.department.pk,
        assignee=office.clerk2.pk,
    )
    client.force_login(office.clerk)
    html = client.get(WORKLOAD).text
    drafts = queue(html, "my_drafts")
    assert mine.info_name in drafts and theirs.info_name not in drafts
    assert "（1）" in drafts
    # A clerk reviews nothing: no reviewer's queue for them.
    for key in ("my_head_reviews", "my_leader_approvals", "my_clearances", "my_extensions"):
        assert f'id="{key}"' not in html
    assert theirs.info_name in section(html, "open")  # the agency's backlog still lists it


def test_a_head_sees_the_drafted_replies_of_each_department_they_head(client, office):
    second = Department.objects.create(agency=office.agency, name="专利管理处")
    third = Department.objects.create(agency=office.agency, name="法规处")
    head = make_user("two_departments")
    for department in (office.department, second):
        Membership.objects.create(
            user=head, agency=office.agency, role=Role.HEAD, department=department
        )
    Membership.objects.create(
        user=make_user("third_head"), agency=office.agency, role=Role.HEAD, department=third
    )

    def drafted_in(department: Department, name: str) -> Application:
        app = act(
            registered(office, info_name=name), "assign", office.clerk, department=department.pk
        )
        return act(app, "draft", office.clerk, outcome="result.granted", reply_text="答复")

    first_app = drafted_in(office.department, "综合协调处的答复")
    second_app = drafted_in(second, "专利管理处的答复")
    third_app = drafted_in(third, "法规处的答复")
    client.force_login(head)
    reviews = queue(client.get(WORKLOAD).text, "my_head_reviews")
    assert first_app.info_name in reviews and second_app.info_name in reviews
    assert third_app.info_name not in reviews
    assert "综合协调处" in reviews and "专利管理处" in reviews  # the hint names them


def test_the_leader_sees_only_replies_that_need_the_leader_and_the_reviewer_the_rest(
    client, office
):
    needs = act(
        drafted(office, outcome=outcomes.PARTIAL, by=office.clerk2), "head_review", office.head
    )
    plain = act(
        drafted(office, outcome=outcomes.GRANTED, by=office.clerk2), "head_review", office.head
    )
    approved = act(
        act(
            drafted(office, outcome=outcomes.PARTIAL, by=office.clerk2), "head_review", office.head
        ),
        "leader_approve",
        office.leader,
    )
    client.force_login(office.leader)
    approvals = queue(client.get(WORKLOAD).text, "my_leader_approvals")
    assert needs.number in approvals
    assert plain.number not in approvals and approved.number not in approvals
    client.force_login(office.reviewer)
    clearances = queue(client.get(WORKLOAD).text, "my_clearances")
    assert plain.number in clearances and approved.number in clearances
    assert needs.number not in clearances  # the leader first


def test_no_one_finds_their_own_draft_in_their_review_queue(client, office):
    both = make_user("drafter_and_head", (office.agency, Role.CLERK))
    Membership.objects.create(
        user=both, agency=office.agency, role=Role.HEAD, department=office.department
    )
    own = drafted(office, by=both)
    other = drafted(office, by=office.clerk2)
    client.force_login(both)
    reviews = queue(client.get(WORKLOAD).text, "my_head_reviews")
    assert other.number in reviews and own.number not in reviews


def test_extensions_due_soon_wait_for_the_disclosure_office_head_only(client, office):
    other_department = Department.objects.create(agency=office.agency, name="专利管理处")
    office.agency.disclosure_office = office.department
    office.agency.save()
    Membership.objects.create(
        user=office.head, agency=office.agency, role=Role.HEAD, department=office.department
    )
    other_head = make_user("other_head")
    Membership.objects.create(
        user=other_head, agency=office.agency, role=Role.HEAD, department=other_department
    )
    soon = registered(office, received=days_ago(26), info_name="即将到期的申请")
    later = registered(office, info_name="刚收到的申请")
    client.force_login(office.head)
    extensions = queue(client.get(WORKLOAD).text, "my_extensions")
    assert soon.info_name in extensions and later.info_name not in extensions
    act(soon, "approve_extension", office.head, days=10, reason="需调取档案")
    assert soon.info_name not in queue(client.get(WORKLOAD).text, "my_extensions")  # once only
    client.force_login(other_head)
    html = client.get(WORKLOAD).text
    assert 'id="my_extensions"' in html  # a head, but not of the disclosure office:
    assert "即将到期的申请" not in section(html, "my_extensions")


def test_a_reader_has_no_queue_of_their_own(client, office):
    registered(office)
    client.force_login(office.provincial)
    html = client.get(WORKLOAD, {"agency": office.agency.code}).text
    assert 'id="my-queue"' not in html and 'id="open"' in html


# -- the menu: only what the role may do --------------------------------------------------------


def menu(client, user) -> set[str]:
    client.force_login(user)
    return set(re.findall(r'data-menu="([a-z_]+)"', client.get(WORKLOAD).text))


def test_the_menu_offers_each_role_only_what_it_may_do(client, office):
    everyday = {"workload", "list", "items"}
    agency = {"annual", "remedies"}  # the annual report and the register of the agency
    drafting = {"register", "ledger_import", "item_new"}
    assert menu(client, office.clerk) == everyday | agency | drafting
    admin = everyday | agency | drafting | {"catalogue", "agency_admin"}
    assert menu(client, office.admin) == admin
    for reader in (office.head, office.leader, office.reviewer):
        assert menu(client, reader) == everyday | agency, reader
    assert menu(client, office.provincial) == everyday | {"province"}
