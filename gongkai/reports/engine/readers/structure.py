"""Finding the report in a document's lines: title, sections, edition, narrative and tables.

Every reader brings its input to lines (lines.py); this one parser then finds the report in them,
so text, HTML, DOCX, PDF and XLSX meet the same rules for headings, labels, blanks and lost
separators.
"""

from __future__ import annotations

import itertools
import re
from functools import cache

from ..editions import (
    EDITIONS,
    NARRATIVE_SECTIONS,
    OTHER_2019,
    OTHER_2021,
    RESULTS_TOTAL,
    SECTION_NUMBERS,
    TABLE3_COLUMNS,
    Edition,
    edition_for_year,
)
from ..model import OTHER_ROWS, MixedEdition, Report, mixed_edition
from .labels import normalize, official_core, reaches
from .lines import Diagnostic, Line, ReadError
from .tables import ValueLine, read_table2, read_table3, read_table4, value_lines

# What a section heading must say besides its number; the wording drifts (DOMAIN.md §1.2).
_HEADING_WORDS = {
    "一": ("总体情况",),
    "二": ("主动公开",),
    "三": ("收到和处理", "依申请公开", "申请情况"),
    "四": ("复议", "诉讼"),
    "五": ("问题", "改进"),
    "六": ("其他需要报告", "其他事项", "其他需报告"),
}
_HEADING = re.compile(r"^([一二三四五六])[、.,，．]\s*(.{2,40})$")
_TITLE = re.compile(r"(\d{4})\s*年\s*度?\s*(?:的)?\s*政府信息公开(?:工作)?\s*年度?\s*报告")
_PERIOD = re.compile(r"统计期限(?:自|为)?\s*(\d{4})\s*年\s*1\s*月\s*1\s*日")
_PAGE_FURNITURE = re.compile(
    r"^(?:[-—–－]\s*\d+\s*[-—–－]|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$"
)
# What follows a report on a government web page (share buttons, the site's imprint).
_SITE_FOOTER = re.compile(
    r"分享到|主办单位|承办单位|网站标识码|ICP备|打印本页|关闭窗口|【打印】|【关闭】|版权所有|网站地图"
)
FIRST_EDITION_YEAR = 2019


def parse_lines(lines: list[Line]) -> tuple[Report, list[Diagnostic]]:
    """The report in `lines`, with what the reader noticed; ReadError when there is none."""
    lines = [line for line in lines if not _PAGE_FURNITURE.match(line.text.strip())]
    if not any(line.text.strip() for line in lines):
        raise ReadError("文件中没有文字内容")
    diagnostics: list[Diagnostic] = [note for line in lines for note in line.notes]
    spans = find_sections(lines)
    first_heading = min((start for start, _ in spans.values()), default=len(lines))
    agency, year = _title(lines, first_heading)
    if year is not None and year < FIRST_EDITION_YEAR:
        raise ReadError(
            f"这是 {year} 年度的报告，早于 2019 年起施行的全国统一格式"
            "（国办公开办函〔2019〕60号），"
            "其表格格式各地不一，无法按统一格式读取"
        )

    def region(number: str) -> list[Line]:
        start, end = spans.get(number, (0, len(lines)))
        return lines[start + 1 : end] if number in spans else lines

    edition = _detect_edition(lines, spans, year)
    # Both editions' table 三 has the same columns: its value lines are found once, for its
    # layout and its rows.
    table3 = value_lines(region("三"), len(TABLE3_COLUMNS))
    edition = _table3_layout(edition, table3, diagnostics)
    report = Report.empty(edition, agency=agency, year=year)
    if year is None:
        diagnostics.append(Diagnostic("warning", "未能从标题中识别报告年度"))
    if not agency:
        diagnostics.append(Diagnostic("warning", "未能从标题中识别报告机关名称"))

    read_table2(report, region("二"), diagnostics)
    read_table3(report, table3, diagnostics)
    read_table4(report, region("四"), diagnostics)
    for number in NARRATIVE_SECTIONS:
        if number in spans:
            start, end = spans[number]
            report.sections[number] = reflow(lines[start + 1 : end])
        else:
            diagnostics.append(
                Diagnostic("warning", f"未找到第{number}部分的标题，该部分按空白处理")
            )
    return report, diagnostics


def find_sections(lines: list[Line]) -> dict[str, tuple[int, int]]:
    """Each section's (heading line, end line), found in order: one after another."""
    starts: dict[str, int] = {}
    position = 0
    for number in SECTION_NUMBERS:
        for index in range(position, len(lines)):
            if _is_heading(lines[index].text, number):
                starts[number] = index
                position = index + 1
                break
    ordered = sorted(starts.items(), key=lambda item: item[1])
    spans = {
        number: (start, ordered[i + 1][1] if i + 1 < len(ordered) else len(lines))
        for i, (number, start) in enumerate(ordered)
    }
    if ordered:  # the last section ends where the site's footer begins
        number, start = ordered[-1]
        for index in range(start + 1, len(lines)):
            if _SITE_FOOTER.search(lines[index].text):
                spans[number] = (start, index)
                break
    return spans


def _is_heading(text: str, number: str) -> bool:
    if number not in text:
        return False  # the heading starts with its number (most lines hold none: no pattern)
    match = _HEADING.match(text.strip().replace("\t", ""))
    if not match or match.group(1) != number:
        return False
    words = normalize(match.group(2))
    return any(word in words for word in _HEADING_WORDS[number])


def _title(lines: list[Line], first_heading: int) -> tuple[str, int | None]:
    """The agency and the year from the title, which stands before the first heading."""
    # The title is the last such line before the first heading: a site's menu may name other
    # years' reports above it.
    head = [line.text.strip() for line in lines[: max(first_heading, 1)][-30:]]
    for index in reversed(range(len(head))):
        text = head[index]
        match = _TITLE.search(text)
        if not match:
            continue
        agency = text[: match.start()].strip(" 　\t《")
        if not agency:
            before = [t for t in head[:index] if t]
            agency = before[-1] if before and len(before[-1]) <= 40 else ""
        return agency, int(match.group(1))
    for line in lines:
        match = _PERIOD.search(line.text)
        if match:
            return "", int(match.group(1))
    return "", None


def _table3_layout(
    edition: Edition, found: list[ValueLine], diagnostics: list[Diagnostic]
) -> Edition:
    """The edition with the （六） rows table 三 holds, which may be the other edition's."""
    rows_of = other_rows_layout(found)
    if rows_of is None or rows_of == edition.key:
        return edition
    mixed = mixed_edition(edition, rows_of)
    diagnostics.append(mixed_layout_note(mixed))
    return mixed


def mixed_layout_note(edition: MixedEdition) -> Diagnostic:
    """What a reader says of a table 三 that holds the other edition's （六） rows."""
    rows_of = edition.other_rows_of
    return Diagnostic(
        "warning",
        f"混合格式：本报告采用{edition.base.name}，但表三第（六）项为 {rows_of} 年版的"
        f"{_other_rows_shape(rows_of)}；按表中实有的行读取和检查",
    )


# How much of a 2021 （六） sub-row's long label must appear for the row to be there (a misprint
# loses a character or two; no other row's text comes near).
SUBROW_LABEL = 0.75


def other_rows_layout(found: list[ValueLine]) -> str | None:
    """Whose （六）其他处理 rows the value lines of table 三 hold: "2021" (sub-rows 1–3), "2019"
    (one row), or None when they do not tell.

    Any line labelled as a 2021 sub-row decides for 2021. The one 2019 row is a line labelled
    其他处理 with values of its own, right before （七）总计: a 2021 table whose sub-rows lost their
    labels has more lines there. Its label ends the line's label text: a 2021 table prints the
    group's 其他处理 before its last sub-row's "3.其他" too.
    """
    subrows = [official_core(row) for row in OTHER_2021[:2]]
    if any(reaches(label, f.context, SUBROW_LABEL) for f in found for label in subrows):
        return "2021"
    single, total = official_core(OTHER_2019[0]), official_core(RESULTS_TOTAL)
    for line, after in itertools.pairwise(found):
        if line.context.endswith(single) and total in after.context:
            return "2019"
    return None


def _other_rows_shape(rows_of: str) -> str:
    """How an edition's （六） rows look, in words: one row, or a group of sub-rows."""
    rows = OTHER_ROWS[rows_of]
    if len(rows) == 1:
        return f"单行“{rows[0].path[-1]}”"
    return f"“{rows[0].path[-2]}”下 {len(rows)} 个子项"


def _detect_edition(
    lines: list[Line], spans: dict[str, tuple[int, int]], year: int | None
) -> Edition:
    """The edition, from the labels only one edition has in table 二, else the year, else
    table 三's.

    Table 三's own labels (its （六） rows) come last: reports mix the editions there, and a
    mixed table 三 is read as such (_table3_layout), so it does not decide the edition.
    """
    best = _decisive(_edition_scores(lines, _table2_labels))
    if best is not None:
        return best
    if year is not None:
        return edition_for_year(year)
    best = _decisive(_edition_scores(lines, _table3_labels))
    if best is not None:
        return best
    if "三" not in spans and "二" not in spans:
        raise ReadError(
            "未找到全国统一格式的年度报告表格（“主动公开政府信息情况”“收到和处理政府信息公开申请情况”），"
            "这可能不是政府信息公开工作年度报告，或是 2019 年以前的旧格式"
        )
    raise ReadError("无法判断报告采用 2019 年版还是 2021 年版格式：表二的栏目和年度都未能识别")


def _decisive(scores: dict[str, int]) -> Edition | None:
    editions = sorted(EDITIONS.values(), key=lambda e: scores[e.key], reverse=True)
    best, other = editions[0], editions[1]
    return best if scores[best.key] > scores[other.key] else None


def _edition_scores(lines: list[Line], labels_of) -> dict[str, int]:
    """How many labels (`labels_of(edition)`) of each edition's own appear; longer labels are
    taken first, so that "本年处理决定数量" (2021) is not also counted as "处理决定数量" (2019)."""
    text = normalize("".join(line.text for line in lines))
    scores = dict.fromkeys(EDITIONS, 0)
    for label, key in _edition_marks(labels_of):
        count = text.count(label)
        if count:
            scores[key] += count
            text = text.replace(label, "\x00")
    return scores


@cache  # the editions' labels are data: their marks are the same for every report
def _edition_marks(labels_of) -> list[tuple[str, str]]:
    """Each label only one edition has (`labels_of(edition)`), with that edition's key, the
    longest first."""
    marks: dict[str, str] = {}
    labels = {key: labels_of(edition) for key, edition in EDITIONS.items()}
    shared = set.intersection(*labels.values())
    for key, own in labels.items():
        for label in own - shared:
            marks[label] = key
    return [(label, marks[label]) for label in sorted(marks, key=len, reverse=True)]


def _table2_labels(edition: Edition) -> set[str]:
    found = set()
    for block in edition.table2:
        found.add(normalize(block.heading))
        found.update(normalize(row.path[-1]) for row in block.rows)
        found.update(normalize(col.short) for col in block.columns)
    return {label for label in found if len(label) >= 4}


def _table3_labels(edition: Edition) -> set[str]:
    found = {normalize(row.path[-1]) for row in edition.table3_rows}
    return {label for label in found if len(label) >= 4}


_TERMINAL = tuple("。！？；：”’）)!?;:…")
_WRAPPED_LINE = 25  # a line at least this long that ends mid-sentence was wrapped by the layout


def reflow(lines: list[Line]) -> str:
    """The narrative as paragraphs: lines that a PDF's layout wrapped are joined again."""
    paragraphs: list[str] = []
    previous = ""
    for line in lines:
        text = line.text.replace("\t", " ").strip()
        if not text:
            continue
        if paragraphs and len(previous) >= _WRAPPED_LINE and not previous.endswith(_TERMINAL):
            paragraphs[-1] += text
        else:
            paragraphs.append(text)
        previous = text
    return "\n".join(paragraphs)
