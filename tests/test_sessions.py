"""Sessions end on their own: a staff session after GONGKAI_STAFF_IDLE_MINUTES without a request
(each request pushes the end back), and every session cookie, an applicant's too, when the
browser closes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.applications.factories import Office, make_office
from tests.applications.track_helpers import lookup, status_url
from tests.applications.views_helpers import registered
from tests.test_settings import settings_in_a_fresh_process

WORKLOAD = reverse("applications:workload")
IDLE = timedelta(minutes=30)  # the default


@pytest.fixture
def office(db) -> Office:
    return make_office()


@pytest.fixture
def travel(monkeypatch: pytest.MonkeyPatch):
    """Moves the clock (django.utils.timezone.now, which sessions and the middleware read)."""
    real_now = timezone.now
    offset = timedelta()

    def to(later: timedelta) -> None:
        nonlocal offset
        offset = later

    monkeypatch.setattr(timezone, "now", lambda: real_now() + offset)
    return to


def sign_in(office: Office) -> tuple[Client, object]:
    client = Client()
    response = client.post(
        reverse("login"), {"username": office.clerk.username, "password": "pw-for-tests-only"}
    )
    assert response.status_code == 302, response.content
    return client, response


def stored(client: Client) -> Session:
    return Session.objects.get(
        session_key=client.cookies[django_settings.SESSION_COOKIE_NAME].value
    )


def session_writes(captured: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith(("UPDATE", "INSERT")) and "django_session" in q["sql"]
    ]


def test_the_default_idle_limit_is_thirty_minutes_and_read_from_the_environment():
    assert django_settings.SESSION_COOKIE_AGE == 30 * 60
    result = settings_in_a_fresh_process(
        "s.SESSION_COOKIE_AGE, s.SESSION_EXPIRE_AT_BROWSER_CLOSE",
        GONGKAI_STAFF_IDLE_MINUTES="10",
    )
    assert result.stdout.strip() == "(600, True)", result.stderr
    bad = settings_in_a_fresh_process("1", GONGKAI_STAFF_IDLE_MINUTES="0")
    assert bad.returncode != 0 and "环境变量 GONGKAI_STAFF_IDLE_MINUTES" in bad.stderr


def test_a_staff_session_cookie_ends_with_the_browser_and_the_session_when_idle(office: Office):
    client, response = sign_in(office)
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # a browser-session cookie
    left = stored(client).expire_date - timezone.now()
    assert IDLE - timedelta(seconds=30) < left <= IDLE


def test_after_the_idle_limit_the_staff_user_must_sign_in_again(office: Office, travel):
    client, _ = sign_in(office)
    assert client.get(WORKLOAD).status_code == 200
    travel(IDLE + timedelta(minutes=1))
    response = client.get(WORKLOAD)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_each_request_pushes_the_end_back(office: Office, travel):
    client, _ = sign_in(office)
    travel(timedelta(minutes=20))
    assert client.get(WORKLOAD).status_code == 200
    travel(timedelta(minutes=40))  # 40 minutes after signing in, 20 after the last request
    assert client.get(WORKLOAD).status_code == 200
    travel(timedelta(minutes=40 + 31))
    assert client.get(WORKLOAD).status_code == 302


def test_a_request_within_a_minute_of_the_last_write_writes_nothing(office: Office, travel):
    client, _ = sign_in(office)
    before = stored(client).expire_date
    travel(timedelta(seconds=30))
    with CaptureQueriesContext(connection) as captured:
        assert client.get(WORKLOAD).status_code == 200
    assert session_writes(captured) == []
    assert stored(client).expire_date == before
    travel(timedelta(minutes=2))
    with CaptureQueriesContext(connection) as captured:
        client.get(WORKLOAD)
    assert len(session_writes(captured)) == 1
    assert stored(client).expire_date > before + timedelta(minutes=1)


def test_the_first_request_after_force_login_writes_no_session(office: Office):
    # The staff pages' pinned query counts sign in with force_login and measure the next request.
    client = Client()
    client.force_login(office.clerk)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(WORKLOAD).status_code == 200
    assert session_writes(captured) == []


def test_an_applicant_s_session_ends_when_the_browser_closes(office: Office):
    app = registered(office)
    client = Client()
    response = lookup(client, app.query_code, app.phone)
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie.value and cookie["max-age"] == "" and cookie["expires"] == ""
    assert client.get(status_url(app)).status_code == 200


def test_an_applicant_s_lookup_ends_when_idle_too(office: Office, travel):
    app = registered(office)
    client = Client()
    lookup(client, app.query_code, app.phone)
    travel(IDLE + timedelta(minutes=1))
    assert client.get(status_url(app)).status_code == 404
