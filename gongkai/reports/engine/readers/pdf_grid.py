"""Ruled tables found from the lines drawn on a PDF page, and the text of their cells.

The method is the one pdfplumber follows (after Nurminen's thesis and Tabula), kept so that the
reader finds the same tables it always found: horizontal and vertical edges within 3 points of
each other snap to one position and join where they meet; where a vertical edge crosses a
horizontal one is a corner; a cell is the smallest rectangle of four connected corners; cells
sharing a corner are one table. A character belongs to the cell its centre lies in.

Every step is bounded: a hostile page with thousands of crossing lines is refused (GridTooLarge)
before the work grows with the square of its lines.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from .pdf_lines import Char, text_lines

SNAP = 3.0  # edges this close (chained) across their direction are one line
JOIN = 3.0  # collinear edges with a gap up to this are one edge
CROSS = 3.0  # an edge reaching this close to another still meets it
MIN_EDGE = 3.0  # shorter edges, once joined, are no ruling
MIN_RAW_EDGE = 1.0  # the sides of a thin filled bar: too short to be a ruling even before joining
MAX_CORNERS = 20_000  # a real page has a few hundred; more is a drawing, or an attack
MAX_STEPS = 2_000_000  # bound on the search for cells among the corners

Box = tuple[float, float, float, float]  # x0, top, x1, bottom


class GridTooLarge(Exception):
    """The page draws more lines than a table of a report ever has."""


class Edge(NamedTuple):
    at: float  # the y of a horizontal edge (down from the top), the x of a vertical one
    start: float  # where it starts along its direction: x0, or top
    end: float  # and ends: x1, or bottom


@dataclass
class Table:
    cells: list[Box]

    @property
    def bbox(self) -> Box:
        return _bbox(self.cells)

    def columns(self) -> list[float]:
        return sorted({cell[0] for cell in self.cells})

    def is_grid(self) -> bool:
        """A grid of values has two columns or more; one column is a frame around text."""
        return len(self.columns()) >= 2

    def rows(self) -> list[list[Box | None]]:
        """Each row's cells at every column of the table; None where a merged cell covers it."""
        columns = self.columns()
        by_top: dict[float, dict[float, Box]] = {}
        for cell in sorted(self.cells, key=lambda c: (c[1], c[0])):
            by_top.setdefault(cell[1], {})[cell[0]] = cell
        return [[row.get(x) for x in columns] for _, row in sorted(by_top.items())]


def find_tables(horizontal: Sequence[Edge], vertical: Sequence[Edge]) -> list[Table]:
    """The tables the edges rule, top to bottom (then left to right); single cells are none."""
    corners = _corners(_merge(horizontal), _merge(vertical))
    cells = _cells(corners)
    return [Table(cells) for cells in _connected(cells) if len(cells) > 1]


def _merge(edges: Sequence[Edge]) -> list[Edge]:
    """Edges snapped to shared positions and joined where they touch; the short ones dropped."""
    edges = [e for e in edges if e.end - e.start >= MIN_RAW_EDGE]
    groups = _clusters((e.at for e in edges), SNAP)
    members: dict[int, list[Edge]] = {}
    for edge in edges:
        members.setdefault(groups[edge.at], []).append(edge)
    merged = []
    for group in members.values():
        at = sum(e.at for e in group) / len(group)  # the mean of the edges, as pdfplumber snaps
        merged.extend(_join(at, group))
    return [e for e in merged if e.end - e.start >= MIN_EDGE]


def _clusters(values: Iterable[float], tolerance: float) -> dict[float, int]:
    """Each value's group: sorted values closer than `tolerance` to the previous one join it."""
    groups: dict[float, int] = {}
    group, last = -1, 0.0
    for value in sorted(set(values)):
        if group < 0 or value > last + tolerance:
            group += 1
        groups[value] = group
        last = value
    return groups


def _join(at: float, group: list[Edge]) -> list[Edge]:
    joined: list[Edge] = []
    for edge in sorted(group, key=lambda e: e.start):
        if joined and edge.start <= joined[-1].end + JOIN:
            if edge.end > joined[-1].end:
                joined[-1] = joined[-1]._replace(end=edge.end)
        else:
            joined.append(Edge(at, edge.start, edge.end))
    return joined


# A corner (x, y) and the edges through it: (vertical edges' indices, horizontal edges' indices).
Corners = dict[tuple[float, float], tuple[set[int], set[int]]]


def _corners(horizontal: list[Edge], vertical: list[Edge]) -> Corners:
    """Where a vertical edge meets a horizontal one, within CROSS points."""
    order = sorted(range(len(horizontal)), key=lambda i: (horizontal[i].at, horizontal[i].start))
    heights = [horizontal[i].at for i in order]
    corners: Corners = {}
    for v_index, v in enumerate(vertical):
        low = bisect_left(heights, v.start - CROSS)
        high = bisect_right(heights, v.end + CROSS)
        for h_index in order[low:high]:
            h = horizontal[h_index]
            if h.start - CROSS <= v.at <= h.end + CROSS:
                through = corners.setdefault((v.at, h.at), (set(), set()))
                through[0].add(v_index)
                through[1].add(h_index)
        if len(corners) > MAX_CORNERS:
            raise GridTooLarge(f"超过 {MAX_CORNERS} 个表格线交点")
    return corners


def _cells(corners: Corners) -> list[Box]:
    """For each corner, the smallest cell it is the top-left of, if its edges close one."""
    points = sorted(corners)
    columns: dict[float, list[tuple[float, float]]] = {}
    rows: dict[float, list[tuple[float, float]]] = {}
    for point in points:  # sorted by x, then y: each column top-down, each row left-right
        columns.setdefault(point[0], []).append(point)
        rows.setdefault(point[1], []).append(point)
    budget = [MAX_STEPS]
    cells = []
    seen_in_column: dict[float, int] = {}
    seen_in_row: dict[float, int] = {}
    for point in points:  # in the same order as the lists were filled: a count is a position
        x, y = point
        at_x = seen_in_column[x] = seen_in_column.get(x, -1) + 1
        at_y = seen_in_row[y] = seen_in_row.get(y, -1) + 1
        below, right = columns[x][at_x + 1 :], rows[y][at_y + 1 :]
        cell = _smallest_cell(corners, point, below, right, budget)
        if cell:
            cells.append(cell)
    return cells


def _smallest_cell(
    corners: Corners,
    point: tuple[float, float],
    below: list[tuple[float, float]],
    right: list[tuple[float, float]],
    budget: list[int],
) -> Box | None:
    """The first corner below, then the first to the right, joined to `point` by its edges, that
    close a cell with a fourth corner joined to both."""
    down_edges, across_edges = corners[point]
    _spend(budget, len(below))
    for down in below:
        if down_edges.isdisjoint(corners[down][0]):
            continue
        _spend(budget, len(right))
        for across in right:
            if across_edges.isdisjoint(corners[across][1]):
                continue
            far = corners.get((across[0], down[1]))
            if (
                far is not None
                and not far[0].isdisjoint(corners[across][0])
                and not far[1].isdisjoint(corners[down][1])
            ):
                return (point[0], point[1], across[0], down[1])
    return None


def _spend(budget: list[int], steps: int) -> None:
    budget[0] -= steps
    if budget[0] < 0:
        raise GridTooLarge(f"表格线过于复杂（找单元格超过 {MAX_STEPS} 步）")


def _connected(cells: list[Box]) -> list[list[Box]]:
    """Cells grouped into tables, a table being cells linked through shared corners."""
    parent = list(range(len(cells)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_at: dict[tuple[float, float], int] = {}
    for index, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            other = first_at.setdefault(corner, index)
            parent[root(index)] = root(other)
    groups: dict[int, list[Box]] = {}
    for index, cell in enumerate(cells):
        groups.setdefault(root(index), []).append(cell)
    return sorted(groups.values(), key=lambda group: min((c[1], c[0]) for c in group))


def _bbox(boxes: Sequence[Box]) -> Box:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


class CharIndex:
    """The page's characters by the height of their centres, to find a band's quickly."""

    def __init__(self, chars: Sequence[Char]) -> None:
        centred = sorted(
            ((c.top + c.bottom) / 2, (c.x0 + c.x1) / 2, i) for i, c in enumerate(chars)
        )
        self.heights = [item[0] for item in centred]
        self.centred = centred

    def band(self, top: float, bottom: float) -> list[tuple[float, float, int]]:
        """(x, y, index) of the characters whose centre lies at top <= y < bottom, by x."""
        low, high = bisect_left(self.heights, top), bisect_left(self.heights, bottom)
        return sorted((x, y, i) for y, x, i in self.centred[low:high])


def read_table(table: Table, chars: Sequence[Char], index: CharIndex) -> tuple[list, set[int]]:
    """The table's rows as cell texts (None where a merged cell covers a position), and the
    indices of the characters read into its cells: those whose centre lies in the cell."""
    used: set[int] = set()
    rows = []
    for row in table.rows():
        cells = [c for c in row if c is not None]
        band = index.band(min(c[1] for c in cells), max(c[3] for c in cells))
        xs = [item[0] for item in band]
        texts: list[str | None] = []
        for cell in row:
            if cell is None:
                texts.append(None)
                continue
            x0, top, x1, bottom = cell
            start, stop = bisect_left(xs, x0), bisect_left(xs, x1)
            mine = [i for _, y, i in band[start:stop] if top <= y < bottom]
            used.update(mine)
            texts.append(" ".join(line[2] for line in text_lines([chars[i] for i in sorted(mine)])))
        rows.append(texts)
    return rows, used
