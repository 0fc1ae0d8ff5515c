"""The 适老化 mode (large text, high contrast): a button (a POST, no JavaScript) sets a cookie
that keeps it on from page to page; the page's body gets the class the style sheet enlarges."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.portal.site import ELDER_COOKIE

pytestmark = pytest.mark.django_db


def _body_class(response) -> str:
    return re.search(r'<body class="([^"]*)"', response.content.decode()).group(1)


def test_the_toggle_sets_a_cookie_that_persists_and_adds_the_class(client, office):
    agency_home = reverse("portal:agency", args=[office.agency.code])
    assert "elder" not in _body_class(client.get(agency_home))
    response = client.post(reverse("portal:elder"), {"mode": "on", "next": agency_home})
    assert response.status_code == 302 and response["Location"] == agency_home
    cookie = response.cookies[ELDER_COOKIE]
    assert cookie.value == "1" and int(cookie["max-age"]) >= 30 * 24 * 3600
    assert cookie["samesite"] == "Lax"
    assert "elder" in _body_class(client.get(agency_home)).split()
    # Another page, later: still on; the button now offers to switch it off.
    home = client.get("/")
    assert "elder" in _body_class(home).split()
    assert 'value="off"' in home.content.decode()
    client.post(reverse("portal:elder"), {"mode": "off", "next": "/"})
    assert "elder" not in _body_class(client.get("/"))


def test_the_toggle_is_a_post_form_without_a_token_so_that_pages_can_be_cached(client, office):
    """It sets only the reader's own display preference: no CSRF token (a token in every page
    would make the page differ per reader), and a GET changes nothing."""
    html = client.get("/").content.decode()
    form = html[html.index('class="elder-toggle"') :]
    assert 'method="post"' in html and "csrfmiddlewaretoken" not in form[: form.index("</form>")]
    assert client.get(reverse("portal:elder")).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("portal:elder"), {"mode": "on", "next": "/"})
    assert response.status_code == 302 and response.cookies["gongkai_elder"].value == "1"


def test_the_toggle_sends_back_only_to_this_site(client, office):
    response = client.post(reverse("portal:elder"), {"mode": "on", "next": "https://evil.example/"})
    assert response["Location"] == reverse("portal:home")
