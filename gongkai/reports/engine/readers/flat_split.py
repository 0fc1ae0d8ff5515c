"""Cutting the value runs of running text into cells, under the kinds and sums of the tables.

When a report loses every space and line break, a table row's values become one run of
characters ("300153006143119"). A run is cut into cells by what each column may hold (a count, a
signed change, an amount with decimals and a unit, "/" or a dash) and by the sums a row must
satisfy (R2 along a row of table 三, R4 in each stream of table 四). The rows of table 三 are then
chosen together under R1 and R3 (solve_jointly). Every search counts its steps against a Budget:
no input can make a reader hang; a search cut off says so (TooAmbiguous), it never guesses.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..editions import Kind
from .digits import TooAmbiguous

ROW_STEPS = 40_000  # the search for one row's splits
JOINT_STEPS = 400_000  # the search for table 三's rows together
MAX_SPLITS = 2_000  # more ways than this to read one row is too many to choose among
MAX_STATES = 40_000  # distinct partial sums kept while combining the rows of table 三

# What an empty cell holds in published reports, longest first so that "——" is also one cell.
DASH_CELLS = ("——", "--", "-", "—", "–", "―")
_ZERO_WORTH = {"/", *DASH_CELLS}  # counted as 0 in a sum, as the checker counts them
_UNITS = {Kind.YUAN: ("万元", "元"), Kind.WAN_YUAN: ("万元",)}


class Budget:
    """Steps a search may still take; spending past zero raises TooAmbiguous."""

    def __init__(self, steps: int) -> None:
        self.left = steps

    def spend(self, steps: int = 1) -> None:
        self.left -= steps
        if self.left < 0:
            raise TooAmbiguous


@dataclass(frozen=True)
class Run:
    """A row's values as printed with their separators lost: the characters, and the positions
    where whitespace still stood (a cell must end there)."""

    text: str
    breaks: frozenset[int] = frozenset()
    where: str = ""

    def shown(self) -> str:
        """The run as printed, its surviving separators as spaces."""
        return "".join(
            (" " if i in self.breaks else "") + ch for i, ch in enumerate(self.text)
        ).strip()


@dataclass(frozen=True)
class Summed:
    """A group of `parts` count cells followed by their total (R2, R4)."""

    parts: int


Group = Kind | Summed


def split_run(
    run: Run, groups: Sequence[Group], budget: Budget, limit: int = MAX_SPLITS
) -> list[tuple[str, ...]]:
    """Every way to read `run` as the cells of `groups`, in order.

    Raises TooAmbiguous when there are more than `limit` ways or the budget runs out.
    """
    return _Splitter(run, budget, limit).read(0, tuple(groups))


def cell_value(text: str) -> int:
    """A count cell's worth in a sum: a dash or "/" counts as 0 (as the checker counts it)."""
    return 0 if text in _ZERO_WORTH else int(text)


@dataclass
class _Splitter:
    run: Run
    budget: Budget
    limit: int
    _memo: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        text = self.run.text
        # For each position, how far a cell starting there may reach: to the next separator.
        reach, edge = [0] * (len(text) + 1), len(text)
        for pos in range(len(text), -1, -1):
            reach[pos] = edge
            if pos in self.run.breaks:
                edge = pos
        self._reach = reach
        sums = [0]
        for ch in text:
            sums.append(sums[-1] + (int(ch) if ch.isdigit() else 0))
        self._digit_sums = sums

    def _digit_sum(self, start: int, end: int) -> int:
        return self._digit_sums[end] - self._digit_sums[start]

    def read(self, pos: int, groups: tuple[Group, ...]) -> list[tuple[str, ...]]:
        key = ("read", pos, len(groups))
        if key not in self._memo:
            self._memo[key] = self._read(pos, groups)
        return self._memo[key]

    def _read(self, pos: int, groups: tuple[Group, ...]) -> list[tuple[str, ...]]:
        self.budget.spend()
        size = len(self.run.text)
        if not groups:
            return [()] if pos == size else []
        head, rest = groups[0], groups[1:]
        out: list[tuple[str, ...]] = []
        if isinstance(head, Summed):
            last = size - sum(_fewest_chars(g) for g in rest)
            for end in range(pos + head.parts + 1, last + 1):
                tails = self.read(end, rest)  # first: most ends leave no way to read the rest
                if tails:
                    self._extend(out, self._summed(pos, end, head.parts), tails)
        else:
            for end, text, _ in self._cells(pos, head):
                tails = self.read(end, rest)
                if tails:
                    self._extend(out, [(text,)], tails)
        return out

    def _extend(
        self, out: list, heads: list[tuple[str, ...]], tails: list[tuple[str, ...]]
    ) -> None:
        self.budget.spend(len(heads) * len(tails))
        out.extend((*head, *tail) for head in heads for tail in tails)
        if len(out) > self.limit:
            raise TooAmbiguous

    def _summed(self, start: int, end: int, parts: int) -> list[tuple[str, ...]]:
        """`parts` counts in text[start:end] followed by their total, which ends at `end`.

        The parts are found from both halves at once: the sums the first half can have are met
        with the sums the second half can have, and only the ways that meet are written out.
        """
        key = ("sum", start, end)
        if key in self._memo:
            return self._memo[key]
        out: list[tuple[str, ...]] = []
        first = parts // 2
        for total_start in range(end - 1, start + parts - 1, -1):
            total = self._whole_cell(total_start, end)
            if total is None:
                continue
            wanted, width = cell_value(total), max(len(total), 2)
            if total_start - start > parts * width:
                continue  # the parts would need numbers longer than their total
            if (wanted - self._digit_sum(start, total_start)) % 9:
                # A number is its digit sum modulo 9, so parts cut from the same digits, however
                # they are cut, add up to the digits' sum modulo 9: this total cannot be theirs.
                continue
            for middle in range(start + first, total_start - (parts - first) + 1):
                left = self._fill(start, middle, first, width)
                right = self._fill(middle, total_start, parts - first, width)
                for value in left:
                    if wanted - value in right:
                        heads = self._ways(start, middle, first, width, value)
                        tails = self._ways(
                            middle, total_start, parts - first, width, wanted - value
                        )
                        self.budget.spend(len(heads) * len(tails))
                        out.extend((*h, *t, total) for h in heads for t in tails)
                if len(out) > self.limit:
                    raise TooAmbiguous
        self._memo[key] = out
        return out

    def _fill(self, start: int, end: int, count: int, width: int) -> dict[int, list]:
        """The sums `count` count cells of at most `width` characters filling text[start:end]
        can have, each with the first cells that lead to it: (end, text, value)."""
        key = ("fill", start, end, count, width)
        if key in self._memo:
            return self._memo[key]
        found: dict[int, list] = {}
        chars = end - start
        if count == 0:
            if chars == 0:
                found[0] = []
        elif count <= chars <= count * width:
            for cell in self._cells(start, Kind.COUNT):
                cell_end, _, value = cell
                if cell_end - start > width or cell_end > end:
                    break
                rests = self._fill(cell_end, end, count - 1, width)
                self.budget.spend(len(rests) + 1)
                for rest in rests:
                    found.setdefault(value + rest, []).append(cell)
        self._memo[key] = found
        return found

    def _ways(self, start: int, end: int, count: int, width: int, total: int) -> list:
        """The cells behind one sum of _fill, written out."""
        if count == 0:
            return [()]
        out = []
        for cell_end, text, value in self._fill(start, end, count, width)[total]:
            out += [(text, *t) for t in self._ways(cell_end, end, count - 1, width, total - value)]
        return out

    def _whole_cell(self, start: int, end: int) -> str | None:
        """The count cell that is exactly text[start:end], if there is one."""
        for cell_end, text, _ in self._cells(start, Kind.COUNT):
            if cell_end == end:
                return text
        return None

    def _cells(self, pos: int, kind: Kind) -> list[tuple[int, str, int]]:
        """Each cell of `kind` that may start at `pos`, shortest first: (end, text, worth)."""
        key = ("cells", pos, kind)
        if key not in self._memo:
            text = self.run.text[pos : self._reach[pos]]
            cells = sorted(_cell_texts(text, kind), key=len)
            self._memo[key] = [(pos + len(c), c, _worth(c, kind)) for c in cells]
        return self._memo[key]


def _worth(text: str, kind: Kind) -> int:
    return cell_value(text) if kind is Kind.COUNT else 0


def _fewest_chars(group: Group) -> int:
    return group.parts + 1 if isinstance(group, Summed) else 1


def _cell_texts(text: str, kind: Kind) -> list[str]:
    """Every prefix of `text` that is a whole cell of `kind`."""
    if not text:
        return []
    out = [d for d in DASH_CELLS if text.startswith(d)]
    if text[0] == "/":
        out.append("/")
    if kind is Kind.SIGNED and text[0] in "-+":
        out += [text[0] + n for n in _integers(text[1:]) if n != "0"]
    elif kind in _UNITS:
        out += _amounts(text, _UNITS[kind])
    else:
        out += _integers(text)
    return out


def _integers(text: str) -> list[str]:
    """The integer prefixes of `text`; none written with a leading zero."""
    if not text or not text[0].isdigit():
        return []
    if text[0] == "0":
        return ["0"]
    digits = len(text) - len(text.lstrip("0123456789"))
    return [text[:n] for n in range(1, digits + 1)]


def _amounts(text: str, units: tuple[str, ...]) -> list[str]:
    """Amount prefixes: an integer, maybe decimals, maybe a unit ("75394432.52元")."""
    out = []
    for whole in _integers(text):
        numbers = [whole]
        rest = text[len(whole) :]
        if rest.startswith(".") and rest[1:2].isdigit():
            numbers += [whole + "." + d for d in _digit_prefixes(rest[1:])]
        for number in numbers:
            out.append(number)
            after = text[len(number) :]
            out += [number + unit for unit in units if after.startswith(unit)]
    return out


def _digit_prefixes(text: str) -> list[str]:
    digits = len(text) - len(text.lstrip("0123456789"))
    return [text[:n] for n in range(1, digits + 1)]


# ---------------------------------------------------------------- rows together


def solve_jointly(
    candidates: Mapping[str, list[tuple[str, ...]]],
    equations: Sequence[Mapping[str, int]],
    budget: Budget,
) -> dict[str, list[tuple[str, ...]]] | None:
    """The candidates of each row that belong to some choice satisfying every equation.

    An equation {row: coefficient} says Σ coefficient × row = 0 in every column (R1, R3). Only
    equations whose rows all have candidates are used. Returns None when no choice satisfies
    them (the report's own numbers do not add up, or a row was misread); raises TooAmbiguous
    when the choices are too many to combine within the budget.
    """
    usable = [eq for eq in equations if all(candidates.get(row) for row in eq)]
    result = {row: list(found) for row, found in candidates.items()}
    involved = [row for row in candidates if any(row in eq for eq in usable)]
    if not involved:
        return result
    vectors = {row: [_vector(row, c, usable) for c in candidates[row]] for row in involved}
    width = len(vectors[involved[0]][0])
    offset = (0,) * width
    open_rows = []
    for row in involved:
        if len(vectors[row]) == 1:
            offset = _add(offset, vectors[row][0])
        else:
            open_rows.append(row)
    forward = _sums([vectors[row] for row in open_rows], offset, budget)
    if (0,) * width not in forward[-1]:
        return None
    backward = _sums([vectors[row] for row in reversed(open_rows)], (0,) * width, budget)[::-1]
    for index, row in enumerate(open_rows):
        after = backward[index + 1]
        budget.spend(len(forward[index]) * len(vectors[row]))
        result[row] = [
            cand
            for cand, vector in zip(candidates[row], vectors[row], strict=True)
            if any(_negated(_add(before, vector)) in after for before in forward[index])
        ]
    return result


def _vector(row: str, cells: tuple[str, ...], equations: Sequence[Mapping[str, int]]):
    values = [cell_value(c) if c.isdigit() or c in _ZERO_WORTH else 0 for c in cells]
    return tuple(eq.get(row, 0) * v for eq in equations for v in values)


def _sums(choices: list[list[tuple[int, ...]]], start: tuple[int, ...], budget: Budget):
    """The sets of partial sums after each row: sums[i] holds every sum of rows before i."""
    sums = [{start}]
    for vectors in choices:
        budget.spend(len(sums[-1]) * len(vectors))
        following = {_add(s, v) for s in sums[-1] for v in vectors}
        if len(following) > MAX_STATES:
            raise TooAmbiguous
        sums.append(following)
    return sums


def _add(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(map(operator.add, a, b))


def _negated(a: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(-x for x in a)
