"""The portal in Debian's headless chromium (tests/browser.py): a reader goes from the home to
an agency, its catalogue and an item, searches for 专利 from the box, then switches on the
适老化 mode, which enlarges the text and stays on from page to page; on a 390 px phone every
page fits the screen, in either mode."""

from __future__ import annotations

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import WebDriverWait

from gongkai.agencies.models import Agency
from tests.applications.factories import make_office
from tests.browser import chromium, fill, fits_the_screen
from tests.portal.helpers import published_item, with_file

PHONE = (390, 844)


@pytest.fixture(scope="module")
def desktop(tmp_path_factory):
    driver = chromium(tmp_path_factory.mktemp("portal-desktop"), width=1280, height=1000)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def phone(tmp_path_factory):
    driver = chromium(
        tmp_path_factory.mktemp("portal-phone"), width=PHONE[0], height=PHONE[1], phone=True
    )
    yield driver
    driver.quit()


def _wait(driver, css: str):
    return WebDriverWait(driver, 30).until(
        ready.presence_of_element_located((By.CSS_SELECTOR, css))
    )


def _wait_body_class(driver, name: str, *, present: bool = True) -> None:
    """Wait until the body has (or has not) the class. The toggle reloads the page, and a
    body looked up in one command and read in the next can belong to the page just left
    (chromium says stale, or "Node … does not belong to the document"): read it in one
    script and look again while the page changes."""
    script = "return document.body ? Array.from(document.body.classList) : null"
    WebDriverWait(driver, 30, ignored_exceptions=(WebDriverException,)).until(
        lambda d: (classes := d.execute_script(script)) is not None and (name in classes) == present
    )


def _click_link(driver, text: str) -> None:
    link = driver.find_element(By.PARTIAL_LINK_TEXT, text)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    link.click()


def _font_size(driver) -> float:
    size = driver.execute_script(
        "return getComputedStyle(document.querySelector('main p, main li')).fontSize"
    )
    return float(size.removesuffix("px"))


def _world():
    office = make_office()
    Agency.objects.filter(pk=office.agency.pk).update(
        office_name="综合协调处",
        office_phone="0451-82628080",
        office_address="哈尔滨市南岗区汉水路 1 号",
        site_code="2300000041",
        icp_number="黑ICP备05000000号",
    )
    item = with_file(
        office,
        title="关于开展年度评选工作的通知",
        summary="组织开展年度评选。",
        body="<p>各单位：现组织开展专利奖评选，请按要求报送材料。</p>",
    )
    for n in range(5):
        published_item(
            office,
            title=f"第{n}号统计公报",
            category_code="art20-4",
            summary="统计数据。",
            body="<p>统计</p>",
        )
    return office, item


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_home_agency_catalogue_item_search_and_the_large_text_mode(desktop, phone, live_server):
    office, item = _world()
    desktop.delete_all_cookies()
    desktop.get(f"{live_server.url}/")
    assert _wait(desktop, "h1").text
    assert desktop.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-Hans"

    _click_link(desktop, office.agency.name)
    assert office.agency.name in _wait(desktop, "h1").text
    _click_link(desktop, "政府信息公开目录")
    assert "政府信息公开目录" in _wait(desktop, "h1").text
    assert desktop.find_elements(By.CSS_SELECTOR, "table.catalogue tbody tr")
    _click_link(desktop, item.title)
    assert _wait(desktop, "h1").text == item.title
    assert desktop.find_element(By.CSS_SELECTOR, "table.metadata").is_displayed()
    assert "专利奖评选" in desktop.find_element(By.CSS_SELECTOR, ".body").text

    fill(desktop, "q", "专利")
    desktop.find_element(By.CSS_SELECTOR, "form.header-search button[type=submit]").click()
    _wait(desktop, ".hits")
    hit = desktop.find_element(By.CSS_SELECTOR, ".hit h3 a")
    assert hit.text == item.title
    assert desktop.find_element(By.CSS_SELECTOR, ".hit mark").text == "专利"
    hit.click()
    assert _wait(desktop, "h1").text == item.title

    before = _font_size(desktop)
    desktop.find_element(By.ID, "elder-toggle").click()
    _wait_body_class(desktop, "elder")
    assert desktop.current_url.endswith(f"/items/{item.pk}/")  # back on the same page
    after = _font_size(desktop)
    assert after >= before * 1.2
    # Another page: still large.
    _click_link(desktop, "公开指南")
    WebDriverWait(desktop, 30).until(lambda d: d.current_url.endswith("/guide/"))
    _wait(desktop, "h1")
    _wait_body_class(desktop, "elder")
    assert _font_size(desktop) == after
    # And back off.
    desktop.find_element(By.ID, "elder-toggle").click()
    _wait_body_class(desktop, "elder", present=False)

    code = office.agency.code
    pages = [
        "/",
        f"/agencies/{code}/",
        f"/agencies/{code}/guide/",
        f"/agencies/{code}/catalogue/",
        f"/agencies/{code}/items/{item.pk}/",
        "/search/?q=专利",
    ]
    phone.delete_all_cookies()
    for mode in ("normal", "elder"):
        for path in pages:
            phone.get(f"{live_server.url}{path}")
            _wait(phone, "main h1")
            assert fits_the_screen(phone), (mode, path)
        if mode == "normal":
            phone.find_element(By.ID, "elder-toggle").click()
            _wait_body_class(phone, "elder")
