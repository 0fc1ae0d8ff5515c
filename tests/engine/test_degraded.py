"""Readers on our own renders, degraded the way published reports are (DOMAIN.md §3).

Random valid reports of both editions are rendered, then damaged: cell separators lost, labels
drifted or split across lines around the numbers, the page wrapped in a site's chrome. The numbers
are known, so each test can say: every number comes back, or the reader says it could not tell.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.reports.engine import read_report, render
from gongkai.reports.engine.editions import TABLE3_COLUMNS

from .strategies import reports

SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TABLE3_ROW = re.compile(
    r"^(?P<label>[^\t\n]*[^\d\t\n][^\t\n]*)(?P<values>(?:\t[^\t\n]*){7})$", re.M
)


def _table3_lines(text: str) -> list[re.Match]:
    start = text.index("三、收到和处理政府信息公开申请情况")
    end = text.index("四、政府信息公开行政复议、行政诉讼情况")
    return [m for m in TABLE3_ROW.finditer(text, start, end)]


def _replace(text: str, match: re.Match, new: str) -> str:
    return text[: match.start()] + new + text[match.end() :]


@SETTINGS
@given(reports(), st.data())
def test_rows_whose_separators_were_lost_come_back_or_are_reported_never_wrong(report, data):
    text = render(report, "txt").decode()
    damaged_rows = {}
    for match in reversed(_table3_lines(text)):
        values = match.group("values").split("\t")[1:]
        if "" in values or not data.draw(st.booleans()):
            continue  # a lost blank cannot be recovered by anyone; such rows are left intact
        # join neighbouring cells, keeping a random subset of the separators (as spaces)
        glue = data.draw(st.lists(st.sampled_from(["", " "]), min_size=6, max_size=6))
        joined = values[0] + "".join(g + v for g, v in zip(glue, values[1:], strict=True))
        damaged_rows[match.group("label")] = values
        text = _replace(text, match, match.group("label") + "\t" + joined)
    result = read_report(text.encode())
    got = result.report
    ambiguous = " ".join(d.message for d in result.diagnostics if d.level == "ambiguous")
    for row in report.edition.table3_rows:
        read = [got.cells[report.edition.t3(row, c)] for c in TABLE3_COLUMNS]
        original = [report.cells[report.edition.t3(row, c)] for c in TABLE3_COLUMNS]
        if read != original:
            assert read == [""] * 7 and row.name in ambiguous, (row.name, read, original)
    if not ambiguous:
        assert got == report, got.differences(report)


def _drift(text: str) -> str:
    """Label drift seen in real reports, in the tables (the narrative is left as written)."""
    start = text.index("二、主动公开政府信息情况")
    end = text.index("五、存在的主要问题及改进情况")
    tables = text[start:end]
    # "1." → "1、" where it numbers a label (never inside a number such as 0.1)
    tables = re.sub(r"(?m)(^|\t| )(\d)\.(?=[\u4e00-\u9fff])", r"\1\2、", tables)
    tables = tables.replace("本机关不掌握相关政府信息", "本机关不掌握相关信息")
    tables = tables.replace("（", "(").replace("）", ")")
    tables = tables.replace("商业企业", "商 业 企 业").replace("社会公益组织", "社会公益\n组织")
    tables = tables.replace("“三安全一稳定”", '"三安全一稳定"')
    tables = tables.replace("四、政府信息公开行政复议", "四、政府信息公开行政法复议")
    text = text[:start] + tables + text[end:]
    return text.replace("五、存在的主要问题", "五、政府信息公开工作存在的主要问题")


@SETTINGS
@given(reports())
def test_drifted_labels_and_headings_read_to_the_same_report(report):
    text = _drift(render(report, "txt").decode())
    assert read_report(text.encode()).report == report


@SETTINGS
@given(reports(), st.data())
def test_labels_split_across_lines_around_the_numbers_read_to_the_same_report(report, data):
    text = render(report, "txt").decode()
    for match in reversed(_table3_lines(text)):
        label = match.group("label")
        if len(label) < 4 or not data.draw(st.booleans()):
            continue
        cut = data.draw(st.integers(2, len(label) - 1))
        head, tail = label[:cut], label[cut:]
        if data.draw(st.booleans()):  # PDF style: the rest of the label after the numbers
            new = head + match.group("values") + "\n" + tail
        else:
            new = head + "\n" + tail + match.group("values")
        text = _replace(text, match, new)
    got = read_report(text.encode()).report
    assert got == report, got.differences(report)


CHROME = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>某某市人民政府门户网站</title>
<script>var nav = "一、总体情况 1 2 3";</script><style>.x{color:red}</style></head><body>
<div class="top"><a href="/">首页</a> | <a href="/zwgk">政务公开</a> | 无障碍 | 长者模式</div>
<table class="layout" width="100%"><tr><td class="menu"><ul><li>机构概况</li><li>政策文件</li>
<li>2023年政府信息公开工作年度报告</li></ul></td><td class="main">
<div class="crumbs">当前位置：首页 &gt; 政府信息公开 &gt; 年度报告</div>
<div class="info">发布日期：2025-01-20 浏览次数：1234 字号：大 中 小</div>
{article}
<div class="share">分享到：微信 微博</div></td></tr></table>
<div class="footer">主办单位：某某市人民政府办公室 网站标识码 3208000001 ICP备 12345678号</div>
</body></html>"""


@SETTINGS
@given(reports())
def test_a_report_inside_a_sites_pages_and_layout_tables_reads_the_same(report):
    page = render(report, "html").decode()
    article = page[page.index("<body>") + len("<body>") : page.index("</body>")]
    got = read_report(CHROME.replace("{article}", article).encode()).report
    assert got == report, got.differences(report)
