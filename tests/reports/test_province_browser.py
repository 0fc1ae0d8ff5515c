"""The provincial office in Debian's headless chromium (tests/browser.py): it uploads the report
of an agency not on the platform (its table 三 fails R3), opens the year and sees it listed as
uploaded with its errors, opens the province's sum, drills into the failing cell — the agencies
with their values — and on into the uploaded report, where the cell it lands on is marked."""

from __future__ import annotations

from datetime import date

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import WebDriverWait

from gongkai.reports.engine import render
from gongkai.reports.province.pages import cell_index
from tests.applications.factories import make_office
from tests.browser import chromium, fill
from tests.reports.province.world import YEAR, below, break_r3, synthetic, upload

# The live server needs committed data; serialized_rollback puts the migrated data back after.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "pw-for-tests-only"  # as tests.applications.factories.make_user sets it


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = chromium(tmp_path_factory.mktemp("province"), width=1400, height=1000)
    yield driver
    driver.quit()


def _wait(driver, css: str):
    return WebDriverWait(driver, 30).until(
        ready.presence_of_element_located((By.CSS_SELECTOR, css))
    )


def _click(driver, element) -> None:
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def test_the_office_drills_from_the_sum_into_the_failing_cell_of_an_upload(
    browser, live_server, tmp_path
):
    office = make_office()
    other = below(office, "hlj-drc", "黑龙江省发展和改革委员会")
    upload(office, other, synthetic(other.name, 3), date(2026, 1, 20))
    failing_agency = below(office, "hlj-transport", "黑龙江省交通运输厅")
    report = synthetic(failing_agency.name, 4)
    failing = break_r3(report)
    n = cell_index(report.edition)[failing]
    file = tmp_path / "交通运输厅2025年报.docx"
    file.write_bytes(render(report, "docx"))

    browser.delete_all_cookies()
    browser.get(f"{live_server.url}/accounts/login/")
    fill(browser, "username", office.provincial.username)
    fill(browser, "password", PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "form [type=submit]").click()
    WebDriverWait(browser, 30).until(lambda d: "/accounts/login/" not in d.current_url)

    # The upload: the form offers the agency not on the platform; the page after shows R3.
    browser.get(f"{live_server.url}/staff/province/{YEAR}/upload/")
    _wait(browser, "select[name=agency]")
    option = browser.find_element(
        By.CSS_SELECTOR, "select[name=agency] option[value=hlj-transport]"
    )
    option.click()
    browser.find_element(By.CSS_SELECTOR, "input[type=file][name=file]").send_keys(str(file))
    browser.execute_script(
        "document.querySelector('input[name=published_on]').value = '2026-01-25'"
    )
    _click(browser, browser.find_element(By.CSS_SELECTOR, "form button[type=submit].primary"))
    _wait(browser, "ol.findings")
    assert "检查发现 2 处错误" in browser.find_element(By.TAG_NAME, "body").text

    # The year: the upload is listed, marked as uploaded, with its errors.
    browser.get(f"{live_server.url}/staff/province/{YEAR}/")
    row = _wait(browser, "tr[data-agency=hlj-transport]")
    assert "省级公开办上传" in row.text and "2 处错误" in row.text
    assert "已公开" in row.text

    # The sum, and the agencies behind the failing cell.
    _click(browser, browser.find_element(By.CSS_SELECTOR, "a[data-link=total]"))
    link = _wait(browser, f"table.t3 td.value a[href*='cell={n}']")
    _click(browser, link)
    listed = _wait(browser, "tr[data-agency=hlj-transport]")
    assert browser.find_element(By.TAG_NAME, "h1").text == "三（七）总计·自然人"
    value = listed.find_element(By.CSS_SELECTOR, "a[data-link=cell]")
    assert value.text == report.get(failing)
    other_value = browser.find_element(By.CSS_SELECTOR, "tr[data-agency=hlj-drc] a[data-link=cell]")
    total = browser.find_element(By.CSS_SELECTOR, "strong.total").text
    assert int(total) == int(value.text) + int(other_value.text)

    # On into the uploaded report: the cell it lands on is the target, marked as an error.
    _click(browser, value)
    _wait(browser, "article.report")
    assert browser.current_url.endswith(f"#cell-{n}")
    target = browser.execute_script("return document.querySelector(':target')")
    assert target is not None and target.get_attribute("id") == f"cell-{n}"
    assert "cell-error" in target.get_attribute("class").split()
    assert target.value_of_css_property("background-color") != "rgba(0, 0, 0, 0)"
    assert "R3" in target.get_attribute("title")
    browser.save_screenshot(str(tmp_path / "province.png"))  # to look at when it fails
