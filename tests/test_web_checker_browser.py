"""The public checker in a real browser: Debian's headless chromium against the live server."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser import chromium

# The live server needs committed data; serialized_rollback puts the migrated data (the holiday
# calendar) back after the flush, for the transactional tests that run after these.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = chromium(tmp_path_factory.mktemp("chromium"), width=1400, height=1000)
    yield driver
    driver.quit()


def _check(browser, live_server, path: Path):
    browser.get(live_server.url + "/check/")
    browser.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(path))
    browser.find_element(By.CSS_SELECTOR, ".upload button[type=submit]").click()
    return WebDriverWait(browser, 30).until(
        ready.presence_of_element_located((By.CSS_SELECTOR, ".verdict, .read-error"))
    )


def test_a_clean_report_uploaded_in_the_browser_is_shown_without_findings(
    browser, live_server, seed_report
):
    verdict = _check(browser, live_server, seed_report)
    assert verdict.text == "未发现问题"
    cells = browser.find_elements(By.CSS_SELECTOR, "article.report td[data-cell]")
    assert len(cells) == 198  # every cell of the 2019 edition, in the official layout
    assert browser.find_elements(By.CSS_SELECTOR, "td.cell-error") == []


def test_a_wrong_number_is_marked_red_with_its_finding_beside_it(
    browser, live_server, seed_report, tmp_path
):
    text = seed_report.read_text(encoding="utf-8")
    row = "一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0"
    broken = tmp_path / "broken.txt"
    wrong = "一、本年新收政府信息公开申请数量\t\t5\t0\t0\t0\t0\t0\t5"  # 5 new, none handled
    broken.write_text(text.replace(row, wrong), encoding="utf-8")
    verdict = _check(browser, live_server, broken)
    assert "处错误" in verdict.text
    marked = browser.find_elements(By.CSS_SELECTOR, "td.cell-error")
    assert marked and all(cell.is_displayed() for cell in marked)
    colour = marked[0].value_of_css_property("background-color")
    assert colour != "rgba(0, 0, 0, 0)"  # the highlight is actually painted
    findings = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "aside .findings li")]
    assert any(f.startswith("R1 三·总计") for f in findings), findings
    browser.save_screenshot(str(tmp_path / "checker.png"))  # to look at when it fails


def test_an_unreadable_file_shows_the_reason_in_the_page(browser, live_server, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("会议纪要\n今天开会。\n", encoding="utf-8")
    message = _check(browser, live_server, notes)
    assert message.text.startswith("无法读取该文件：未找到全国统一格式的年度报告表格")
