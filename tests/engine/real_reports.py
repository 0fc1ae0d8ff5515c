"""The two real reports and the numbers they publish, for tests of readers and the checker."""

from __future__ import annotations

from pathlib import Path

from gongkai.reports.engine import EDITION_2021, CellKey
from gongkai.reports.engine.editions import TABLE3_COLUMNS, TABLE4_COLUMNS

HUAIAN_PDF = Path("fixtures") / "reports" / "2024_huaian-szf.pdf"

# 淮安市人民政府 2024 (2021 edition): table 三 as published, row key → the 7 columns.
HUAIAN_TABLE3 = {
    "new": (3001, 53, 0, 0, 61, 4, 3119),
    "carried_in": (34, 0, 0, 0, 0, 0, 34),
    "result.granted": (1288, 21, 0, 0, 50, 3, 1362),
    "result.partial": (447, 7, 0, 0, 0, 0, 454),
    "result.withheld.1": (2, 0, 0, 0, 0, 0, 2),
    "result.withheld.2": (30, 1, 0, 0, 0, 0, 31),
    "result.withheld.3": (5, 0, 0, 0, 0, 0, 5),
    "result.withheld.4": (6, 0, 0, 0, 0, 0, 6),
    "result.withheld.5": (7, 1, 0, 0, 0, 0, 8),
    "result.withheld.6": (12, 0, 0, 0, 0, 0, 12),
    "result.withheld.7": (9, 0, 0, 0, 0, 0, 9),
    "result.withheld.8": (105, 0, 0, 0, 0, 0, 105),
    "result.unavailable.1": (746, 12, 0, 0, 10, 1, 769),
    "result.unavailable.2": (11, 0, 0, 0, 0, 0, 11),
    "result.unavailable.3": (1, 0, 0, 0, 0, 0, 1),
    "result.not_handled.1": (56, 6, 0, 0, 0, 0, 62),
    "result.not_handled.2": (25, 0, 0, 0, 0, 0, 25),
    "result.not_handled.3": (0, 0, 0, 0, 0, 0, 0),
    "result.not_handled.4": (0, 0, 0, 0, 0, 0, 0),
    "result.not_handled.5": (1, 0, 0, 0, 0, 0, 1),
    "result.other.1": (67, 3, 0, 0, 1, 0, 71),
    "result.other.2": (6, 0, 0, 0, 0, 0, 6),
    "result.other.3": (108, 2, 0, 0, 0, 0, 110),
    "result.total": (2932, 53, 0, 0, 61, 4, 3050),
    "carried_forward": (103, 0, 0, 0, 0, 0, 103),
}
HUAIAN_TABLE4 = (72, 64, 178, 37, 351, 13, 4, 8, 1, 26, 12, 1, 1, 6, 20)
HUAIAN_TABLE2 = {
    ("第二十条第（一）项", "规章"): ("1", "0", "11"),
    ("第二十条第（一）项", "行政规范性文件"): ("8", "26", "66"),
    ("第二十条第（五）项", "行政许可"): ("447228",),
    ("第二十条第（六）项", "行政处罚"): ("3985758",),
    ("第二十条第（六）项", "行政强制"): ("88283",),
    ("第二十条第（八）项", "行政事业性收费"): ("96171.6",),
}


def huaian_expected_cells() -> dict[CellKey, str]:
    cells = {}
    for row_key, values in HUAIAN_TABLE3.items():
        row = EDITION_2021.row_by_key(row_key)
        for column, value in zip(TABLE3_COLUMNS, values, strict=True):
            cells[EDITION_2021.t3(row, column)] = str(value)
    for column, value in zip(TABLE4_COLUMNS, HUAIAN_TABLE4, strict=True):
        cells[CellKey("四", "", "", column.label)] = str(value)
    for (heading, row), values in HUAIAN_TABLE2.items():
        block = EDITION_2021.block(heading)
        for column, value in zip(block.columns, values, strict=True):
            cells[CellKey("二", heading, row, column.label)] = value
    return cells


def huaian_text(shared_dir: Path) -> str:
    """The real PDF as plain text, the way a scraper gets it: rows broken, vertical labels."""
    import pdfplumber

    with pdfplumber.open(shared_dir / HUAIAN_PDF) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)
