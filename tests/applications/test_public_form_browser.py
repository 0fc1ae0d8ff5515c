"""The public form on a phone-sized screen, in Debian's headless chromium: apply, then track it.

Drives /usr/bin/chromium through /usr/bin/chromedriver by path (tests/browser.py).
"""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import WebDriverWait

from gongkai.agencies.models import Agency
from gongkai.applications.models import Application, State
from tests.applications.factories import resident_id
from tests.browser import choose, chromium, fill, fits_the_screen

PHONE = (390, 844)  # CSS pixels of a common phone held upright


@pytest.fixture(scope="module")
def phone(tmp_path_factory):
    driver = chromium(
        tmp_path_factory.mktemp("chromium"), width=PHONE[0], height=PHONE[1], phone=True
    )
    yield driver
    driver.quit()


# serialized_rollback: the live server needs committed data, and the flush after the test would
# otherwise also empty the holiday calendar that a migration seeded for the tests after this one.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_person_applies_on_a_phone_gets_a_query_code_and_tracks_it(phone, live_server, tmp_path):
    agency = Agency.objects.create(code="hlj-ipo", name="黑龙江省知识产权局")
    phone.get(f"{live_server.url}/apply/{agency.code}/")
    assert phone.execute_script("return window.innerWidth") == PHONE[0]
    assert fits_the_screen(phone), "no sideways scrolling on a phone"

    # Only the person's identity fields show for a person; the organisation's for one.
    assert phone.find_element(By.NAME, "id_number").is_displayed()
    assert not phone.find_element(By.NAME, "uscc").is_displayed()
    choose(phone, "applicant_kind", "organisation")
    assert phone.find_element(By.NAME, "uscc").is_displayed()
    assert not phone.find_element(By.NAME, "id_number").is_displayed()
    choose(phone, "applicant_kind", "person")

    # First try without a phone number: told at the field, nothing typed is lost.
    fill(phone, "applicant_name", "张三")
    fill(phone, "id_number", resident_id())
    fill(phone, "email", "zhangsan@example.com")
    fill(phone, "info_name", "2025 年专利资助资金分配结果")
    choose(phone, "form_wanted", "electronic")
    choose(phone, "delivery", "email")
    submit = phone.find_element(By.CSS_SELECTOR, "#apply-form button[type=submit]")
    assert submit.size["height"] >= 44 and submit.size["width"] >= PHONE[0] * 0.7
    submit.click()
    error = WebDriverWait(phone, 30).until(
        ready.presence_of_element_located((By.CSS_SELECTOR, "#field-phone .errorlist"))
    )
    assert error.text == "请填写联系电话"
    phone.save_screenshot(str(tmp_path / "form-error.png"))
    assert phone.find_element(By.NAME, "applicant_name").get_attribute("value") == "张三"
    assert phone.find_element(By.NAME, "info_name").get_attribute("value").startswith("2025")

    fill(phone, "phone", "13800138000")
    phone.find_element(By.CSS_SELECTOR, "#apply-form button[type=submit]").click()
    code = WebDriverWait(phone, 30).until(ready.presence_of_element_located((By.ID, "query-code")))
    application = Application.objects.get()
    query_code = code.text
    assert query_code == application.query_code and code.is_displayed()
    assert application.state == State.SUBMITTED
    assert fits_the_screen(phone)
    phone.save_screenshot(str(tmp_path / "query-code.png"))  # to look at when it fails

    # Later, in a browser that has forgotten everything: the code and the phone open it.
    phone.delete_all_cookies()
    phone.get(f"{live_server.url}/track/")
    fill(phone, "query_code", query_code.lower())
    fill(phone, "proof", "13800138000")
    phone.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    state = WebDriverWait(phone, 30).until(ready.presence_of_element_located((By.ID, "state")))
    assert state.text == "已提交，待机关确认收到"
    assert "2025 年专利资助资金分配结果" in phone.page_source
    assert fits_the_screen(phone)
