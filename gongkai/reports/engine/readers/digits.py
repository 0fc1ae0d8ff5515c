"""Splitting a row whose cell separators were lost ("230 000023") back into its cells.

Text scraped from web pages often runs a row's numbers together. A split is a way of cutting each
run of digits into numbers without leading zeros; the consistency rules (a total equals the sum of
its parts) then usually leave exactly one split. Where more than one fits, the caller says so and
shows the candidates — a reader never picks one silently.
"""

from __future__ import annotations

from collections.abc import Sequence

# A sum rule over a row: positions start..end-1 where the last one is the sum of the others.
SumRule = tuple[int, int]

MAX_CANDIDATES = 12  # more than one is already ambiguous; a few are kept to show the reader
MAX_STEPS = 200_000  # a bound on the search, so no input can make a reader hang


class TooAmbiguous(Exception):
    """The search was cut off: too many ways to split to list."""


def split_row(
    tokens: Sequence[str], n: int, rules: Sequence[SumRule] = ()
) -> list[tuple[str, ...]]:
    """Every way to cut `tokens` into `n` cells that satisfies `rules`, up to MAX_CANDIDATES.

    A token of digits may be cut into several numbers; any other token (a dash, "/", "-3") stays
    one cell. Raises TooAmbiguous when the search needs more than MAX_STEPS steps.
    """
    tokens = [t for t in tokens if t]
    if len(tokens) > n:
        return []
    ends = {end - 1: (start, end) for start, end in rules}
    found: list[tuple[str, ...]] = []
    steps = 0

    def fits(token_index: int, offset: int, still: int) -> bool:
        """Can the tokens not yet cut still make exactly `still` more cells?"""
        rest = tokens[token_index:]
        fewest = len(rest)
        most = sum(len(t) if t.isdigit() else 1 for t in rest) - offset
        return fewest <= still <= most

    def place(piece: str, token_index: int, offset: int, cells: list[str]) -> None:
        cells.append(piece)
        rule = ends.get(len(cells) - 1)
        if (rule is None or _holds(cells, *rule)) and fits(token_index, offset, n - len(cells)):
            walk(token_index, offset, cells)
        cells.pop()

    def walk(token_index: int, offset: int, cells: list[str]) -> None:
        nonlocal steps
        steps += 1
        if steps > MAX_STEPS:
            raise TooAmbiguous
        if len(found) >= MAX_CANDIDATES:
            return
        if token_index == len(tokens):
            if len(cells) == n:
                found.append(tuple(cells))
            return
        token = tokens[token_index]
        if not token.isdigit():
            place(token, token_index + 1, 0, cells)
            return
        remaining = token[offset:]
        for length in range(1, len(remaining) + 1):
            piece = remaining[:length]
            if len(piece) > 1 and piece[0] == "0":
                break  # no number is written with a leading zero
            if length == len(remaining):
                place(piece, token_index + 1, 0, cells)
            else:
                place(piece, token_index, offset + length, cells)

    walk(0, 0, [])
    return found


def _holds(cells: list[str], start: int, end: int) -> bool:
    try:
        parts = [int(c) for c in cells[start : end - 1]]
        return sum(parts) == int(cells[end - 1])
    except ValueError:
        return True  # a dash or "/" among them: the checker, not the splitter, judges that
