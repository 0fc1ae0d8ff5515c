"""The public checker in a real browser: Debian's headless chromium against the live server, on a
desktop window and on a phone's screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser import chromium, fits_the_screen

# The live server needs committed data; serialized_rollback puts the migrated data (the holiday
# calendar) back after the flush, for the transactional tests that run after these.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = chromium(tmp_path_factory.mktemp("chromium"), width=1400, height=1000)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def phone(tmp_path_factory):
    driver = chromium(tmp_path_factory.mktemp("phone"), width=390, height=844, phone=True)
    yield driver
    driver.quit()


@pytest.fixture
def broken(seed_report, tmp_path) -> Path:
    text = seed_report.read_text(encoding="utf-8")
    row = "一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0"
    broken = tmp_path / "broken.txt"
    wrong = "一、本年新收政府信息公开申请数量\t\t5\t0\t0\t0\t0\t0\t5"  # 5 new, none handled
    broken.write_text(text.replace(row, wrong), encoding="utf-8")
    return broken


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
    cells = browser.find_elements(By.CSS_SELECTOR, "article.report td[id^=cell-]")
    assert len(cells) == 198  # every cell of the 2019 edition, in the official layout
    assert browser.find_elements(By.CSS_SELECTOR, "td.cell-error") == []


def test_a_wrong_number_is_marked_red_with_its_finding_beside_it(
    browser, live_server, broken, tmp_path
):
    verdict = _check(browser, live_server, broken)
    assert "处错误" in verdict.text
    marked = browser.find_elements(By.CSS_SELECTOR, "td.cell-error")
    assert marked and all(cell.is_displayed() for cell in marked)
    colour = marked[0].value_of_css_property("background-color")
    assert colour != "rgba(0, 0, 0, 0)"  # the highlight is actually painted
    rule = browser.find_element(By.CSS_SELECTOR, "aside .findings p.rule").text
    assert rule == "R1 表三：第一项加第二项之和，等于第三项加第四项之和"  # the rule in words
    findings = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "aside .findings ul li")]
    assert any(f.startswith("三·总计：") for f in findings), findings
    browser.save_screenshot(str(tmp_path / "checker.png"))  # to look at when it fails


def _target(driver) -> dict:
    """The element the address points at (:target), its outline and where it is on the screen."""
    return driver.execute_script(
        """const cell = document.querySelector(':target');
        if (!cell) return {};
        const box = cell.getBoundingClientRect(), style = getComputedStyle(cell);
        return {id: cell.id, top: box.top, bottom: box.bottom, height: innerHeight,
                outline: style.outlineStyle, width: style.outlineWidth};"""
    )


def test_a_finding_clicked_scrolls_to_its_cell_and_outlines_it_without_script(
    browser, live_server, broken, tmp_path
):
    _check(browser, live_server, broken)
    assert browser.find_elements(By.CSS_SELECTOR, "script") == []  # no script on the page
    links = browser.find_elements(By.CSS_SELECTOR, "aside .findings a[href^='#cell-']")
    assert links
    for link in (links[-1], links[0]):
        anchor = link.get_attribute("href").rsplit("#", 1)[1]
        link.click()
        WebDriverWait(browser, 5).until(lambda d, at=anchor: _target(d).get("id") == at)
        target = _target(browser)
        assert target["outline"] == "solid" and target["width"] != "0px"
        assert target["top"] >= 0 and target["bottom"] <= target["height"]  # scrolled to
        cell = browser.find_element(By.ID, anchor)
        assert "cell-error" in cell.get_attribute("class")
    browser.save_screenshot(str(tmp_path / "target.png"))


def test_on_a_phone_the_verdict_is_on_the_first_screen_and_a_finding_still_finds_its_cell(
    phone, live_server, broken, tmp_path
):
    verdict = _check(phone, live_server, broken)
    assert "处错误" in verdict.text
    assert phone.execute_script("return innerWidth") == 390
    box = phone.execute_script(
        "const b = arguments[0].getBoundingClientRect(); return [b.top, b.bottom, innerHeight]",
        verdict,
    )
    top, bottom, height = box
    assert top >= 0 and bottom <= height, box  # the verdict is seen without scrolling
    assert fits_the_screen(phone)  # the wide tables scroll inside the page, not the page
    phone.save_screenshot(str(tmp_path / "phone.png"))
    phone.find_element(By.CSS_SELECTOR, "aside .findings a[href^='#cell-']").click()
    WebDriverWait(phone, 5).until(lambda d: _target(d).get("id", "").startswith("cell-"))
    target = _target(phone)
    assert target["top"] >= 0 and target["bottom"] <= target["height"]


def test_an_unreadable_file_shows_the_reason_in_the_page(browser, live_server, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("会议纪要\n今天开会。\n", encoding="utf-8")
    message = _check(browser, live_server, notes)
    assert message.text.startswith("无法读取该文件：未找到全国统一格式的年度报告表格")
