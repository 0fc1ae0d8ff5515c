"""The public checker page: upload, findings beside the report and linked to their cells, the rules
in words, downloads, limits, and a page in proportion to its upload."""

from __future__ import annotations

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import engines
from django.urls import reverse
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from gongkai.reports.check_page import _frame, finding_rows, page_html
from gongkai.reports.engine import (
    EDITION_2019,
    EDITION_2021,
    RULES,
    CellKey,
    Finding,
    Report,
    check,
    read_report,
    render,
)
from gongkai.reports.engine.readers.contract import read_json
from gongkai.reports.engine.writers.html import report_article
from gongkai.reports.engine.writers.layout import Heading, Paragraph, Table, Title, outline
from gongkai.reports.forms import compact_contract, expanded_contract
from gongkai.reports.province.pages import cell_index

NEW_APPLICATIONS = "一、本年新收政府信息公开申请数量"


def _upload(client, name: str, data: bytes):
    return client.post(reverse("reports:check"), {"file": SimpleUploadedFile(name, data)})


def _tree(response):
    return lxml_html.fromstring(response.content.decode())


@pytest.fixture(scope="module")
def broken_seed(seed_report) -> bytes:
    """The seed with one wrong number: 1 application received, none handled or carried."""
    text = seed_report.read_text(encoding="utf-8")
    row = f"{NEW_APPLICATIONS}\t\t0\t0\t0\t0\t0\t0\t0"
    assert row in text
    return text.replace(row, f"{NEW_APPLICATIONS}\t\t1\t0\t0\t0\t0\t0\t1").encode()


def test_the_checker_keeps_its_own_address_linked_from_the_home_and_offers_an_upload(client, db):
    assert reverse("reports:check") == "/check/"
    assert 'href="/check/"' in client.get("/").content.decode()
    page = client.get("/check/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'type="file"' in html and "年度报告" in html
    (field,) = _tree(page).xpath("//input[@type='file']")
    assert field.get("name") == "file" and ".docx" in field.get("accept")


_CSRF_VALUE = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def test_the_pages_frame_is_rendered_once_per_language_and_again_for_an_edited_template(
    client, db, seed_report
):
    _frame.cache_clear()
    first = _CSRF_VALUE.sub("", client.get("/check/").content.decode())
    assert _CSRF_VALUE.sub("", client.get("/check/").content.decode()) == first
    assert _frame.cache_info().misses == 1
    checked = _upload(client, "seed.txt", seed_report.read_bytes()).content.decode()
    assert _frame.cache_info().misses == 2  # the layout with a result beside the report
    assert "\x00" not in first + checked  # every part is in place of its marker
    with translation.override("en"):
        page_html({"upload": ""})
    assert _frame.cache_info().misses == 3
    # Django compiles the template anew when it reloads it (an edit, in development).
    engines["django"].engine.template_loaders[0].reset()
    assert _CSRF_VALUE.sub("", client.get("/check/").content.decode()) == first
    assert _frame.cache_info().misses == 4


def test_a_clean_report_is_shown_in_the_official_layout_with_no_findings(client, seed_report):
    page = _upload(client, "seed.txt", seed_report.read_bytes())
    html = page.content.decode()
    assert page.status_code == 200
    assert "未发现问题" in html
    assert "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" in html
    assert not re.search(r'class="[^"]*cell-error', html)


def test_failing_cells_are_highlighted_and_the_findings_listed_beside_them(client, broken_seed):
    page = _upload(client, "broken.txt", broken_seed)
    html = page.content.decode()
    assert "发现" in html and "处错误" in html
    assert "三·自然人</a>：第一项加第二项之和为 1，第三项（七）总计加第四项之和为 0" in html
    tree = _tree(page)
    edition = EDITION_2019
    marked = {td.get("id") for td in tree.xpath("//td[contains(@class, 'cell-error')]")}
    received = edition.cell_keys().index(CellKey("三", "", NEW_APPLICATIONS, "自然人"))
    assert f"cell-{received}" in marked  # the 1 written under 自然人


def test_the_article_anchors_every_cell_by_its_place_in_the_edition_as_the_province_does(
    client, seed_report
):
    tree = _tree(_upload(client, "seed.txt", seed_report.read_bytes()))
    ids = [td.get("id") for td in tree.xpath("//article//td[contains(@class, 'value')]")]
    index = cell_index(EDITION_2019)
    assert ids == [f"cell-{index[key]}" for key in EDITION_2019.cell_keys()]
    sections = [s.get("id") for s in tree.xpath("//article/section")]
    assert sections == [f"section-{n}" for n in range(1, 7)]
    assert not tree.xpath("//*[@data-cell]")  # the short anchor in place of the long key


def test_each_finding_links_to_a_cell_it_names_and_that_cell_is_marked(client, broken_seed):
    tree = _tree(_upload(client, "broken.txt", broken_seed))
    findings = check(read_report(broken_seed).report)
    links = tree.xpath("//ol[@class='findings']//li[@class]/a")
    assert len(links) == len(findings)
    keys = EDITION_2019.cell_keys()
    for link, f in zip(links, findings, strict=True):
        n = int(link.get("href").removeprefix("#cell-"))
        assert keys[n] in f.cells
        (cell,) = tree.xpath(f"//td[@id='cell-{n}']")
        assert f"cell-{f.level}" in cell.get("class")
    # R1 is about a column (三·自然人), not one cell: its link goes to the first cell it adds up.
    (link,) = [a for a in links if a.text == "三·自然人"]
    assert keys[int(link.get("href").removeprefix("#cell-"))] == CellKey(
        "三", "", NEW_APPLICATIONS, "自然人"
    )


def test_a_finding_about_one_cell_links_to_that_cell_though_it_looked_at_others():
    key, other = EDITION_2021.cell_keys()[40:42]
    f = Finding("R2", EDITION_2021.cell_name(key), "…", cells=(other, key))
    (rule,) = finding_rows([f], EDITION_2021)
    assert [row.anchor for row in rule.rows] == ["#cell-40"]  # its subject, not the first


def test_a_finding_without_a_cell_links_to_the_section_its_subject_names():
    findings = [
        Finding("S5", "一、总体情况", "与上年报告内容雷同（相似度 95%）", level="warning"),
        Finding("R5", "年度", "应与上一年度报告比较"),
    ]
    (s5, r5) = finding_rows(findings, EDITION_2021)
    assert [row.anchor for row in s5.rows] == ["#section-1"]
    assert [row.anchor for row in r5.rows] == [""]  # names neither a cell nor a section
    article = report_article(Report.empty(EDITION_2021), findings, cell_ids=True)
    assert '<section data-section="一" id="section-1">' in article


def test_each_rule_in_the_findings_carries_its_meaning_in_words_once(client, broken_seed):
    tree = _tree(_upload(client, "broken.txt", broken_seed))
    rules = {f.rule for f in check(read_report(broken_seed).report)}
    headings = tree.xpath("//ol[@class='findings']/li/p[@class='rule']")
    assert sorted(h.findtext("span[@class='code']") for h in headings) == sorted(rules)
    for heading in headings:
        code = heading.findtext("span[@class='code']")
        assert heading.findtext("span[@class='meaning']") == RULES[code][1]


def test_the_article_follows_the_layouts_outline(seed_report):
    """The HTML writer walks layout.outline's order itself (without building the grids)."""
    report = read_report(seed_report.read_bytes()).report
    expected = []
    for part in outline(report):
        if isinstance(part, Title | Heading | Paragraph):
            expected.append(part.text)
        elif isinstance(part, Table):
            expected.append(f"table t{'二三四'.index(part.grid.section) + 2}")
    tree = lxml_html.fromstring(report_article(report, cell_ids=True))
    found = [
        f"table {e.get('class')}" if e.tag == "table" else e.text_content()
        for e in tree.xpath("//h1 | //h2 | //p | //table")
    ]
    assert found == expected


@pytest.mark.parametrize(
    ("fmt", "magic"), [("docx", b"PK\x03\x04"), ("xlsx", b"PK\x03\x04"), ("pdf", b"%PDF-")]
)
def test_the_checked_report_downloads_as_docx_pdf_and_xlsx(client, broken_seed, fmt, magic):
    tree = _tree(_upload(client, "broken.txt", broken_seed))
    (form,) = tree.xpath("//form[@class='downloads']")
    (posted,) = form.xpath(".//input[@name='report']")  # the report once, for every format
    url = form.xpath(f".//button[text()='{fmt.upper()}']")[0].get("formaction")
    assert url == reverse("reports:download", args=[fmt])
    response = client.post(url, {"report": posted.get("value")})
    assert response.status_code == 200
    assert response.content.startswith(magic)
    assert "attachment" in response["Content-Disposition"]
    again = read_report(response.content).report  # what was downloaded is the same report
    assert again == read_report(broken_seed).report


def test_a_download_still_takes_the_whole_cell_contract_posted_by_an_older_page(
    client, broken_seed
):
    report = read_report(broken_seed).report
    posted = render(report, "json").decode()
    response = client.post(reverse("reports:download", args=["xlsx"]), {"report": posted})
    assert response.status_code == 200
    assert read_report(response.content).report == report


_VALUES = st.one_of(
    st.sampled_from(["", "0", "7", "-3", "007", "-0", "/", "251000元", "1.5", "12345678901234567"]),
    st.text(max_size=6),
)


@settings(max_examples=60, deadline=None)
@given(
    edition=st.sampled_from([EDITION_2019, EDITION_2021]),
    data=st.data(),
    agency=st.text(max_size=10),
    year=st.one_of(st.none(), st.integers(2019, 2030)),
)
def test_the_compact_contract_gives_back_every_cell_as_written(edition, data, agency, year):
    report = Report.empty(edition, agency, year)
    for key in edition.cell_keys():
        report.cells[key] = data.draw(_VALUES)
    report.sections["六"] = data.draw(st.text(max_size=20))
    compact = json.loads(compact_contract(report))
    again = read_json(expanded_contract(compact))
    assert again.cells == report.cells
    assert (again.edition, again.agency, again.year) == (edition, agency, year)


def test_a_download_of_a_tampered_report_is_refused_as_plain_text(client):
    url = reverse("reports:download", args=["pdf"])
    response = client.post(url, {"report": "{}"})
    assert response.status_code == 400
    assert "报告数据无效" in response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    short = json.dumps({"edition": "2019", "values": [0, 1]})
    response = client.post(url, {"report": short})
    assert response.status_code == 400
    assert "2019 年版" in response.content.decode() or "单元格" in response.content.decode()
    odd = json.dumps({"edition": "2019", "values": [{"x": 1}] * len(EDITION_2019.cell_keys())})
    assert "values[0]" in client.post(url, {"report": odd}).content.decode()
    script = client.post(reverse("reports:download", args=["<script>"]), {"report": "{}"})
    assert script.status_code == 400 and script["Content-Type"].startswith("text/plain")


def test_an_unreadable_file_gets_the_readers_reason(client):
    page = _upload(client, "notes.txt", "会议纪要\n今天开会。\n".encode())
    assert page.status_code == 422
    assert "无法读取该文件：未找到全国统一格式的年度报告表格" in page.content.decode()


def test_a_file_of_another_type_is_refused_naming_what_is_accepted(client):
    html = _upload(client, "virus.exe", b"MZ\x00\x00").content.decode()
    assert "不支持“.exe”文件" in html and ".docx" in html


def test_a_file_over_the_limit_is_refused_with_the_limit(client, settings, seed_report):
    settings.GONGKAI_UPLOAD_MAX_BYTES = 1024
    html = _upload(client, "seed.txt", seed_report.read_bytes()).content.decode()
    assert re.search(r"文件过大（5\.\d KB），上限为 1\.0 KB", html)
    assert "未发现问题" not in html


# The page's size, measured (the seed: 5,716 bytes in, 257,422 bytes of page before the report
# was kept once; 25,107 after): the report's text twice (the article, and the compact contract
# the downloads post back), the page and the edition's layout (14.3–14.6 KB for either edition,
# measured with every cell 0 and no narrative), and each finding or reading note (its line in
# the list and its cell's title: 247–257 bytes a finding for a blank report's 176–190).
FIXED_BYTES = 16 * 1024
PER_NOTE_BYTES = 300


def _bounded(client, name: str, data: bytes) -> tuple[int, int]:
    page = _upload(client, name, data)
    assert page.status_code == 200
    result = read_report(data, name)
    notes = len(check(result.report)) + len(result.diagnostics)
    bound = 2 * len(data) + FIXED_BYTES + PER_NOTE_BYTES * notes
    assert len(page.content) <= bound, (len(page.content), bound)
    return len(page.content), notes


def test_the_page_is_in_proportion_to_its_upload(client, seed_report, broken_seed):
    seed = seed_report.read_bytes()
    size, notes = _bounded(client, "seed.txt", seed)
    assert notes == 0 and size <= 5 * len(seed)  # 4.4 × measured, 45 × before
    _bounded(client, "broken.txt", broken_seed)
    longer = read_report(seed).report
    longer.sections = {n: text * 5 for n, text in longer.sections.items()}
    _bounded(client, "longer.txt", render(longer, "txt"))


@pytest.mark.parametrize("edition", [EDITION_2019, EDITION_2021], ids=["2019", "2021"])
def test_a_blank_report_page_grows_with_its_findings_only(client, edition):
    data = render(Report.empty(edition, "某局", edition.first_year), "txt")
    _, notes = _bounded(client, "blank.txt", data)
    assert notes > 100  # every total left blank is a finding


@pytest.mark.parametrize(
    ("posted", "says"),
    [("[" * 100_000, "嵌套过深"), ('{"year": ' + "1" * 5000 + "}", "位数过多")],
    ids=["nested", "long-number"],
)
def test_a_download_of_json_python_cannot_load_is_refused_not_a_500(client, posted, says):
    response = client.post(reverse("reports:download", args=["xlsx"]), {"report": posted})
    assert response.status_code == 400
    assert says in response.content.decode()


def test_a_part_of_the_page_not_marked_safe_is_escaped_as_the_template_would():
    page = page_html({"upload": "<script>alert(1)</script>"})
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
