"""The applicant's lookup: query code plus phone or ID number opens their application only."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from gongkai.applications import outcomes
from gongkai.applications.views.access import APPLICANT_SESSION_KEY
from gongkai.applications.views.public import LOOKUP_FAILED
from gongkai.workdays.models import CalendarYear
from tests.applications.track_helpers import guessed_code
from tests.applications.views_helpers import (
    act,
    assigned,
    drafted,
    registered,
    submitted_online,
    today,
)

TRACK = reverse("applications:track")


def status_url(app) -> str:
    return reverse("applications:track_status", args=[app.pk])


def lookup(client, code: str, proof: str):
    return client.post(TRACK, {"query_code": code, "proof": proof})


def lookup_from(client, app, **headers):
    return client.post(TRACK, {"query_code": app.query_code, "proof": app.phone}, **headers)


def test_the_lookup_page_is_public(client, db):
    response = client.get(TRACK)
    assert response.status_code == 200
    assert 'name="query_code"' in response.text and 'name="proof"' in response.text


@pytest.mark.parametrize("proof", ["phone", "id_number"])
def test_code_and_phone_or_id_number_open_the_status_page(client, office, proof):
    app = submitted_online(office)
    response = lookup(client, app.query_code.lower(), getattr(app, proof))
    assert response.status_code == 302 and response["Location"] == status_url(app)
    assert client.session[APPLICANT_SESSION_KEY] == [app.pk]
    page = client.get(status_url(app))
    assert page.status_code == 200
    assert "已提交，待机关确认收到" in page.text
    assert app.info_name in page.text


def test_an_organisation_opens_with_its_credit_code(client, office):
    from gongkai.applications.services import application_submit_online
    from tests.applications.factories import organisation_intake

    app = application_submit_online(agency=office.agency, intake=organisation_intake())
    assert lookup(client, app.query_code, app.uscc).status_code == 302


@pytest.mark.parametrize(
    "case", ["wrong proof", "unknown code", "empty proof", "another applicant's phone"]
)
def test_a_failed_lookup_says_one_thing_whatever_was_wrong(client, office, case):
    app = submitted_online(office)
    other = submitted_online(office, phone="13911112222")
    code, proof = {
        "wrong proof": (app.query_code, "13000000000"),
        "unknown code": ("ZZZZ-ZZZZ-ZZZZ", app.phone),
        "empty proof": (app.query_code, ""),
        "another applicant's phone": (app.query_code, other.phone),
    }[case]
    response = lookup(client, code, proof)
    assert response.status_code == 200
    assert APPLICANT_SESSION_KEY not in client.session
    if case == "empty proof":
        assert response.context["form"].errors["proof"] == ["请填写联系电话或证件号码"]
    else:
        assert response.context["form"].non_field_errors() == [LOOKUP_FAILED]
    assert f'value="{code}"' in response.text  # the code typed stays in the form


def test_the_status_page_is_closed_to_a_browser_that_did_not_open_it(client, office):
    mine, theirs = submitted_online(office), submitted_online(office)
    lookup(client, mine.query_code, mine.phone)
    assert client.get(status_url(mine)).status_code == 200
    assert client.get(status_url(theirs)).status_code == 404


def test_the_status_shows_receipt_deadline_and_its_explanation(client, office):
    # Received on a fixed day whose deadline falls in a year with its holidays loaded: "today"
    # in December runs into a year whose holidays may not be published yet (provisional).
    app = registered(office, received=date(2026, 3, 2))
    assert not app.due_provisional
    lookup(client, app.query_code, app.phone)
    page = client.get(status_url(app)).text
    assert f"{app.received_on:%Y-%m-%d}" in page
    assert f"{app.due_on:%Y-%m-%d}" in page
    assert app.due_explanation in page
    assert "暂定" not in page


def test_a_provisional_deadline_is_marked_and_explained(client, office):
    CalendarYear.objects.filter(year__gte=today().year).delete()
    app = registered(office)
    assert app.due_provisional
    lookup(client, app.query_code, app.phone)
    page = client.get(status_url(app)).text
    assert "（暂定）" in page
    assert "节假日安排尚未公布" in page


def test_the_applicant_never_sees_drafts_notes_or_who_handled_it(client, office):
    app = drafted(office, outcome=outcomes.PARTIAL)
    app = act(app, "return", office.head, reason="内部讨论：第三段措辞需斟酌")
    office.clerk.first_name = "承办人甲"
    office.clerk.save()
    lookup(client, app.query_code, app.phone)
    page = client.get(status_url(app)).text
    for internal in (
        "答复如下",  # the reply draft
        "内部讨论",  # a return reason
        "承办人甲",
        office.clerk.username,
        office.department.name,
        "部分公开",  # the drafted outcome, before anything is served
        "退回",
    ):
        assert internal not in page, internal
    assert "办理中" in page


def test_after_the_reply_is_served_the_outcome_is_shown(client, office):
    app = drafted(office)
    app = act(app, "head_review", office.head)
    app = act(app, "clear", office.reviewer)
    app = act(app, "serve", office.clerk)
    lookup(client, app.query_code, app.phone)
    page = client.get(status_url(app)).text
    assert "已答复" in page
    assert outcomes.outcome(outcomes.GRANTED).label in page


def test_the_applicant_downloads_their_notices_but_not_a_letter_to_a_third_party(client, office):
    app = assigned(office)  # registered: a receipt (受理回执) went to the applicant
    app = act(app, "start_consultation", office.clerk, party="某某科技有限公司")
    lookup(client, app.query_code, app.phone)
    page = client.get(status_url(app))
    notices = page.context["notices"]
    assert [n.title for n in notices] == ["政府信息公开申请受理回执"]
    assert "征询" not in page.text  # the letter to the third party is not theirs
    download = client.get(notices[0].pdf_url)
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF")
    stranger = type(client)()
    assert stranger.get(notices[0].pdf_url).status_code == 404


def test_guessing_is_slowed_after_ten_failures_even_with_the_right_proof(client, office):
    app = submitted_online(office)
    for _ in range(10):
        assert lookup(client, app.query_code, "13000000000").status_code == 200
    blocked = lookup(client, app.query_code, app.phone)
    assert blocked.status_code == 429 and "次数过多" in blocked.text
    assert "applicant_application_ids" not in client.session


def test_failures_on_other_codes_from_elsewhere_do_not_block_an_applicant(client, office):
    app = submitted_online(office)
    for i in range(10):
        client.post(TRACK, {"query_code": guessed_code(i), "proof": "1"}, REMOTE_ADDR="10.0.0.9")
    assert lookup(client, app.query_code, app.phone).status_code == 302


def test_the_phone_may_be_written_with_or_without_separators(client, office):
    app = submitted_online(office, phone="0451-8666 1234")
    assert lookup(client, app.query_code, "045186661234").status_code == 302


def test_behind_a_proxy_the_limit_counts_per_client_from_the_named_header(client, office, settings):
    settings.GONGKAI_CLIENT_ADDRESS_HEADER = "HTTP_X_FORWARDED_FOR"
    app = submitted_online(office)
    for i in range(10):  # one guesser behind the proxy
        client.post(
            TRACK,
            {"query_code": guessed_code(i), "proof": "1"},
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )
    blocked = client.post(
        TRACK, {"query_code": guessed_code(99), "proof": "1"}, HTTP_X_FORWARDED_FOR="203.0.113.7"
    )
    assert blocked.status_code == 429
    # Another applicant, through the same proxy (the same REMOTE_ADDR), is not blocked.
    other = lookup_from(client, app, HTTP_X_FORWARDED_FOR="198.51.100.2, 203.0.113.99")
    assert other.status_code == 302
