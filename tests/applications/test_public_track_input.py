"""The lookup takes a code and a proof as applicants type them, and no input makes it fail."""

from __future__ import annotations

import itertools

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.applications.views.access import APPLICANT_SESSION_KEY
from gongkai.core.identity import resident_id_check_char
from tests.applications.track_helpers import TRACK, lookup, status_url
from tests.applications.views_helpers import submitted_online


def full_width(text: str) -> str:
    """As a Chinese input method in full-width mode types it: ＡＢＣ１２３－ and 　 (U+3000)."""
    return "".join(
        "\u3000" if c == " " else chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text
    )


def resident_id_ending_in_x() -> str:
    for sequence in itertools.count():
        first17 = f"23010319850615{sequence:03d}"
        if resident_id_check_char(first17) == "X":
            return first17 + "X"
    raise AssertionError("unreachable")


@pytest.mark.parametrize(
    "typed",
    [
        lambda c: c,
        lambda c: c.lower(),
        lambda c: c.replace("-", ""),
        lambda c: c.replace("-", "").lower(),
        lambda c: c.replace("-", " "),
        lambda c: "  " + c.lower().replace("-", " ") + " ",
        lambda c: c[:4] + " " + c[5:9] + c[10:],
        lambda c: full_width(c),
        lambda c: full_width(c.lower()),
        lambda c: full_width(c.replace("-", " ")),
        lambda c: c.replace("-", "——"),  # a Chinese input method's dash for shift+minus
        lambda c: c.replace("-", "—"),
    ],
    ids=[
        "as stored",
        "lower case",
        "no hyphens",
        "no hyphens lower case",
        "spaces",
        "spaces around lower case",
        "mixed",
        "full-width",
        "full-width lower case",
        "full-width spaces",
        "Chinese dash",
        "em dash",
    ],
)
def test_the_code_opens_however_it_is_typed(client, office, typed):
    app = submitted_online(office)
    response = lookup(client, typed(app.query_code), app.phone)
    assert response.status_code == 302 and response["Location"] == status_url(app)
    assert client.session[APPLICANT_SESSION_KEY] == [app.pk]


@pytest.mark.parametrize(
    "typed", [full_width, lambda p: full_width(p[:3] + " " + p[3:7] + " " + p[7:])]
)
def test_a_phone_in_full_width_digits_matches(client, office, typed):
    app = submitted_online(office, phone="13912345678")
    assert lookup(client, app.query_code, typed(app.phone)).status_code == 302


def test_a_landline_with_full_width_separators_matches(client, office):
    app = submitted_online(office, phone="0451-8666 1234")
    assert lookup(client, app.query_code, "（０４５１）８６６６－１２３４").status_code == 302


@pytest.mark.parametrize("last", ["X", "x", "Ｘ", "ｘ"])
def test_an_id_number_matches_in_full_width_and_with_either_x(client, office, last):
    number = resident_id_ending_in_x()
    app = submitted_online(office, id_number=number)
    assert app.id_number == number
    typed = full_width(number[:17]) + last
    assert lookup(client, full_width(app.query_code), typed).status_code == 302


def test_the_wrong_phone_in_full_width_still_fails(client, office):
    app = submitted_online(office, phone="13912345678")
    response = lookup(client, app.query_code, full_width("13912345679"))
    assert response.status_code == 200 and APPLICANT_SESSION_KEY not in client.session


# -- input that cannot be a code or a proof: a field error that names the field ---------------

CODE_PROBLEMS = {
    "too short": ("ABCD-EFGH", "查询码应为 12 位"),
    "too long for a code": ("ABCD-EFGH-JKMN-PQRS", "查询码应为 12 位"),
    "a zero": ("ABCD-EFGH-JKM0", "查询码中没有“0”"),
    "a letter O": ("ABCD-EFGH-JKMO", "查询码中没有“O”"),
    "Chinese characters": ("查询码一二三四五六七八", "查询码只由数字和英文字母组成"),
    "an emoji": ("ABCD-EFGH-JKM😀", "查询码只由数字和英文字母组成，不能含有“😀”"),
    "a control character": ("ABCD-EFGH-JKM\x07", "查询码只由数字和英文字母组成，不能含有U+0007"),
    "a NUL byte": ("ABCD-EFGH-JKMN\x00", "查询码含有不允许的控制字符"),
    "only hyphens": ("- - -", "请填写查询码"),
    "very long": ("A" * 100_000, "查询码最多 40 个字"),
}


@pytest.mark.parametrize("case", CODE_PROBLEMS)
def test_a_code_of_the_wrong_shape_is_a_field_error(client, office, case):
    app = submitted_online(office)
    code, message = CODE_PROBLEMS[case]
    response = lookup(client, code, app.phone)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["query_code"], errors
    assert errors["query_code"][0].startswith(message), errors["query_code"]
    assert APPLICANT_SESSION_KEY not in client.session


PROOF_PROBLEMS = {
    "an emoji": ("1391234567😀", "联系电话或证件号码只能含有数字、字母和 - ( ) +，不能含有“😀”"),
    "Chinese characters": ("一三九", "联系电话或证件号码只能含有数字、字母和 - ( ) +"),
    "a control character": ("139\x1b1234", "联系电话或证件号码只能含有数字、字母和 - ( ) +"),
    "a NUL byte": ("139\x001234", "联系电话或证件号码含有不允许的控制字符"),
    "very long": ("1" * 100_000, "联系电话或证件号码最多 40 个字"),
}


@pytest.mark.parametrize("case", PROOF_PROBLEMS)
def test_a_proof_that_is_no_phone_or_id_is_a_field_error(client, office, case):
    app = submitted_online(office)
    proof, message = PROOF_PROBLEMS[case]
    response = lookup(client, app.query_code, proof)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["proof"], errors
    assert errors["proof"][0].startswith(message), errors["proof"]


def test_field_errors_do_not_count_as_guesses(client, office):
    app = submitted_online(office)
    for _ in range(30):
        lookup(client, app.query_code, "😀")
        lookup(client, "ABCD-EFGH-JKM0", app.phone)
    assert lookup(client, app.query_code, app.phone).status_code == 302


# -- arbitrary input ---------------------------------------------------------------------------

_near_a_code = st.text(
    alphabet="ABCDEFGHJKLMNOPQRSTUVWXYZabcxyz0123456789 -－—ＡＢ１２\u3000", max_size=30
)
_anything = st.text(max_size=200) | st.binary(max_size=60).map(
    lambda b: b.decode("utf-8", "replace")
)


@pytest.mark.django_db
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(code=_anything | _near_a_code, proof=_anything | _near_a_code)
def test_no_input_makes_the_lookup_fail_with_a_server_error(code: str, proof: str) -> None:
    cache.clear()  # each example from a fresh start, so that it reaches the database
    client = Client()  # an exception in the view is raised here, with its traceback
    response = client.post(TRACK, {"query_code": code, "proof": proof})
    assert response.status_code < 500
    if response.status_code == 200 and (form := response.context["form"]).errors:
        # Every message names its field or is the one message of a failed lookup.
        for name, messages in form.errors.items():
            label = "" if name == "__all__" else str(form.fields[name].label)
            assert all(label in message for message in messages), (name, messages)
