"""The Content-Security-Policy: on one page of every kind, public and staff, the header is there,
allows no inline script, and the page has none (no <script> without src, no on*= handler), so
that what the policy forbids is nothing the page needs."""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.core.two_factor import totp_device_start
from tests.applications.factories import Office, make_office
from tests.publishing.factories import published_item
from tests.reports.province.world import YEAR

REPO_ROOT = Path(__file__).resolve().parents[1]


class _Scripts(HTMLParser):
    """Inline scripts, event-handler attributes and javascript: URLs, each as a short note."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _value in attrs}
        if tag == "script" and "src" not in names:
            self.found.append(f"<script> without src at line {self.getpos()[0]}")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…> at line {self.getpos()[0]}")
            if name in ("href", "src", "action", "formaction") and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:…> at line {self.getpos()[0]}")


def inline_script(html: str) -> list[str]:
    parser = _Scripts()
    parser.feed(html)
    parser.close()
    return parser.found


def directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


@pytest.fixture
def office(db) -> Office:
    return make_office()


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# Each kind of page: (who asks, the address), built for the test's office.
PAGES: dict[str, Callable[[Office], tuple[object | None, str]]] = {
    "portal home": lambda o: (None, reverse("portal:home")),
    "portal item": lambda o: (
        None,
        reverse("portal:item", args=[o.agency.code, published_item(o).pk]),
    ),
    "public search": lambda o: (None, reverse("portal:search") + "?q=专利"),
    "public checker": lambda o: (None, reverse("reports:check")),
    "applicant form": lambda o: (None, reverse("applications:apply", args=[o.agency.code])),
    "applicant lookup": lambda o: (None, reverse("applications:track")),
    "staff login": lambda o: (None, reverse("login")),
    "staff workload": lambda o: (o.clerk, reverse("applications:workload")),
    "staff registration": lambda o: (o.clerk, reverse("applications:register")),
    "annual report list": lambda o: (o.clerk, reverse("annual:list", args=[o.agency.code])),
    "provincial view": lambda o: (o.provincial, reverse("province:year", args=[YEAR])),
    # The two-factor set-up with its QR code (inline SVG markup) and secret.
    "two-factor set-up": lambda o: (
        o.clerk,
        totp_device_start(user=o.clerk) and reverse("two_factor"),
    ),
}


@pytest.mark.parametrize("kind", PAGES)
def test_every_kind_of_page_has_the_policy_and_no_inline_script(office: Office, kind: str):
    user, url = PAGES[kind](office)
    client = signed_in(user) if user else Client()
    response = client.get(url)
    assert response.status_code == 200, (kind, url, response.status_code)
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval'
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert inline_script(response.content.decode()) == []


def test_the_two_factor_code_step_has_the_policy_and_no_inline_script(office: Office):
    TOTPDevice.objects.create(user=office.clerk, name="authenticator", confirmed=True)
    client = Client()
    client.post(reverse("login"), {"username": "clerk", "password": "pw-for-tests-only"})
    response = client.get(reverse("two_factor_verify"))
    assert response.status_code == 200
    assert directives(response["Content-Security-Policy"])["script-src"] == ["'self'"]
    assert inline_script(response.content.decode()) == []


def test_the_applicant_form_s_script_is_a_file_that_is_served(office: Office):
    page = Client().get(reverse("applications:apply", args=[office.agency.code])).text
    assert '<script src="/static/applications/intake.js" defer></script>' in page
    script = Client().get("/static/applications/intake.js")
    assert script.status_code == 200
    assert b"form[data-intake]" in b"".join(script.streaming_content)


def test_no_template_has_an_inline_script_or_an_event_handler():
    """Also the pages no test above opens: every template of the project."""
    found = {
        str(path.relative_to(REPO_ROOT)): inline_script(path.read_text())
        for path in sorted((REPO_ROOT / "gongkai").glob("**/templates/**/*.html"))
    }
    assert {name: notes for name, notes in found.items() if notes} == {}


def test_the_scanner_finds_what_the_policy_would_block():
    assert inline_script('<script>alert(1)</script><script src="/s.js"></script>') == [
        "<script> without src at line 1"
    ]
    assert inline_script('<button onclick="go()">x</button>') == ["<button onclick=…> at line 1"]
    assert inline_script('<a href="javascript:go()">x</a>') == ["<a href=javascript:…> at line 1"]
