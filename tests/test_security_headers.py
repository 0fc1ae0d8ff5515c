"""Private pages are not cached, public ones stay cacheable; each response carries a request id,
and an error is logged with its traceback, every line with that id, and mailed to ADMINS."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path, reverse

from tests.applications.factories import Office, make_office
from tests.applications.track_helpers import lookup, status_url
from tests.applications.views_helpers import registered
from tests.test_settings import settings_in_a_fresh_process


class Boom(Exception):
    pass


def boom(request: HttpRequest) -> HttpResponse:
    raise Boom("the view failed on purpose")


# The URLconf of the error tests (pytest.mark.urls below): one view that raises.
urlpatterns = [path("boom/", boom)]


@pytest.fixture
def office(db) -> Office:
    return make_office()


# -- Cache-Control ---------------------------------------------------------------------------


def test_a_staff_page_is_not_stored_by_any_cache(office: Office):
    client = Client()
    client.force_login(office.clerk)
    response = client.get(reverse("applications:workload"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_public_portal_page_stays_cacheable(office: Office):
    response = Client().get(reverse("portal:home"))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_applicant_s_own_status_page_is_not_stored(office: Office):
    app = registered(office)
    client = Client()
    assert "no-store" not in client.get(reverse("applications:track")).get("Cache-Control", "")
    lookup(client, app.query_code, app.phone)
    response = client.get(status_url(app))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_signed_in_user_s_public_page_is_private_too(office: Office):
    client = Client()
    client.force_login(office.clerk)
    assert client.get(reverse("portal:home"))["Cache-Control"] == "private, no-store"


# -- the request id --------------------------------------------------------------------------


def test_every_response_carries_a_request_id_of_its_own(db):
    first = Client().get(reverse("login"))["X-Request-ID"]
    second = Client().get(reverse("login"))["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_the_proxy_s_request_id_is_kept_and_a_malformed_one_replaced(db):
    kept = Client().get(reverse("login"), headers={"X-Request-ID": "nginx-4f1c.2"})
    assert kept["X-Request-ID"] == "nginx-4f1c.2"
    forged = Client().get(reverse("login"), headers={"X-Request-ID": "a b\nERROR fake line"})
    assert forged["X-Request-ID"] != "a b\nERROR fake line" and len(forged["X-Request-ID"]) == 32


@pytest.fixture
def error_log() -> Iterator[io.StringIO]:
    """What the configured standard-error handler (settings.LOGGING) writes, during the test."""
    [handler] = [h for h in logging.getLogger().handlers if h.name == "stderr"]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        yield stream
    finally:
        handler.setStream(previous)


@pytest.mark.urls(__name__)
def test_an_error_is_logged_with_its_traceback_every_line_with_the_request_id(db, error_log):
    response = Client(raise_request_exception=False).get(
        "/boom/", headers={"X-Request-ID": "req-12345"}
    )
    assert response.status_code == 500
    assert response["X-Request-ID"] == "req-12345"
    lines = [line for line in error_log.getvalue().splitlines() if "req-12345" in line]
    text = "\n".join(lines)
    assert "ERROR req-12345 django.request: Internal Server Error: /boom/" in text
    assert "Traceback (most recent call last):" in text
    assert "Boom: the view failed on purpose" in text
    # Every line of the record carries the id: nothing of the traceback is left without it.
    record = error_log.getvalue().split("ERROR req-12345", 1)[1]
    assert all("req-12345" in line for line in record.splitlines()[1:] if line)


@pytest.mark.urls(__name__)
def test_an_error_is_mailed_to_the_admins(db, settings, mailoutbox):
    settings.ADMINS = [("运维组", "ops@example.gov.cn")]
    Client(raise_request_exception=False).get("/boom/")
    [mail] = mailoutbox
    assert mail.to == ["ops@example.gov.cn"]
    assert mail.subject.startswith("[Gongkai] ERROR")
    assert "Boom at /boom/\nthe view failed on purpose" in mail.body


def test_a_log_line_outside_a_request_has_a_dash_for_its_id(error_log):
    logging.getLogger("gongkai.test").warning("outside any request")
    assert "WARNING - gongkai.test: outside any request" in error_log.getvalue()


# -- ADMINS and SERVER_EMAIL from the environment --------------------------------------------


def test_admins_and_the_error_mail_sender_come_from_the_environment():
    result = settings_in_a_fresh_process(
        "s.ADMINS, s.SERVER_EMAIL",
        GONGKAI_ADMINS="运维组 <ops@example.gov.cn>, admin@example.gov.cn",
        GONGKAI_SERVER_EMAIL="errors@example.gov.cn",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "([('运维组', 'ops@example.gov.cn'), ('admin@example.gov.cn', 'admin@example.gov.cn')], "
        "'errors@example.gov.cn')"
    )
    default = settings_in_a_fresh_process("s.ADMINS, s.SERVER_EMAIL")
    assert default.stdout.strip() == "([], 'gongkai@localhost')", default.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [("GONGKAI_ADMINS", "ops, admin@example.gov.cn"), ("GONGKAI_LOG_LEVEL", "LOUD")],
)
def test_a_bad_logging_value_stops_start_up_naming_the_variable(name: str, value: str):
    result = settings_in_a_fresh_process("1", **{name: value})
    assert result.returncode != 0
    assert f"环境变量 {name}" in result.stderr
