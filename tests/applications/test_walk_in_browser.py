"""A walk-in applicant, end to end in Debian's headless chromium (tests/browser.py).

The clerk registers the application at the desk, prints the 受理回执 (which carries the query
code), the reply is reviewed and served with a file, and the applicant — on a 390 px phone,
typing the code in lower case without hyphens — follows it and downloads the file. The applicant
heard of it by e-mail and SMS, through the outbox.
"""

from __future__ import annotations

import base64
import io
import re

import pdfplumber
import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import Select, WebDriverWait

from gongkai.applications import outcomes
from gongkai.applications.models import Application, ApplicationFile, State
from gongkai.applications.services import application_act
from gongkai.core.models import OutboxChannel, OutboxMessage
from tests.applications.factories import make_office, resident_id
from tests.browser import choose, chromium, fill, fits_the_screen

PHONE = (390, 844)
PASSWORD = "pw-for-tests-only"  # as tests.applications.factories.make_user sets it
INFORMATION = "2025 年专利资助资金分配结果\n序号,单位,金额（元）\n1,某大学,50000\n".encode()


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    driver = chromium(tmp_path_factory.mktemp("desk"), width=1280, height=1000)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def phone(tmp_path_factory):
    driver = chromium(tmp_path_factory.mktemp("phone"), width=PHONE[0], height=PHONE[1], phone=True)
    yield driver
    driver.quit()


def _wait(driver, css: str):
    return WebDriverWait(driver, 30).until(
        ready.presence_of_element_located((By.CSS_SELECTOR, css))
    )


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _register_at_the_desk(desk, live_server, office) -> Application:
    desk.get(f"{live_server.url}/accounts/login/")
    fill(desk, "username", office.clerk.username)
    fill(desk, "password", PASSWORD)
    desk.find_element(By.CSS_SELECTOR, "form [type=submit]").click()
    _wait(desk, "main, body")
    desk.get(f"{live_server.url}/staff/applications/new/")
    Select(desk.find_element(By.NAME, "channel")).select_by_value("in_person")
    fill(desk, "applicant_name", "张三")
    fill(desk, "id_number", resident_id())
    fill(desk, "phone", "13800138000")
    fill(desk, "email", "zhangsan@example.com")
    fill(desk, "info_name", "2025 年专利资助资金分配结果")
    choose(desk, "form_wanted", "electronic")
    choose(desk, "delivery", "online")
    desk.find_element(By.CSS_SELECTOR, "form button[type=submit].primary").click()
    shown = _wait(desk, "#query-code strong")
    application = Application.objects.get()
    assert shown.text == application.query_code
    assert application.state == State.REGISTERED
    assert application.received_on == timezone.localdate()
    return application


def _receipt_text(desk) -> str:
    # Downloaded as the clerk prints it: the PDF link of the receipt on the staff page.
    link = desk.find_element(
        By.XPATH, "//ul[@class='notices']/li[contains(., '受理回执')]/a[.='PDF']"
    )
    pdf = _download_in_the_browser(desk, link.get_attribute("href"))
    assert pdf.startswith(b"%PDF")
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return "\n".join(page.extract_text() or "" for page in document.pages)


def _review(office, application: Application) -> None:
    steps = [
        ("assign", office.clerk, {"department": office.department.pk}),
        (
            "draft",
            office.clerk,
            {"outcome": outcomes.GRANTED, "reply_text": "现将所申请信息提供给您。"},
        ),
        ("head_review", office.head, {}),
        ("clear", office.reviewer, {}),
    ]
    for action, actor, data in steps:
        application_act(application=application, action=action, actor=actor, data=data)


def _serve_with_a_file(desk, live_server, application: Application, tmp_path) -> None:
    information = tmp_path / "专利资助资金分配结果.csv"
    information.write_bytes(INFORMATION)
    desk.get(f"{live_server.url}/staff/applications/{application.pk}/")
    _wait(desk, "#act-serve summary").click()
    form = desk.find_element(By.CSS_SELECTOR, "#act-serve form")
    online = form.find_element(By.CSS_SELECTOR, "input[name=serve-method][value=online]")
    form.find_element(By.CSS_SELECTOR, f"label[for={online.get_attribute('id')}]").click()
    form.find_element(By.CSS_SELECTOR, "input[type=file][name=serve-files]").send_keys(
        str(information)
    )
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(desk, 30).until(
        lambda d: Application.objects.get(pk=application.pk).state == State.SERVED
    )


def _download_in_the_browser(driver, href: str) -> bytes:
    # The phone's own session fetches the file, as tapping the link would.
    encoded = driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        fetch(arguments[0], {credentials: "same-origin"})
          .then(r => r.ok ? r.arrayBuffer() : Promise.reject(r.status))
          .then(b => { let s = ""; new Uint8Array(b).forEach(c => s += String.fromCharCode(c));
                       done(btoa(s)); })
          .catch(e => done("ERROR " + e));
        """,
        href,
    )
    assert not encoded.startswith("ERROR"), encoded
    return base64.b64decode(encoded)


# serialized_rollback: the live server needs committed data, and the flush after the test would
# otherwise also empty the holiday calendar that a migration seeded for the tests after this one.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_walk_in_applicant_follows_the_reply_on_a_phone_and_downloads_the_information(
    desk, phone, live_server, tmp_path, settings
):
    settings.GONGKAI_SITE_URL = live_server.url
    office = make_office()
    application = _register_at_the_desk(desk, live_server, office)

    receipt = _squash(_receipt_text(desk))
    assert "受理回执" in receipt
    assert _squash(application.query_code) in receipt

    _review(office, application)
    _serve_with_a_file(desk, live_server, application, tmp_path)
    (given,) = ApplicationFile.objects.filter(application=application, purpose="information")
    assert bytes(given.content) == INFORMATION

    # The applicant, at home: the code as read off the paper, lower case, no hyphens.
    phone.get(f"{live_server.url}/track/")
    assert phone.execute_script("return window.innerWidth") == PHONE[0]
    fill(phone, "query_code", application.query_code.replace("-", "").lower())
    fill(phone, "proof", "13800138000")
    phone.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    state = _wait(phone, "#state")
    assert state.text == "已答复"
    assert fits_the_screen(phone), "no sideways scrolling on a phone"
    link = _wait(phone, "#information-files a")
    assert "专利资助资金分配结果" in link.text
    assert _download_in_the_browser(phone, link.get_attribute("href")) == INFORMATION
    phone.save_screenshot(str(tmp_path / "track-served.png"))  # to look at when it fails

    told = OutboxMessage.objects.filter(key__startswith=f"applicant:{application.pk}:")
    assert set(told.values_list("channel", flat=True)) == {OutboxChannel.EMAIL, OutboxChannel.SMS}
    assert set(told.values_list("to", flat=True)) == {"zhangsan@example.com", "13800138000"}
    served = told.filter(key__contains=":notice_served:")
    assert served.filter(channel=OutboxChannel.SMS).exists()
    assert any(live_server.url in m.body for m in served)
