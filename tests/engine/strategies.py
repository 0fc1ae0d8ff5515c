"""Hypothesis strategies for random valid annual reports of both editions.

Table 三 is built from per-applicant-column counts so that R1, R2 and R3 hold by construction;
table 四 from three streams so that R4 holds. Table 二 values follow their column's kind. The
narrative is CJK text that cannot be mistaken for a heading, a title or a table row, wherever a
PDF happens to wrap its lines: it holds no 一、…六、, no tab, and its numbers always carry a unit.
"""

from __future__ import annotations

from hypothesis import strategies as st

from gongkai.reports.engine.editions import (
    EDITION_2019,
    EDITION_2021,
    NARRATIVE_SECTIONS,
    RESULTS_TOTAL,
    TABLE3_APPLICANT_COLUMNS,
    TABLE4_STREAMS,
    CellKey,
    Edition,
    Kind,
)
from gongkai.reports.engine.model import Report

# Characters for names and text: common words of these reports, none of them a numeral that
# opens a section heading (一 … 六), and none of the words that open a table (信息内容, 总计).
_NAME_CHARS = "东南西北中华江河山海湖阳安宁平和新兴长春明光泰丰佳城林州德清"
_PLACES = ("市", "省", "县", "区", "自治州")
_BODIES = ("局", "委员会", "人民政府", "人民政府办公室", "管理局", "服务中心")
_DEPARTMENTS = (
    "知识产权",
    "统计",
    "生态环境",
    "市场监督管理",
    "自然资源和规划",
    "交通运输",
    "卫生健康",
    "医疗保障",
    "住房和城乡建设",
    "",
)
_PHRASES = (
    "我局认真贯彻落实《中华人民共和国政府信息公开条例》",
    "坚持以公开为常态、不公开为例外",
    "围绕中心工作，贴近人民群众",
    "及时、准确地发布相关政府信息",
    "进一步规范政务公开内容、形式和程序",
    "完善信息发布审核制度",
    "加强政府网站和政务新媒体建设",
    "做好政策解读和回应关切",
    "依法依规办理政府信息公开申请",
    "强化监督保障和考核评议",
    "与人民群众的期待相比还有差距",
    "无收取信息处理费情况",
    "部分栏目更新不够及时",
    "公开内容的标准化、规范化水平有待提升",
    "组织业务培训",
    "全年",
    "累计",
    "通过门户网站",
    "在“政务公开”专栏",
)
_UNITS = ("件", "条", "次", "项", "个", "人次", "年", "元")
_PUNCT = ("，", "；", "、", "：")


@st.composite
def agency_names(draw: st.DrawFn) -> str:
    place = draw(st.text(_NAME_CHARS, min_size=2, max_size=3)) + draw(st.sampled_from(_PLACES))
    return place + draw(st.sampled_from(_DEPARTMENTS)) + draw(st.sampled_from(_BODIES))


@st.composite
def sentences(draw: st.DrawFn) -> str:
    """A sentence of phrases and numbers; a number is always followed by its unit."""
    pieces = []
    for _ in range(draw(st.integers(1, 4))):
        if draw(st.integers(0, 3)) == 0:
            number = draw(st.integers(0, 99999))
            pieces.append(
                f"{draw(st.sampled_from(_PHRASES))}{number}{draw(st.sampled_from(_UNITS))}"
            )
        else:
            pieces.append(draw(st.sampled_from(_PHRASES)))
    punct = [draw(st.sampled_from(_PUNCT)) for _ in pieces[1:]]
    text = pieces[0] + "".join(p + q for p, q in zip(punct, pieces[1:], strict=True))
    return text + "。"


@st.composite
def narratives(draw: st.DrawFn) -> str:
    """One to three paragraphs, one per line; some open with a sub-heading like （二）."""
    paragraphs = []
    for i in range(draw(st.integers(1, 3))):
        text = "".join(draw(st.lists(sentences(), min_size=1, max_size=3)))
        if draw(st.booleans()):
            text = "（" + "一二三"[i] + "）" + text
        paragraphs.append(text)
    return "\n".join(paragraphs)


def _counts() -> st.SearchStrategy[int]:
    # Mostly small and often zero, as in real reports; now and then large.
    return st.one_of(st.just(0), st.integers(0, 9), st.integers(0, 5000))


@st.composite
def _table3(draw: st.DrawFn, edition: Edition) -> dict[CellKey, str]:
    rows = edition.table3_rows
    results = edition.result_rows
    new, carried_in = rows[0], rows[1]
    carried_forward = rows[-1]
    values: dict[str, dict[str, int]] = {c.key: {} for c in TABLE3_APPLICANT_COLUMNS}
    for column in TABLE3_APPLICANT_COLUMNS:
        v = values[column.key]
        for row in results:
            v[row.key] = draw(_counts())
        v[RESULTS_TOTAL.key] = sum(v[r.key] for r in results)  # R3
        v[carried_forward.key] = draw(_counts())
        handled = v[RESULTS_TOTAL.key] + v[carried_forward.key]
        v[carried_in.key] = draw(st.integers(0, handled))
        v[new.key] = handled - v[carried_in.key]  # R1: 一 + 二 = （七） + 四
    cells: dict[CellKey, str] = {}
    total_column = edition.table3_columns[-1]
    for row in rows:
        for column in TABLE3_APPLICANT_COLUMNS:
            n = values[column.key][row.key]
            # A zero now and then written as a blank, which readers must keep apart from "0";
            # never in （七）总计, where a blank is an error of the report.
            blank = n == 0 and row is not RESULTS_TOTAL and draw(st.integers(0, 15)) == 0
            cells[edition.t3(row, column)] = "" if blank else str(n)
        total = sum(values[c.key][row.key] for c in TABLE3_APPLICANT_COLUMNS)  # R2
        cells[edition.t3(row, total_column)] = str(total)
    return cells


@st.composite
def _table4(draw: st.DrawFn) -> dict[CellKey, str]:
    cells = {}
    for stream in TABLE4_STREAMS:
        outcomes = [draw(st.one_of(st.just(0), st.integers(0, 30))) for _ in stream[:-1]]
        for column, n in zip(stream, [*outcomes, sum(outcomes)], strict=True):  # R4
            cells[CellKey("四", "", "", column.label)] = str(n)
    return cells


def _amount(draw: st.DrawFn, places: int) -> str:
    whole = draw(st.integers(0, 10**9))
    decimals = draw(st.integers(0, places))
    if decimals == 0:
        return str(whole)
    fraction = draw(st.integers(1, 10**decimals - 1))
    return f"{whole}.{fraction:0{decimals}d}"


@st.composite
def table2_values(draw: st.DrawFn, kind: Kind) -> str:
    if draw(st.integers(0, 12)) == 0:
        return "/"
    if kind is Kind.COUNT:
        return str(draw(_counts()))
    if kind is Kind.SIGNED:
        return str(draw(st.integers(-500, 500)))
    if kind is Kind.YUAN:
        amount = _amount(draw, 2)
        return amount if amount == "0" else amount + "元"
    return _amount(draw, 6)  # WAN_YUAN: a bare decimal, as the column header names the unit


@st.composite
def _table2(draw: st.DrawFn, edition: Edition) -> dict[CellKey, str]:
    cells = {}
    for block in edition.table2:
        for row in block.rows:
            for column in block.columns:
                key = CellKey("二", block.heading, row.label, column.label)
                cells[key] = draw(table2_values(column.kind))
    return cells


_YEARS = {EDITION_2019.key: (2019, 2020), EDITION_2021.key: (2021, 2030)}


@st.composite
def reports(draw: st.DrawFn, edition: Edition | None = None) -> Report:
    """A random valid report of `edition`, or of either edition."""
    if edition is None:
        edition = draw(st.sampled_from((EDITION_2019, EDITION_2021)))
    first, last = _YEARS[edition.key]
    cells = {**draw(_table2(edition)), **draw(_table3(edition)), **draw(_table4())}
    return Report(
        edition=edition,
        agency=draw(agency_names()),
        year=draw(st.integers(first, last)),
        cells=cells,
        sections={number: draw(narratives()) for number in NARRATIVE_SECTIONS},
    )
