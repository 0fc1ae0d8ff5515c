"""Guessing at /track/ is bounded per code and per address; the right code and proof still open.

The per-code limit refuses any attempt on a code that had too many failures (whoever makes it);
the per-address limit refuses the *failed* guesses of an address that had too many failures,
so one guesser behind a shared address does not lock out the applicants beside it.
"""

from __future__ import annotations

import re

from gongkai.applications.views.access import APPLICANT_SESSION_KEY
from gongkai.applications.views.public import LOOKUP_BLOCKED, LOOKUP_FAILED, LOOKUP_THROTTLE
from tests.applications.track_helpers import guessed_code, lookup
from tests.applications.views_helpers import submitted_online

GUESSER = "10.0.0.9"
APPLICANT = "10.0.0.20"
LIMIT = LOOKUP_THROTTLE.limit


def block_address(client, address: str = GUESSER) -> None:
    """LIMIT failures from ``address``, each on another code no one has."""
    for n in range(LIMIT):
        response = lookup(client, guessed_code(n), "13000000000", REMOTE_ADDR=address)
        assert response.status_code == 200
    assert lookup(client, guessed_code(LIMIT), "1", REMOTE_ADDR=address).status_code == 429


def test_a_blocked_address_still_opens_an_application_with_its_code_and_proof(client, office):
    app = submitted_online(office)
    block_address(client)
    response = lookup(client, app.query_code.lower(), app.phone, REMOTE_ADDR=GUESSER)
    assert response.status_code == 302
    assert client.session[APPLICANT_SESSION_KEY] == [app.pk]


def page_without(response, *typed: str) -> str:
    """The page, less what was typed and the form's one-time CSRF token."""
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.text)
    for value in typed:
        text = text.replace(value, "…")
    return text


def test_a_blocked_address_is_refused_every_wrong_guess_alike(client, office):
    app = submitted_online(office)
    block_address(client)
    real_code = lookup(client, app.query_code, "13000000000", REMOTE_ADDR=GUESSER)
    no_such_code = lookup(client, guessed_code(500), app.phone, REMOTE_ADDR=GUESSER)
    for page in (real_code, no_such_code):
        assert page.status_code == 429
        assert page.context["form"].non_field_errors() == [LOOKUP_BLOCKED]
        assert LOOKUP_FAILED not in page.text
    # Nothing tells a real code from one no one has.
    assert page_without(real_code, app.query_code, "13000000000") == page_without(
        no_such_code, guessed_code(500), app.phone
    )
    assert APPLICANT_SESSION_KEY not in client.session


def test_a_blocked_address_cannot_keep_guessing_one_code(client, office):
    """Its wrong guesses still count against the code: once the code is blocked, the right
    proof opens nothing, from the guesser nor from the applicant's own address."""
    app = submitted_online(office)
    block_address(client)
    for n in range(LIMIT):
        wrong = f"1390000{n:04d}"
        assert lookup(client, app.query_code, wrong, REMOTE_ADDR=GUESSER).status_code == 429
    for address in (GUESSER, APPLICANT):
        refused = lookup(client, app.query_code, app.phone, REMOTE_ADDR=address)
        assert refused.status_code == 429
        assert refused.context["form"].non_field_errors() == [LOOKUP_BLOCKED]
    assert APPLICANT_SESSION_KEY not in client.session


def test_a_code_with_too_many_failures_is_refused_to_every_address(client, office):
    app = submitted_online(office)
    for n in range(LIMIT):  # from as many addresses as there are guesses
        lookup(client, app.query_code, "13000000000", REMOTE_ADDR=f"198.51.100.{n}")
    assert lookup(client, app.query_code, app.phone, REMOTE_ADDR=APPLICANT).status_code == 429
    # Another code is not affected, from any of those addresses.
    other = submitted_online(office)
    assert (
        lookup(client, other.query_code, other.phone, REMOTE_ADDR="198.51.100.0").status_code == 302
    )


def test_failures_below_the_limits_leave_the_lookup_open(client, office):
    app = submitted_online(office)
    for _ in range(LIMIT - 1):
        assert lookup(client, app.query_code, "13000000000").status_code == 200
    assert lookup(client, app.query_code, app.phone).status_code == 302


def test_right_lookups_do_not_use_up_the_codes_tries(client, office):
    app = submitted_online(office)
    for _ in range(LIMIT * 2):
        assert lookup(client, app.query_code, app.phone).status_code == 302
    for _ in range(LIMIT - 1):
        assert lookup(client, app.query_code, "13000000000").status_code == 200
    assert lookup(client, app.query_code, app.phone).status_code == 302


def test_every_way_of_typing_a_code_counts_against_the_same_code(client, office):
    app = submitted_online(office)
    code = app.query_code
    typings = [code, code.lower(), code.replace("-", ""), code.replace("-", " ")]
    for n in range(LIMIT):
        lookup(client, typings[n % len(typings)], "13000000000", REMOTE_ADDR=f"198.51.100.{n}")
    assert lookup(client, code.lower(), app.phone, REMOTE_ADDR=APPLICANT).status_code == 429
