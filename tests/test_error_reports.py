"""The error mail and the log lines say where a failure was, not what the applicant typed."""

from __future__ import annotations

import logging
import sys

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.core.error_reports import PersonalDataExceptionReporter
from gongkai.core.identity import masked_numbers
from gongkai.core.request_id import EveryLineFormatter

ID_NUMBER = "11010519491231002X"
PHONE = "13812345678"
FULL_WIDTH_PHONE = "１３８１２３４５６７８"
NAME = "张三丰"


def fail_with(value: str) -> None:
    typed = value  # a local variable: the HTML report lists them
    raise ValueError(f"号码无效：{typed}")


# Joined at run time: the HTML report quotes the source lines around each frame.
SEARCHED = "李四" + "光"  # a staff search by the applicant's name is a GET
SESSION = "s3cr3t" + "session"


def posted(rf):
    request = rf.post(
        f"/apply/?q={PHONE}&name={SEARCHED}",
        data={
            "id_number": ID_NUMBER,
            "phone": PHONE,
            "name": NAME,
            "proof": SimpleUploadedFile(f"{NAME}的身份证.png", b"\x89PNG"),
        },
        HTTP_REFERER=f"https://gk.example.gov.cn/staff/?q={SEARCHED}",
        REQUEST_URI=f"/apply/?name={SEARCHED}",
        RAW_URI=f"/apply/?name={SEARCHED}",
    )
    request.COOKIES["sessionid"] = SESSION
    return request


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.ADMINS = [("运维", "ops@example.gov.cn")]


def test_the_error_mail_names_the_fields_sent_but_not_their_values(production, rf):
    request = posted(rf)
    try:
        fail_with(ID_NUMBER)
    except ValueError:
        logging.getLogger("django.request").error(
            "Internal Server Error: %s",
            request.path,
            exc_info=True,
            extra={"status_code": 500, "request": request},
        )
    (message,) = mail.outbox
    body = message.body
    assert "ValueError" in body and "fail_with" in body  # where it failed is all there
    assert "id_number" in body and "phone" in body  # what was sent, by name
    for typed in (ID_NUMBER, PHONE, NAME, SEARCHED, SESSION):
        assert typed not in body
        assert typed not in message.subject
    assert "110***********002X" in body  # the exception's message, masked
    assert "/apply/" in body and "proof" in body and "sessionid" in body  # where, and what by name


def test_the_html_report_hides_local_variables_and_masks_numbers(production, rf):
    request = posted(rf)
    try:
        fail_with(FULL_WIDTH_PHONE)
    except ValueError:
        html = PersonalDataExceptionReporter(request, *sys.exc_info()).get_traceback_html()
    assert "typed" in html  # the variable's name
    assert FULL_WIDTH_PHONE not in html and PHONE not in html and NAME not in html
    assert SEARCHED not in html and SESSION not in html


def test_under_debug_the_developer_sees_everything(settings, rf):
    settings.DEBUG = True
    request = posted(rf)
    try:
        fail_with(ID_NUMBER)
    except ValueError:
        text = PersonalDataExceptionReporter(request, *sys.exc_info()).get_traceback_text()
    assert NAME in text  # POST values: nothing leaves a developer's machine by mail
    assert ID_NUMBER not in text  # but numbers are masked in any report


def test_log_lines_and_their_tracebacks_mask_long_numbers():
    try:
        fail_with(ID_NUMBER)
    except ValueError:
        record = logging.LogRecord(
            "gongkai", logging.ERROR, __file__, 1, "电话 %s", (PHONE,), sys.exc_info()
        )
    text = EveryLineFormatter("%(message)s").format(record)
    assert ID_NUMBER not in text and PHONE not in text
    assert "138****5678" in text and "110***********002X" in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("电话13812345678。", "电话138****5678。"),
        ("卡号 6222021234567890123", "卡号 622************0123"),
        ("编号 2026-0001 与 1234567890", "编号 2026-0001 与 1234567890"),  # 10 digits: kept
        ("x" + "1" * 25, "x" + "1" * 25),  # part of a longer run: not a person's number
    ],
)
def test_which_numbers_are_masked(text, expected):
    assert masked_numbers(text) == expected
