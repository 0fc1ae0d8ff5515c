from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.reports.engine.readers.digits import MAX_CANDIDATES, TooAmbiguous, split_row

RULE = ((0, 7),)


@settings(deadline=None, max_examples=150)
@given(st.lists(st.integers(0, 2000), min_size=6, max_size=6), st.data())
def test_a_row_run_together_is_always_among_the_splits_found(parts, data):
    row = [str(n) for n in (*parts, sum(parts))]
    joined = "".join(row)
    # lose some of the separators: cut the run at a random subset of the original boundaries
    keep = data.draw(st.lists(st.booleans(), min_size=6, max_size=6))
    tokens, current = [], row[0]
    for cell, kept in zip(row[1:], keep, strict=True):
        if kept:
            tokens.append(current)
            current = cell
        else:
            current += cell
    tokens.append(current)
    assert "".join(tokens) == joined
    try:
        candidates = split_row(tokens, 7, RULE)
    except TooAmbiguous:  # the reader then says the run has too many splits to choose from
        return
    assert tuple(row) in candidates or len(candidates) == MAX_CANDIDATES
    for candidate in candidates:  # every candidate keeps the rule and writes no leading zero
        assert sum(map(int, candidate[:6])) == int(candidate[6])
        assert all(c == "0" or not c.startswith("0") for c in candidate)


def test_the_example_of_the_domain_notes_has_one_split():
    assert split_row(["230", "000023"], 7, RULE) == [("23", "0", "0", "0", "0", "0", "23")]


def test_a_search_too_long_to_finish_says_so_instead_of_hanging():
    with pytest.raises(TooAmbiguous):
        split_row(["1" * 60], 15, ((0, 5), (5, 10), (10, 15)))


def test_dashes_and_slashes_stay_single_cells():
    assert split_row(["—", "0", "/", "00", "0", "0"], 7) == [("—", "0", "/", "0", "0", "0", "0")]
