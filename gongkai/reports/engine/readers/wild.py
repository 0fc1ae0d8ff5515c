"""What the table reader says about rows as published in the wild (issue 10).

A Word export's grid that drifts under its header (a cell spanning two grid columns), and labels
printed with a character missing or doubled, or a stray space: each row is read when it can be
read right, with a diagnostic saying how, and left unread with a reason when it cannot.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..editions import Row
from .labels import KNOWN_VARIANTS, coverage, normalize, official_core, printed, verbatim
from .lines import Diagnostic

if TYPE_CHECKING:
    from .tables import ValueLine

WEAK_LABEL = 0.34  # below this a row's label barely matches the text around its values

DRIFT = "单元格与表头栏目不对齐（有跨栏的单元格）"


def misaligned_cells(
    values: list[str], own: list[bool] | None, width: int, *, leading: bool = False
) -> list[str] | None:
    """The row's own cells, in order, when its grid positions cannot be trusted; None when
    they can (or are not known).

    Word lets a data cell span two grid columns under a header that spans one: the positions
    after it drift (a span covers one of `positions`), while the row still holds its cells in
    order. A row lined up but with more cells than `width`, values among the extra ones, has a
    cell too many somewhere: its positions cannot be trusted either. The values are the row's
    last `width` positions, or its first with `leading` (table 二).
    """
    if own is None:
        return None
    cells = [value for value, starts in zip(values, own, strict=True) if starts]
    positions, extra = (own[:width], cells[width:]) if leading else (own[-width:], cells[:-width])
    if all(positions) and not any(extra):
        return None
    return cells


def drift_note(cells: list[str], width: int) -> tuple[bool, str]:
    """Whether a row of its own `cells` can be read in order, and the diagnostic saying so."""
    if len(cells) == width:
        return True, f"{DRIFT}，本行恰有 {width} 个单元格，按顺序读取"
    shown = " ".join(c or "空白" for c in cells)
    return False, (
        f"{DRIFT}或单元格数不符：本行有 {len(cells)} 个单元格（{shown}），应有 {width} 个，"
        "无法确定各数值所在的栏目，未读取"
    )


def label_note(
    row: Row, line: ValueLine, after: ValueLine | None, rows: tuple[Row, ...]
) -> tuple[Diagnostic | None, bool]:
    """What to say about the label a row is read from, and whether to read the row.

    Rows are paired with lines by position and similarity (_align). A label printed as the
    format has it (or as a known variant) is read silently; a misprinted one (a character
    missing or doubled) is read with a note naming it as printed; a label that is another
    row's, printed as such, is not read: position and label disagree on the row.
    """
    label = official_core(row)
    # A label PDF extraction broke around the numbers ends in the next line's text.
    text = line.context + (after.context[: len(label)] if after else "")
    if verbatim(label, text, KNOWN_VARIANTS.get(row.key, ())):
        spaced = _STRAY_SPACE.search(line.label)
        if spaced is None:
            return None, True
        message = f"表三“{row.name}”：标签印作“{line.label}”，字间多出空格，按“{row.path[-1]}”读取"
        return Diagnostic("info", message, line.where), True
    if coverage(label, text) < WEAK_LABEL:
        message = f"按顺序读作“{row.name}”，但标签不符：“{line.context}”"
        return Diagnostic("warning", message, line.where), True
    shown = printed(label, text) or line.label or line.context
    # Only the line's own label: the text before it may end the previous row's broken label.
    own = normalize(line.label)
    rival = next((r for r in rows if r is not row and _printed_as(r, own)), None)
    if rival is not None:
        message = (
            f"表三：标签“{shown}”按顺序应为“{row.name}”，但其中印有“{rival.name}”的标签，"
            "无法确定是哪一行，未读取"
        )
        return Diagnostic("ambiguous", message, line.where), False
    message = (
        f"表三“{row.name}”：标签印作“{shown}”，与格式的“{row.path[-1]}”不完全一致"
        "（缺字、多字或错字），按位置和相似度读作该行"
    )
    return Diagnostic("info", message, line.where), True


# A space between two Chinese characters, which no label has (the seed's "1. 本机关…" after
# the numbering is layout, not a misprint).
_STRAY_SPACE = re.compile(r"[\u4e00-\u9fff]\s+[\u4e00-\u9fff]")
_RIVAL_LABEL = 4  # shorter labels ("其他") are part of too many others to tell a row


def _printed_as(row: Row, context: str) -> bool:
    label = official_core(row)
    return len(label) >= _RIVAL_LABEL and label in context
