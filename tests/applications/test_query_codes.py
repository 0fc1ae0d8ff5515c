"""A query code as typed, normalised to the form it is stored in; or why it cannot be one."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gongkai.applications.query_codes import (
    QUERY_CODE_ALPHABET,
    normalise_query_code,
    query_code_problem,
)
from gongkai.applications.services import registration

_codes = st.text(alphabet=QUERY_CODE_ALPHABET, min_size=12, max_size=12).map(
    lambda raw: f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"
)


def test_the_alphabet_is_the_one_codes_are_made_from() -> None:
    assert set(registration.new_query_code().replace("-", "")) <= set(QUERY_CODE_ALPHABET)


def test_new_codes_are_already_in_their_stored_form() -> None:
    for _ in range(200):
        code = registration.new_query_code()
        assert query_code_problem(code) is None
        assert normalise_query_code(code) == code


def _typed(code: str, draw) -> str:
    """The code as someone might type it: case, separators, full-width characters mixed."""
    out = []
    for char in code.replace("-", ""):
        if draw(st.booleans()):
            char = char.lower()
        if draw(st.booleans()):
            char = chr(ord(char) + 0xFEE0)  # its full-width form
        out.append(char + draw(st.sampled_from(["", "", " ", "-", "－", "—", "\u3000", "——"])))
    return draw(st.sampled_from(["", " ", "\t"])) + "".join(out)


@given(code=_codes, data=st.data())
def test_every_way_of_typing_a_code_gives_the_stored_form(code: str, data) -> None:
    typed = _typed(code, data.draw)
    assert query_code_problem(typed) is None, typed
    assert normalise_query_code(typed) == code


@given(st.text(max_size=60))
def test_a_text_is_a_code_exactly_when_it_has_no_problem(text: str) -> None:
    normal = normalise_query_code(text)
    assert (normal is None) == (query_code_problem(text) is not None)
    if normal is not None:
        assert normalise_query_code(normal) == normal and len(normal) == 14
