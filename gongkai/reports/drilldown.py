"""Drill-down: the applications one cell of a computed table 三 counts, and the items one
computed cell of table 二 counts, in pages.

Built from the same predicates as the counts (compute/predicates.py, compute/table2_predicates.py),
so the list behind a cell has exactly as many records as the cell says.

Pages are keyset pages: a page is "the first ``PER_PAGE`` records after (or before) this key"
in a total order, and its links carry the key of the record at its edge (``after=…``,
``before=…``, ``last=1``; none for the first page). Unlike a page number (OFFSET), which makes
the database read and throw away every record before the page — and PostgreSQL sort the whole
cell for each page — a key is one seek into an index that holds the order: the last page of a
cell of 126,000 applications went from 20 ms to under 1 ms on SQLite and from 210 ms to 2 ms on
PostgreSQL (BENCHMARKS.md, "Drill-down pages"). The pages reached forward from the first page
and backward from the last tile the list each their own way; either walk lists every record
once. A key the list could not have written is refused (``BadCursor``: the views answer 404);
one past either end gives the last or the first page.

- Applications in (received_on, pk): an index serves that order within each part of a cell
  (``application_report_idx`` on (agency, received_on, id, …) for those received in the year,
  ``application_carried_idx`` on (agency, year_ends_open, received_on, id, …) for those carried
  in). A cell is read as the parts of ``predicates.relevant_parts`` that can hold its row, one
  keyset query each — only the parts whose receipt dates can reach the page — merged here,
  which is why the order is by date and id and not by the application number: dates and
  integers compare in Python as in every database, a number's text compares by the database's
  collation. (received_on, number, pk) was the order before; the number is unique per agency,
  so the two differ only where numbers were not given in the order of receipt.
- Items in (published_on, index_number, pk), a missing date or 索引号 read as the smallest: no
  index serves it, so the database sorts the cell for each page — an agency's counted 规章 and
  规范性文件 are hundreds, not hundreds of thousands; one query, nothing merged.

A page of a cell of table 三 reads its parts through statements compiled once per process and
connection (``PreparedSegment``, prepared.py): a page is one or two index seeks the database
answers in 0.2–0.7 ms, which building and compiling the queryset anew about doubled.

A page counts its cell's total unless given it: the views count it when a list is opened and
carry it, signed, in the links (views_records.py), as counting 126,000 applications is 10–20
times the page's own query.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter
from typing import Any
from urllib.parse import quote, unquote

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.db.models.utils import create_namedtuple_class

from gongkai.agencies.models import Agency
from gongkai.applications.models import Application
from gongkai.publishing.models import Item
from gongkai.reports.compute.predicates import column_predicate, parts_for_row, row_predicate
from gongkai.reports.compute.table2_predicates import cell_predicate
from gongkai.reports.engine.editions import edition_for_year
from gongkai.reports.prepared import Prepared, prepare, union_all

PER_PAGE = 100


class BadCursor(ValueError):
    """A key in a link that is not one this list could have written (tampered with or cut)."""


# -- keys in links -------------------------------------------------------------------------------

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INT = re.compile(r"[1-9]\d{0,18}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def read_date(text: str) -> date:
    if not _DATE.fullmatch(text):
        raise BadCursor(text)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadCursor(text) from None


def read_id(text: str) -> int:
    if not _INT.fullmatch(text) or int(text) >= 2**63:
        raise BadCursor(text)
    return int(text)


def text_reader(max_length: int) -> Callable[[str], str]:
    """A reader of free text up to the field's length; no control characters (PostgreSQL
    refuses a NUL in a string)."""

    def read(text: str) -> str:
        if len(text) > max_length or _CONTROL.search(text):
            raise BadCursor(text)
        return text

    return read


@dataclass(frozen=True)
class KeyOrder:
    """A total order of a list — ``fields`` ascending, the last one unique — and how the key of
    a record is written into a link and read back (``readers``, one per field)."""

    fields: tuple[str, ...]
    readers: tuple[Callable[[str], Any], ...]

    def __post_init__(self) -> None:
        # The key of each record read is taken to merge the parts of a page: in C, not a loop.
        object.__setattr__(self, "_get", attrgetter(*self.fields))

    def key(self, record: object) -> tuple:
        found = self._get(record)
        return found if len(self.fields) > 1 else (found,)

    def ordering(self, descending: bool = False) -> list[str]:
        return [f"-{f}" if descending else f for f in self.fields]

    def after(self, key: tuple) -> Q:
        """The records after ``key``; the first field also bounded alone, so that the database
        reads one range of the index from the key on."""
        return Q(**{f"{self.fields[0]}__gte": key[0]}) & _beyond(self.fields, key, "gt")

    def before(self, key: tuple) -> Q:
        return Q(**{f"{self.fields[0]}__lte": key[0]}) & _beyond(self.fields, key, "lt")

    def write(self, key: tuple) -> str:
        return ",".join(quote(str(v), safe="-") for v in key)

    def read(self, text: str) -> tuple:
        """The key written by ``write``; BadCursor for anything else."""
        parts = text.split(",")
        if len(parts) != len(self.readers):
            raise BadCursor(text)
        return tuple(read(unquote(p)) for read, p in zip(self.readers, parts, strict=True))


def _beyond(fields: Sequence[str], key: Sequence, op: str) -> Q:
    """(f0, f1, …) > (k0, k1, …) (or <), compared field by field."""
    first = Q(**{f"{fields[0]}__{op}": key[0]})
    if len(fields) == 1:
        return first
    return first | (Q(**{fields[0]: key[0]}) & _beyond(fields[1:], key[1:], op))


@dataclass(frozen=True)
class Cursor:
    """Where a page is: the first or last page, or the records after or before a key."""

    where: str  # "first", "after", "before" or "last"
    key: tuple = ()


FIRST = Cursor("first")
LAST = Cursor("last")


def cursor_from(query: Mapping[str, str], order: KeyOrder) -> Cursor:
    """The cursor of a page's query string: ``after=KEY``, ``before=KEY``, ``last=1``, or none
    of them (the first page). BadCursor for a key that does not read, or more than one."""
    given = [name for name in ("after", "before", "last") if name in query]
    if not given:
        return FIRST
    if len(given) > 1:
        raise BadCursor(", ".join(given))
    if given[0] == "last":
        return LAST
    return Cursor(given[0], order.read(query[given[0]]))


# -- pages ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeysetPage:
    """One page of a list, the list's total, and whether there are records either side."""

    object_list: list
    count: int
    per_page: int
    has_previous: bool
    has_next: bool
    order: KeyOrder

    @property
    def paginator(self) -> KeysetPage:
        """The page itself, so that code written for Django's Page reads ``paginator.count``."""
        return self

    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    def links(self) -> dict[str, dict[str, str]]:
        """The query parameters of the pages linked from this one: first, previous, next, last
        (those there are)."""
        out: dict[str, dict[str, str]] = {}
        if self.has_previous:
            out["first"] = {}
            out["previous"] = {"before": self.order.write(self.order.key(self.object_list[0]))}
        if self.has_next:
            out["next"] = {"after": self.order.write(self.order.key(self.object_list[-1]))}
            out["last"] = {"last": "1"}
        return out


@dataclass(frozen=True)
class Segment:
    """A part of a list — ``queryset`` filtered by ``q``, applied only when the part is read —
    with the range of the order's first field its records lie in (None: unbounded), so that a
    page reads the part only when that range can reach the page."""

    queryset: QuerySet
    q: Q = Q()
    first_from: Any = None
    first_to: Any = None

    @property
    def records(self) -> QuerySet:
        return self.queryset.filter(self.q)

    def count(self) -> int:
        return self.records.count()

    def ordered(
        self, order: KeyOrder, key: tuple | None, descending: bool, until: Any = None
    ) -> QuerySet:
        """The records past ``key`` (all of them with None) in ``order``, reversed when
        ``descending``; with ``until``, only those whose first field does not pass it (a page
        already holds enough records up to there)."""
        beyond = Q()
        if key:
            beyond = order.before(key) if descending else order.after(key)
        if until is not None:
            beyond &= Q(**{f"{order.fields[0]}__{'gte' if descending else 'lte'}": until})
        return self.queryset.filter(self.q & beyond).order_by(*order.ordering(descending))

    def read(
        self, order: KeyOrder, key: tuple | None, descending: bool, limit: int, until: Any = None
    ) -> list:
        return list(self.ordered(order, key, descending, until)[:limit])


@dataclass(frozen=True)
class PreparedSegment(Segment):
    """A segment whose page reads (a statement per direction, with or without a key and an end)
    are compiled once (prepared.py) and run again with each page's values: for a list read page
    after page, such as a cell of table 三 (``cell_page`` keeps them per connection). Its count
    is not prepared: it is made once, when the list is opened, and the database's work
    dominates it."""

    row: Callable[..., Any] = lambda *values: values  # what a row read becomes
    statements: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def read(
        self, order: KeyOrder, key: tuple | None, descending: bool, limit: int, until: Any = None
    ) -> list:
        statement = self.compiled(order, descending, key is not None, until is not None, limit)
        return statement.run(_values(key, until))

    def compiled(
        self, order: KeyOrder, descending: bool, keyed: bool, ended: bool, limit: int
    ) -> Prepared:
        """The statement of a read of this shape (its values as slots), compiled on first use."""
        shape = (order, descending, keyed, ended, limit)
        if shape not in self.statements:
            meta = self.queryset.model._meta
            fields = [meta.pk if f == "pk" else meta.get_field(f) for f in order.fields]
            slots = (fields if keyed else []) + (fields[:1] if ended else [])

            def statement(probe: tuple) -> QuerySet:
                probe_key = probe[: len(fields)] if keyed else None
                probe_until = probe[-1] if ended else None
                return self.ordered(order, probe_key, descending, probe_until)[:limit]

            self.statements[shape] = prepare(statement, slots, self.row)
        return self.statements[shape]


@dataclass(frozen=True)
class TogetherSegment(Segment):
    """Prepared segments whose ranges overlap, read as one statement: a page of them needs
    every one (none lies wholly before another), and one statement is one round trip to the
    database — on PostgreSQL a second statement costs about as much as the first. Each keeps
    its own index range and LIMIT inside the UNION ALL; the rows are merged by the database."""

    members: tuple[PreparedSegment, ...] = ()
    statements: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def count(self) -> int:
        return sum(m.count() for m in self.members)

    def read(
        self, order: KeyOrder, key: tuple | None, descending: bool, limit: int, until: Any = None
    ) -> list:
        shape = (order, descending, key is not None, until is not None, limit)
        if shape not in self.statements:
            parts = [m.compiled(*shape) for m in self.members]
            columns = self.members[0].row._fields  # a named tuple (values_list(named=True))
            by = [f"{columns.index(f) + 1}{' DESC' if descending else ''}" for f in order.fields]
            self.statements[shape] = union_all(parts, ", ".join(by), limit)
        return self.statements[shape].run(_values(key, until))


def _values(key: tuple | None, until: Any) -> tuple:
    """The values of a read's slots, in the order ``PreparedSegment.compiled`` gives them."""
    return (*(key or ()), *(() if until is None else (until,)))


def together(segments: Sequence[PreparedSegment]) -> list[Segment]:
    """``segments`` with those whose ranges overlap joined into one ``TogetherSegment`` (the
    others as they are), in the order of their starts."""

    def start(s: Segment) -> tuple:
        return (s.first_from is not None, s.first_from)

    groups: list[list[PreparedSegment]] = []
    for segment in sorted(segments, key=start):
        last = groups[-1] if groups else None
        if last and _overlap(last, segment):
            last.append(segment)
        else:
            groups.append([segment])
    return [g[0] if len(g) == 1 else _joined(g) for g in groups]


def _overlap(group: Sequence[Segment], segment: Segment) -> bool:
    """Whether ``segment`` (starting no earlier than every one of ``group``) begins before the
    group ends."""
    ends = [s.first_to for s in group]
    if None in ends or segment.first_from is None:
        return True
    return segment.first_from <= max(ends)


def _joined(group: Sequence[PreparedSegment]) -> TogetherSegment:
    starts, ends = [s.first_from for s in group], [s.first_to for s in group]
    return TogetherSegment(
        group[0].queryset,
        first_from=None if None in starts else min(starts),
        first_to=None if None in ends else max(ends),
        members=tuple(group),
    )


def keyset_page(
    parts: Sequence[QuerySet | Segment],
    order: KeyOrder,
    cursor: Cursor = FIRST,
    per_page: int = PER_PAGE,
    *,
    total: int | None = None,
) -> KeysetPage:
    """The page at ``cursor`` of the records of ``parts`` (disjoint querysets), in ``order``;
    ``count`` is ``total`` when given (a count already made, carried in the links), else the
    sum of the parts' counts.

    With more than one part the pages are merged here, so ``order`` must compare in Python as
    in the database (dates, numbers). A key after the last record gives the last page and one
    before the first the first page: a page is never empty unless the list is.
    """
    segments = [p if isinstance(p, Segment) else Segment(p) for p in parts]
    count = sum(s.count() for s in segments) if total is None else total

    def page(rows: list, has_previous: bool, has_next: bool) -> KeysetPage:
        return KeysetPage(rows, count, per_page, has_previous, has_next, order)

    more = per_page + 1  # one more than a page, to tell whether there is another
    if cursor.where == "after":
        rows = _fetch(segments, order, cursor.key, False, more)
        if not rows:
            return keyset_page(segments, order, LAST, per_page, total=count)
        return page(rows[:per_page], True, len(rows) > per_page)
    if cursor.where == "before":
        rows = _fetch(segments, order, cursor.key, True, more)
        if not rows:
            return keyset_page(segments, order, FIRST, per_page, total=count)
        return page(rows[:per_page][::-1], len(rows) > per_page, True)
    if cursor.where == "last":
        rows = _fetch(segments, order, None, True, more)
        return page(rows[:per_page][::-1], len(rows) > per_page, False)
    rows = _fetch(segments, order, None, False, more)
    return page(rows[:per_page], False, len(rows) > per_page)


def _fetch(
    segments: Sequence[Segment], order: KeyOrder, key: tuple | None, descending: bool, limit: int
) -> list:
    """The first ``limit`` records past ``key`` (from the start with None), in order (reversed
    when ``descending``): the segments nearest first, each one keyset query, merged; a segment
    is not read when its range lies behind the key or beyond a page already found."""
    if descending:
        # The latest first; an unbounded end (None) is the latest of all.
        near = sorted(segments, key=lambda s: (s.first_to is None, s.first_to), reverse=True)
    else:
        # The earliest first; an unbounded start (None) is the earliest of all.
        near = sorted(segments, key=lambda s: (s.first_from is not None, s.first_from))
    rows: list = []
    for segment in near:
        start, end = (
            (segment.first_to, segment.first_from)
            if descending
            else (segment.first_from, segment.first_to)
        )
        if key and _passed(end, key[0], descending):
            continue  # wholly behind the key
        if len(rows) >= limit and _passed(order.key(rows[limit - 1])[0], start, descending):
            break  # a page found before this segment (and every later one) begins
        # A page already found stops this segment's read where the page ends.
        until = order.key(rows[limit - 1])[0] if len(rows) >= limit else None
        found = segment.read(order, key, descending, limit, until)
        rows = sorted(rows + found, key=order.key, reverse=descending)[:limit] if rows else found
    return rows


def _passed(value: Any, mark: Any, descending: bool) -> bool:
    """Strictly before ``mark`` in the walk's direction (None, unbounded, never is)."""
    if value is None or mark is None:
        return False
    return value > mark if descending else value < mark


def as_cursor(cursor: Cursor | int | None) -> Cursor:
    """A cursor; None, or the page number 1 of callers written for numbered pages, is the
    first page."""
    if cursor is None or cursor == 1:
        return FIRST
    if isinstance(cursor, Cursor):
        return cursor
    raise TypeError(f"不是列表的位置：{cursor!r}")


# -- table 三 ------------------------------------------------------------------------------------

# What the cell's page shows of each application (and its pk for the link): a 新收 or 总计 cell
# can hold a million applications, so the page reads one page of these columns and a count.
LISTED_FIELDS = ("pk", "number", "applicant_name", "received_on", "closed_on", "outcome")
APPLICATION_ORDER = KeyOrder(("received_on", "pk"), (read_date, read_id))


def applications_in_cell(
    agency: Agency | int, year: int, row_key: str, column_key: str
) -> QuerySet[Application]:
    """The applications counted in one cell (row and column keys of the year's edition), in the
    list's order. KeyError when the edition for the year has no such row or column."""
    edition = edition_for_year(year)
    agency_id = agency if isinstance(agency, int) else agency.pk
    return (
        Application.objects.filter(agency_id=agency_id)
        .filter(row_predicate(edition, row_key, year))
        .filter(column_predicate(column_key))
        .order_by(*APPLICATION_ORDER.ordering())
    )


def cell_parts(agency: Agency | int, year: int, row_key: str, column_key: str) -> list[Segment]:
    """``applications_in_cell`` as the parts of ``relevant_parts`` that can hold the row, each
    one range of an index in the list's order with the receipt dates it spans, as rows of
    ``LISTED_FIELDS`` (named tuples: a page builds no model instances). Where every part's
    applications are all in the row (一, 二: ``Part.row``) the row's rule is not asked again:
    SQLite would check it twice per row. A part's filter is added only when it is read."""
    edition = edition_for_year(year)
    agency_id = agency if isinstance(agency, int) else agency.pk
    parts = parts_for_row(year, row_key)
    cell = Q(agency_id=agency_id) & column_predicate(column_key)
    if any(part.row != row_key for part in parts):
        cell &= row_predicate(edition, row_key, year)  # KeyError for a row it does not have
    listed = Application.objects.filter(cell).values_list(*LISTED_FIELDS, named=True)
    return [Segment(listed, part.q, part.received_from, part.received_to) for part in parts]


def cell_page(
    agency: Agency | int,
    year: int,
    row_key: str,
    column_key: str,
    cursor: Cursor | int | None = None,
    *,
    total: int | None = None,
    per_page: int = PER_PAGE,
) -> KeysetPage:
    """One page (``per_page`` applications, ``LISTED_FIELDS`` only) of a cell's applications;
    ``count`` is the cell's total (``total`` when given). KeyError for a row or column the
    edition does not have. The parts' statements are prepared (``PreparedSegment``): the pages
    after the first one of a cell in a process cost the database's work and little more."""
    agency_id = agency if isinstance(agency, int) else agency.pk
    connection = connections[Application.objects.db]
    parts = _prepared_cell_parts(connection, agency_id, year, row_key, column_key)
    return keyset_page(parts, APPLICATION_ORDER, as_cursor(cursor), per_page, total=total)


# How many cells' prepared statements a connection keeps (a few kilobytes each).
CELLS_KEPT = 512
_KEPT_ON = "gongkai_prepared_cells"  # the attribute of the connection that holds them


def _prepared_cell_parts(
    connection: BaseDatabaseWrapper, agency_id: int, year: int, row_key: str, column_key: str
) -> tuple[Segment, ...]:
    """The cell's prepared segments, kept on the connection itself: a compiled statement
    holds its connection, and Django's connections are per thread, so what is kept goes when
    the connection goes. A cell's SQL depends only on the rules, the agency and the year,
    never on the records, so it stays right as long as it is kept."""
    kept = connection.__dict__.setdefault(_KEPT_ON, {})
    key = (agency_id, year, row_key, column_key)
    if key not in kept:
        if len(kept) >= CELLS_KEPT:
            kept.clear()  # the cells being read are compiled again on their next page
        kept[key] = _prepare_cell_parts(connection, agency_id, year, row_key, column_key)
    return kept[key]


def forget_prepared_cells(connection: BaseDatabaseWrapper) -> None:
    """Drop what ``cell_page`` keeps on ``connection`` (its next page of a cell compiles)."""
    connection.__dict__.pop(_KEPT_ON, None)


def _prepare_cell_parts(
    connection: BaseDatabaseWrapper, agency_id: int, year: int, row_key: str, column_key: str
) -> tuple[Segment, ...]:
    """``cell_parts`` as prepared segments (joined where their dates overlap, but on SQLite)."""
    row = create_namedtuple_class(*LISTED_FIELDS)  # the ORM's own, as values_list(named=True)
    parts = [
        PreparedSegment(s.queryset, s.q, s.first_from, s.first_to, row)
        for s in cell_parts(agency_id, year, row_key, column_key)
    ]
    # SQLite runs in the process: a second statement costs no round trip, and a part read after
    # a full page is bounded by it (``_fetch``), which beats one UNION ALL there.
    return tuple(parts if connection.vendor == "sqlite" else together(parts))


# -- table 二 ------------------------------------------------------------------------------------

# What a table-二 cell's page shows of each item: its own 索引号 and dates, and its current
# published version's title, kind, dates and validity (what the count read).
LISTED_ITEM_FIELDS = (
    "pk",
    "index_number",
    "published_on",
    "withdrawn_on",
    "current_version__title",
    "current_version__kind",
    "current_version__written_on",
    "current_version__formed_on",
    "current_version__validity",
    "current_version__validity_changed_on",
)
# The list's order with a missing date or 索引号 as the smallest (a key cannot compare NULL).
ITEM_ORDER = KeyOrder(
    ("listed_on", "listed_number", "pk"),
    (read_date, text_reader(Item._meta.get_field("index_number").max_length), read_id),
)
_ITEM_KEY = {
    "listed_on": Coalesce("published_on", Value(date.min)),
    "listed_number": Coalesce("index_number", Value("")),
}


def items_in_cell(agency: Agency | int, year: int, kind: str, rule: str) -> QuerySet[Item]:
    """The items counted in one computed cell of table 二: the row's item kind and the column's
    rule (compute/table2_predicates.py), in the list's order. KeyError when the year's edition
    has no such cell."""
    edition = edition_for_year(year)
    agency_id = agency if isinstance(agency, int) else agency.pk
    return (
        Item.objects.filter(agency_id=agency_id)
        .filter(cell_predicate(edition, year, kind, rule))
        .select_related("current_version")
        .annotate(**_ITEM_KEY)
        .order_by(*ITEM_ORDER.ordering())
    )


def item_cell_page(
    agency: Agency | int,
    year: int,
    kind: str,
    rule: str,
    cursor: Cursor | int | None = None,
    *,
    total: int | None = None,
) -> KeysetPage:
    """One page (``PER_PAGE`` items, ``LISTED_ITEM_FIELDS`` only) of a table-二 cell's items;
    errors and ``total`` as ``cell_page``."""
    listed = items_in_cell(agency, year, kind, rule).only(*LISTED_ITEM_FIELDS)
    return keyset_page([listed], ITEM_ORDER, as_cursor(cursor), total=total)
