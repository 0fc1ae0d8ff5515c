"""The two editions of the national annual-report format, declared once, as data.

Every official label below is copied exactly from the format (DOMAIN.md §1), never translated.
Nothing about an edition is written anywhere else: readers, writers and the checker read it here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import NamedTuple


class Kind(StrEnum):
    """What a cell holds; decides how its text is read and checked."""

    COUNT = "count"  # a non-negative integer
    SIGNED = "signed"  # an integer that may be negative (本年增/减)
    YUAN = "yuan"  # money in 元, decimals allowed, often written with its unit ("251000元")
    WAN_YUAN = "wan_yuan"  # money in 万元 with decimals of any precision ("24252.311082")


class CellKey(NamedTuple):
    """A cell named by the cell contract: section, table-二 block, row path, column path."""

    section: str  # 二, 三 or 四
    block: str  # the table-二 heading, e.g. 第二十条第（一）项; empty elsewhere
    row: str  # official row labels joined with " / "; empty for table 四's one row
    column: str  # official column labels joined with " / "


PATH_SEPARATOR = " / "


@dataclass(frozen=True)
class Column:
    key: str  # a stable name for code
    path: tuple[str, ...]  # the official header labels from the top level down
    kind: Kind = Kind.COUNT

    @cached_property  # asked for every cell of every report checked
    def label(self) -> str:
        return PATH_SEPARATOR.join(self.path)

    @property
    def short(self) -> str:
        return self.path[-1]


@dataclass(frozen=True)
class Row:
    key: str  # a stable name for code (table 三 rows are what an application's outcome maps to)
    path: tuple[str, ...]  # the official row labels from the outermost down
    short: str = ""  # how a finding names the row; defaults to the last label

    @cached_property  # asked for every cell of every report checked
    def label(self) -> str:
        return PATH_SEPARATOR.join(self.path)

    @property
    def name(self) -> str:
        return self.short or self.path[-1]


@dataclass(frozen=True)
class Block:
    """One block of table 二: a 第二十条 item with its rows and columns."""

    key: str
    heading: str
    rows: tuple[Row, ...]
    columns: tuple[Column, ...]


SECTION_NUMBERS = ("一", "二", "三", "四", "五", "六")
SECTION_TITLES = {
    "一": "总体情况",
    "二": "主动公开政府信息情况",
    "三": "收到和处理政府信息公开申请情况",
    "四": "政府信息公开行政复议、行政诉讼情况",
    "五": "存在的主要问题及改进情况",
    "六": "其他需要报告的事项",
}
NARRATIVE_SECTIONS = ("一", "五", "六")
# The topics the 2021 format asks 一、总体情况 to cover, in its order (DOMAIN.md §1.1: "主要包括主动
# 公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障 … 等方面的内容").
OVERVIEW_TOPICS_2021 = (
    "主动公开",
    "依申请公开",
    "政府信息管理",
    "政府信息公开平台建设",
    "监督保障",
)
TABLE_SECTIONS = ("二", "三", "四")

TABLE2_ROW_HEADER = "信息内容"
TABLE3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
TABLE3_APPLICANTS = "申请人情况"
TABLE3_RESULTS = "三、本年度办理结果"
TABLE4_REVIEW = "行政复议"
TABLE4_LITIGATION = "行政诉讼"
TABLE4_DIRECT = "未经复议直接起诉"
TABLE4_AFTER_REVIEW = "复议后起诉"
TOTAL = "总计"
OUTCOMES = ("结果维持", "结果纠正", "其他结果", "尚未审结")


def _table3_columns() -> tuple[Column, ...]:
    org = "法人或其他组织"
    return (
        Column("natural_person", ("自然人",)),
        Column("business", (org, "商业企业")),
        Column("research", (org, "科研机构")),
        Column("public_interest", (org, "社会公益组织")),
        Column("legal_services", (org, "法律服务机构")),
        Column("other_org", (org, "其他")),
        Column("total", (TOTAL,)),
    )


def _table4_columns() -> tuple[Column, ...]:
    keys = ("upheld", "corrected", "other", "pending", "total")
    streams = (
        ("review", (TABLE4_REVIEW,)),
        ("direct", (TABLE4_LITIGATION, TABLE4_DIRECT)),
        ("after_review", (TABLE4_LITIGATION, TABLE4_AFTER_REVIEW)),
    )
    return tuple(
        Column(f"{stream}.{key}", (*prefix, label))
        for stream, prefix in streams
        for key, label in zip(keys, (*OUTCOMES, TOTAL), strict=True)
    )


TABLE3_COLUMNS = _table3_columns()
TABLE4_COLUMNS = _table4_columns()
# The six applicant columns that R2 adds up to 总计.
TABLE3_APPLICANT_COLUMNS = TABLE3_COLUMNS[:-1]
# Table 四 in three streams of five columns; the fifth of each is its 总计 (R4).
TABLE4_STREAMS = (TABLE4_COLUMNS[0:5], TABLE4_COLUMNS[5:10], TABLE4_COLUMNS[10:15])


def _result(key: str, *path: str, short: str = "") -> Row:
    return Row(f"result.{key}", (TABLE3_RESULTS, *path), short)


def _sub(prefix: str, key: str, group: str, labels: tuple[str, ...]) -> tuple[Row, ...]:
    """The numbered sub-rows of one result group, e.g. （三）不予公开 1–8."""
    return tuple(
        _result(f"{key}.{i}", group, label, short=f"{prefix}{label}")
        for i, label in enumerate(labels, start=1)
    )


WITHHELD = _sub(
    "（三）",
    "withheld",
    "（三）不予公开",
    (
        "1.属于国家秘密",
        "2.其他法律行政法规禁止公开",
        "3.危及“三安全一稳定”",
        "4.保护第三方合法权益",
        "5.属于三类内部事务信息",
        "6.属于四类过程性信息",
        "7.属于行政执法案卷",
        "8.属于行政查询事项",
    ),
)
UNAVAILABLE = _sub(
    "（四）",
    "unavailable",
    "（四）无法提供",
    ("1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"),
)
NOT_HANDLED = _sub(
    "（五）",
    "not_handled",
    "（五）不予处理",
    (
        "1.信访举报投诉类申请",
        "2.重复申请",
        "3.要求提供公开出版物",
        "4.无正当理由大量反复申请",
        "5.要求行政机关确认或重新出具已获取信息",
    ),
)
OTHER_2019 = (_result("other", "（六）其他处理"),)
OTHER_2021 = _sub(
    "（六）",
    "other",
    "（六）其他处理",
    (
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "3.其他",
    ),
)
NEW = Row("new", ("一、本年新收政府信息公开申请数量",), "一、本年新收")
CARRIED_IN = Row("carried_in", ("二、上年结转政府信息公开申请数量",), "二、上年结转")
GRANTED = _result("granted", "（一）予以公开")
PARTIAL = _result(
    "partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", short="（二）部分公开"
)
RESULTS_TOTAL = _result("total", "（七）总计")
CARRIED_FORWARD = Row("carried_forward", ("四、结转下年度继续办理",), "四、结转下年度")


def _table3_rows(other: tuple[Row, ...]) -> tuple[Row, ...]:
    return (
        NEW,
        CARRIED_IN,
        GRANTED,
        PARTIAL,
        *WITHHELD,
        *UNAVAILABLE,
        *NOT_HANDLED,
        *other,
        RESULTS_TOTAL,
        CARRIED_FORWARD,
    )


def _cols(*labels: str, kind: Kind = Kind.COUNT, kinds: dict[str, Kind] | None = None):
    kinds = kinds or {}
    return tuple(Column(label, (label,), kinds.get(label, kind)) for label in labels)


def _rows(*labels: str) -> tuple[Row, ...]:
    return tuple(Row(label, (label,)) for label in labels)


_PROJECTS_2019 = _cols(
    "上一年项目数量", "本年增/减", "处理决定数量", kinds={"本年增/减": Kind.SIGNED}
)
_DECISIONS_2021 = _cols("本年处理决定数量")

TABLE2_2019 = (
    Block(
        "art20_1",
        "第二十条第（一）项",
        _rows("规章", "规范性文件"),
        _cols("本年新制作数量", "本年新公开数量", "对外公开总数量"),
    ),
    Block(
        "art20_5", "第二十条第（五）项", _rows("行政许可", "其他对外管理服务事项"), _PROJECTS_2019
    ),
    Block("art20_6", "第二十条第（六）项", _rows("行政处罚", "行政强制"), _PROJECTS_2019),
    Block(
        "art20_8",
        "第二十条第（八）项",
        _rows("行政事业性收费"),
        _cols("上一年项目数量", "本年增/减", kinds={"本年增/减": Kind.SIGNED}),
    ),
    Block(
        "art20_9",
        "第二十条第（九）项",
        _rows("政府集中采购"),
        _cols("采购项目数量", "采购总金额", kinds={"采购总金额": Kind.YUAN}),
    ),
)
TABLE2_2021 = (
    Block(
        "art20_1",
        "第二十条第（一）项",
        _rows("规章", "行政规范性文件"),
        _cols("本年制发件数", "本年废止件数", "现行有效件数"),
    ),
    Block("art20_5", "第二十条第（五）项", _rows("行政许可"), _DECISIONS_2021),
    Block("art20_6", "第二十条第（六）项", _rows("行政处罚", "行政强制"), _DECISIONS_2021),
    Block(
        "art20_8",
        "第二十条第（八）项",
        _rows("行政事业性收费"),
        _cols("本年收费金额（单位：万元）", kind=Kind.WAN_YUAN),
    ),
)


@dataclass(frozen=True, eq=False)  # editions compare by identity: there are two
class Edition:
    key: str  # "2019" or "2021"
    name: str
    instrument: str
    first_year: int  # the first report year the edition is used for
    table2: tuple[Block, ...]
    table3_rows: tuple[Row, ...]
    table3_columns: tuple[Column, ...] = TABLE3_COLUMNS
    table4_columns: tuple[Column, ...] = TABLE4_COLUMNS
    _index: dict[CellKey, tuple[Row | None, Column]] = field(
        default_factory=dict, repr=False, compare=False
    )
    _t3_rows: dict[str, tuple[CellKey, ...]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        for key, row, column in self._walk():
            self._index[key] = (row, column)
        for row in self.table3_rows:
            self._t3_rows[row.key] = tuple(self.t3(row, column) for column in self.table3_columns)

    def __reduce__(self):
        # Unpickled as the one object it is (a report read in a child process comes back).
        return edition_by_key, (self.key,)

    def _walk(self):
        for block in self.table2:
            for row in block.rows:
                for col in block.columns:
                    yield CellKey("二", block.heading, row.label, col.label), row, col
        for row in self.table3_rows:
            for col in self.table3_columns:
                yield CellKey("三", "", row.label, col.label), row, col
        for col in self.table4_columns:
            yield CellKey("四", "", "", col.label), None, col

    def cell_keys(self) -> list[CellKey]:
        """Every cell of the edition, in reading order."""
        return list(self._index)

    def has_cell(self, key: CellKey) -> bool:
        return key in self._index

    def column(self, key: CellKey) -> Column:
        return self._index[key][1]

    def row(self, key: CellKey) -> Row | None:
        return self._index[key][0]

    def row_by_key(self, row_key: str) -> Row:
        for row in self.table3_rows:
            if row.key == row_key:
                return row
        raise KeyError(f"{self.name} 表三没有 {row_key} 行")

    def block(self, heading: str) -> Block:
        for block in self.table2:
            if block.heading == heading:
                return block
        raise KeyError(f"{self.name} 表二没有 {heading}")

    def t3(self, row: Row | str, column: Column) -> CellKey:
        row = self.row_by_key(row) if isinstance(row, str) else row
        return CellKey("三", "", row.label, column.label)

    def t3_cells(self, row: Row) -> tuple[CellKey, ...]:
        """The cells of one of the edition's table-三 rows, one per column, as t3() names them
        (named once per edition: a reader asks for every row of every report)."""
        return self._t3_rows[row.key]

    @cached_property  # read for every cell of every report checked
    def cell_kinds(self) -> tuple[tuple[CellKey, Kind], ...]:
        """Every cell with the kind of its column, in reading order."""
        return tuple((key, column.kind) for key, (_, column) in self._index.items())

    def cell_name(self, key: CellKey) -> str:
        """How a finding names a cell, e.g. 三（七）总计·自然人 or 四·行政复议·总计."""
        row, column = self._index[key]
        if key.section == "三":
            joiner = "" if row.name.startswith("（") else "·"
            return f"三{joiner}{row.name}·{column.short}"
        if key.section == "四":
            return "四·" + "·".join(column.path)
        return f"二·{key.block}·{row.name}·{column.short}"

    @property
    def result_rows(self) -> tuple[Row, ...]:
        """The rows R3 adds up to （七）总计: every result row but the total."""
        return tuple(
            r for r in self.table3_rows if r.key.startswith("result.") and r is not RESULTS_TOTAL
        )


EDITION_2019 = Edition(
    key="2019",
    name="2019 年版（国办公开办函〔2019〕60号，试行）",
    instrument="国办公开办函〔2019〕60号",
    first_year=2019,
    table2=TABLE2_2019,
    table3_rows=_table3_rows(OTHER_2019),
)
EDITION_2021 = Edition(
    key="2021",
    name="2021 年版（国办公开办函〔2021〕30号）",
    instrument="国办公开办函〔2021〕30号",
    first_year=2021,
    table2=TABLE2_2021,
    table3_rows=_table3_rows(OTHER_2021),
)
EDITIONS = {e.key: e for e in (EDITION_2019, EDITION_2021)}


def edition_for_year(year: int) -> Edition:
    """The edition in force for a report year: 2019 for the 2019 and 2020 reports, 2021 after."""
    if year < EDITION_2019.first_year:
        raise ValueError(f"{year} 年度报告早于全国统一格式（2019 年起施行）")
    return EDITION_2021 if year >= EDITION_2021.first_year else EDITION_2019


def edition_by_key(key: str) -> Edition:
    try:
        return EDITIONS[str(key)]
    except KeyError:
        raise ValueError(f"未知的年报格式版本 “{key}”，应为 2019 或 2021") from None
