"""What each computed cell of table 二 counts, as database predicates: the one home of the rules.

Only 第二十条第（一）项 is kept as records on the platform: the 主动公开 items with their
文件类型, 成文日期, first publication, withdrawal and 效力状态. Every other cell of table 二
(行政许可, 其他对外管理服务事项, 行政处罚, 行政强制, 行政事业性收费, 政府集中采购) is decided in
other systems and is entered by the office (``gongkai.publishing.table2_inputs``).
``input_cells`` below says which cells those are, derived from the cells computed here, so a
cell is either counted or entered — never both, never neither.

Which items, and which of their fields (DOMAIN.md §1.3; DESIGN.md "the report is a query"):

- An item counts only once published (``current_version`` set), and always with the fields of its
  current published version (文件类型, 成文日期, 效力状态, 修改或废止日期): a working copy under
  review is not yet what the agency has made public.
- Rows: 规章 = ``Kind.RULE``; 规范性文件 (2019) and 行政规范性文件 (2021) = ``Kind.NORMATIVE``.
- "Written in Y": 成文日期 (``written_on``) in Y. An item without a 成文日期 falls back to its
  形成或变更日期 (``formed_on``, required of every item): the day the information was formed is
  the nearest date the records have to the day the document was made, and without the fallback
  such an item would be counted in no year's 制作/制发 column at all — silently.
- "Withdrawn by D": ``withdrawn_on`` on or before D. A withdrawal retracts a publication (made in
  error, or taken down), so an item withdrawn by the year end counts in none of that year's
  columns; one withdrawn after the year end counts as it stood on 12-31.

2019 edition (国办公开办函〔2019〕60号), report year Y (all dates inclusive):

- 本年新制作数量 (made): written in Y, and not withdrawn by Y-12-31. Making is a fact about the
  document, so one made in Y counts in Y even when it was first published after the year end.
- 本年新公开数量 (published): first published (``published_on``) in Y, and not withdrawn by
  Y-12-31. A later version of an item is not a new publication: ``published_on`` is the first.
- 对外公开总数量 (public): published by Y-12-31 and not withdrawn by Y-12-31 — every item public
  on the last day of the year, from whatever year.

2021 edition (国办公开办函〔2021〕30号):

- 本年制发件数 (issued): made *and* issued — written and first published by Y-12-31, one of the
  two in Y (so: written in Y and published by Y-12-31, or written before Y and first published in
  Y), and not withdrawn by Y-12-31. Each published document is counted in exactly one year's
  制发: the year by whose end it was both written and published. Why the second half: a document
  signed in late December and published in January (the review chain takes days) would
  otherwise count in neither year — written in Y but not published by its end, published in Y+1
  but not written in it — and S3's roll-forward would be off by it. The withdrawal rule is
  2019's, for the same reason.
- 本年废止件数 (repealed): 效力状态 废止 with its 修改或废止日期 (``validity_changed_on``) in Y.
  A repeal is a fact about the document, not about the web page: a repealed document taken off
  the site still was repealed in Y, so withdrawal does not matter here.
- 现行有效件数 (in_force): published by Y-12-31, not withdrawn by then, and not repealed on or
  before Y-12-31. One whose repeal is dated after Y-12-31 was in force at the year end; one
  marked 废止 without a date (the publishing services refuse that) is taken as repealed, since
  the records cannot say it was still in force. 已修改 (amended) documents stay in force.

Counting (table2.py) and listing (drilldown.py) both build their queries from these Q objects, so
a cell and the list behind it cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from types import MappingProxyType

from django.db.models import Q

from gongkai.publishing.models import Kind, Validity
from gongkai.reports.engine.editions import Block, CellKey, Edition

# The one block of table 二 the records give (Block.key, a code name: the heading is a label).
COMPUTED_BLOCK = "art20_1"
# The block's rows, in the order the edition declares them: 规章, then (行政)规范性文件.
ROW_KINDS = (Kind.RULE.value, Kind.NORMATIVE.value)
# The block's columns, in the edition's order, by the names the code and the links use.
COLUMN_RULES = {
    "2019": ("made", "published", "public"),
    "2021": ("issued", "repealed", "in_force"),
}
# The fields read, on the item and on its current published version.
KIND = "current_version__kind"
WRITTEN = "current_version__written_on"
FORMED = "current_version__formed_on"
VALIDITY = "current_version__validity"
CHANGED = "current_version__validity_changed_on"


@dataclass(frozen=True)
class ComputedCell:
    """One computed cell: its cell-contract key, the item kind of its row, its column's rule."""

    key: CellKey
    kind: str
    rule: str


def computed_block(edition: Edition) -> Block:
    return next(block for block in edition.table2 if block.key == COMPUTED_BLOCK)


@cache
def computed_cells(edition: Edition) -> Mapping[CellKey, ComputedCell]:
    """Every computed cell of the edition's table 二, in reading order (read-only: cached)."""
    block = computed_block(edition)
    cells: dict[CellKey, ComputedCell] = {}
    # strict: an edition whose block changed shape fails here, loudly, not with cells mismatched.
    for row, kind in zip(block.rows, ROW_KINDS, strict=True):
        for column, rule in zip(block.columns, COLUMN_RULES[edition.key], strict=True):
            key = CellKey("二", block.heading, row.label, column.label)
            cells[key] = ComputedCell(key, kind, rule)
    return MappingProxyType(cells)


@cache
def input_cells(edition: Edition) -> tuple[CellKey, ...]:
    """Every cell of the edition's table 二 that the records cannot give, in reading order."""
    computed = computed_cells(edition)
    return tuple(k for k in edition.cell_keys() if k.section == "二" and k not in computed)


def cell_for(edition: Edition, kind: str, rule: str) -> ComputedCell:
    """The computed cell of a row (item kind) and column (rule); KeyError when there is none."""
    for cell in computed_cells(edition).values():
        if (cell.kind, cell.rule) == (kind, rule):
            return cell
    raise KeyError(f"{edition.name} 表二没有这个统计单元格（row={kind}，column={rule}）")


def counted() -> Q:
    """The items that can count in any computed cell: published, of a kind the block has."""
    return Q(current_version__isnull=False, **{f"{KIND}__in": ROW_KINDS})


def kind_predicate(kind: str) -> Q:
    if kind not in ROW_KINDS:
        raise KeyError(f"表二第二十条第（一）项没有 {kind} 行")
    return Q(**{KIND: kind})


def _written_in(first: date, last: date) -> Q:
    # Written out as two ranges rather than a Coalesce, so the count and the list need no
    # annotation and the database sees plain comparisons.
    return Q(**{f"{WRITTEN}__gte": first, f"{WRITTEN}__lte": last}) | Q(
        **{f"{WRITTEN}__isnull": True, f"{FORMED}__gte": first, f"{FORMED}__lte": last}
    )


def _written_by(day: date) -> Q:
    return Q(**{f"{WRITTEN}__lte": day}) | Q(**{f"{WRITTEN}__isnull": True, f"{FORMED}__lte": day})


def _not_withdrawn_by(day: date) -> Q:
    return Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day)


def _in_force_on(day: date) -> Q:
    # Positive on purpose: Django's negation of a nullable lookup would let a 废止 without a
    # date through as in force.
    repealed = Q(**{VALIDITY: Validity.REPEALED})
    return ~repealed | Q(**{VALIDITY: Validity.REPEALED, f"{CHANGED}__gt": day})


def rule_predicates(edition: Edition, year: int) -> dict[str, Q]:
    """The year's column rules of the edition's computed block, keyed by rule name."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    kept = _not_withdrawn_by(last)
    published_by = Q(published_on__lte=last)
    if edition.key == "2019":
        return {
            "made": _written_in(first, last) & kept,
            "published": Q(published_on__gte=first, published_on__lte=last) & kept,
            "public": published_by & kept,
        }
    return {
        "issued": published_by
        & _written_by(last)
        & (_written_in(first, last) | Q(published_on__gte=first))
        & kept,
        "repealed": Q(
            **{VALIDITY: Validity.REPEALED, f"{CHANGED}__gte": first, f"{CHANGED}__lte": last}
        ),
        "in_force": published_by & kept & _in_force_on(last),
    }


def cell_predicate(edition: Edition, year: int, kind: str, rule: str) -> Q:
    """The items one computed cell counts; KeyError for a row or column the block lacks."""
    cell_for(edition, kind, rule)
    return counted() & kind_predicate(kind) & rule_predicates(edition, year)[rule]
