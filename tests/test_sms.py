"""SMS: numbers normalised, the file and HTTP backends, and SMS through the outbox, sent once."""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from gongkai.core.errors import DomainError
from gongkai.core.models import OutboxChannel, OutboxMessage
from gongkai.core.outbox import SMS_MAX_CHARS, outbox_enqueue, outbox_send_pending
from gongkai.core.sms import SmsError, mobile_number, render_template, send_sms
from tests.test_settings import settings_in_a_fresh_process

TEMPLATE = '{"mobile": "{to}", "content": "{text}", "sign": "省知识产权局"}'


@pytest.fixture(autouse=True)
def sms_log(settings, tmp_path):
    """Every test writes SMS to its own file, never to var/sms.log of the checkout."""
    settings.GONGKAI_SMS_BACKEND = "file"
    settings.GONGKAI_SMS_FILE_PATH = tmp_path / "sms" / "sms.log"
    return settings.GONGKAI_SMS_FILE_PATH


def logged(path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def enqueue_sms(key: str = "s:1", to: str = "13800138000", text: str = "您的申请已收到") -> None:
    outbox_enqueue(key=key, to=to, subject="申请已收到", body=text, channel=OutboxChannel.SMS)


# -- the fake gateway --------------------------------------------------------------------------


@dataclass
class Gateway:
    url: str
    received: list[dict] = field(default_factory=list)
    status: int = 200
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


@pytest.fixture
def gateway(settings) -> Iterator[Gateway]:
    """An SMS gateway on 127.0.0.1 (an ephemeral port): records each POST, answers ``status``."""
    state = Gateway(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            state.received.append(
                {
                    "path": self.path,
                    "body": self.rfile.read(length).decode("utf-8"),
                    "authorization": self.headers.get("Authorization", ""),
                    "content_type": self.headers.get("Content-Type", ""),
                }
            )
            time.sleep(state.delay)
            answer = b'{"code": 0}' if state.status < 400 else b'{"error": "gateway overloaded"}'
            try:
                self.send_response(state.status)
                for name, value in state.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)
            except OSError:  # the client gave up waiting (the timeout test)
                pass

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_port}/sms/send"
    settings.GONGKAI_SMS_BACKEND = "http"
    settings.GONGKAI_SMS_GATEWAY_URL = state.url
    settings.GONGKAI_SMS_GATEWAY_USER = "gongkai"
    settings.GONGKAI_SMS_GATEWAY_PASSWORD = "s3cret:密码"
    settings.GONGKAI_SMS_GATEWAY_TEMPLATE = TEMPLATE
    settings.GONGKAI_SMS_TIMEOUT = 5
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# -- numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "13800138000",
        "138 0013 8000",
        "138-0013-8000",
        "１３８００１３８０００",
        "１３８　００１３－８０００",
        "+86 138 0013 8000",
        "+86-13800138000",
        "（+86）13800138000",
        "008613800138000",
        "8613800138000",
    ],
)
def test_a_mobile_number_is_read_from_the_ways_people_write_it(written):
    assert mobile_number(written) == "13800138000"


@pytest.mark.parametrize(
    "written",
    ["0451-86661234", "86661234", "1380013800", "138001380001", "23800138000", "138001380o0", ""],
)
def test_a_landline_or_a_wrong_length_is_not_a_mobile_number(written):
    assert mobile_number(written) is None


# -- the file and console backends --------------------------------------------------------------


def test_the_file_backend_appends_one_json_line_per_message(sms_log):
    send_sms(to="13800138000", text="第一条")
    send_sms(to="13900139000", text='第二条，带"引号"\n和换行')
    lines = logged(sms_log)
    assert [(line["to"], line["text"]) for line in lines] == [
        ("13800138000", "第一条"),
        ("13900139000", '第二条，带"引号"\n和换行'),
    ]
    assert all(line["at"] for line in lines)


def test_the_console_backend_prints_the_line_and_writes_no_file(settings, sms_log, capsys):
    settings.GONGKAI_SMS_BACKEND = "console"
    send_sms(to="13800138000", text="控制台")
    assert json.loads(capsys.readouterr().out)["text"] == "控制台"
    assert not sms_log.exists()


def test_a_file_that_cannot_be_written_is_an_sms_error(settings, tmp_path):
    (tmp_path / "taken").write_text("a file, not a folder")
    settings.GONGKAI_SMS_FILE_PATH = tmp_path / "taken" / "sms.log"
    with pytest.raises(SmsError, match="无法写入短信记录文件"):
        send_sms(to="13800138000", text="x")


# -- the HTTP gateway backend --------------------------------------------------------------------


def test_the_template_is_filled_with_json_escaped_values():
    body = render_template(TEMPLATE, to="13800138000", text='他说："{to}"\\ 换行\n结束')
    assert json.loads(body) == {
        "mobile": "13800138000",
        "content": '他说："{to}"\\ 换行\n结束',
        "sign": "省知识产权局",
    }


def test_the_gateway_receives_the_rendered_template_and_the_basic_auth_credentials(gateway):
    send_sms(to="13800138000", text="您的申请已收到，查询码 AB12")
    (request,) = gateway.received
    assert request["path"] == "/sms/send"
    assert json.loads(request["body"]) == {
        "mobile": "13800138000",
        "content": "您的申请已收到，查询码 AB12",
        "sign": "省知识产权局",
    }
    assert request["content_type"].startswith("application/json")
    scheme, token = request["authorization"].split(" ")
    assert scheme == "Basic"
    assert base64.b64decode(token).decode() == "gongkai:s3cret:密码"


def test_a_gateway_without_credentials_gets_no_authorization_header(settings, gateway):
    settings.GONGKAI_SMS_GATEWAY_USER = settings.GONGKAI_SMS_GATEWAY_PASSWORD = ""
    send_sms(to="13800138000", text="x")
    assert gateway.received[0]["authorization"] == ""


@pytest.mark.parametrize("status", [500, 403, 302])
def test_an_answer_other_than_2xx_is_an_sms_error_with_the_status(gateway, status):
    gateway.status = status
    gateway.headers = {"Location": "http://127.0.0.1:1/elsewhere"}
    with pytest.raises(SmsError, match=f"HTTP {status}"):
        send_sms(to="13800138000", text="x")
    assert len(gateway.received) == 1  # a redirect is not followed


def test_the_gateways_error_text_is_in_the_reason(gateway):
    gateway.status = 500
    with pytest.raises(SmsError, match="gateway overloaded"):
        send_sms(to="13800138000", text="x")


def test_an_unreachable_gateway_is_an_sms_error(settings, gateway):
    settings.GONGKAI_SMS_GATEWAY_URL = "http://127.0.0.1:1/sms"  # nothing listens on port 1
    with pytest.raises(SmsError, match="无法连接短信网关"):
        send_sms(to="13800138000", text="x")


def test_a_gateway_slower_than_the_timeout_is_an_sms_error(settings, gateway):
    settings.GONGKAI_SMS_TIMEOUT = 1
    gateway.delay = 1.5
    with pytest.raises(SmsError, match="1 秒内没有应答"):
        send_sms(to="13800138000", text="x")


# -- SMS in the outbox ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_sms_is_enqueued_with_the_number_normalised():
    enqueue_sms(to="+86 １３８-0013-8000")
    message = OutboxMessage.objects.get()
    assert (message.channel, message.to) == ("sms", "13800138000")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("to", "body", "named"),
    [
        ("0451-86661234", "正文", "to"),
        ("a@example.gov.cn", "正文", "to"),
        ("13800138000", "   ", "body"),
        ("13800138000", "长" * (SMS_MAX_CHARS + 1), "body"),
    ],
)
def test_enqueue_refuses_a_bad_sms_naming_the_field(to, body, named):
    with pytest.raises(DomainError) as refused:
        outbox_enqueue(key="k", to=to, subject="主题", body=body, channel="sms")
    assert refused.value.field == named
    assert not OutboxMessage.objects.exists()


@pytest.mark.django_db
def test_an_unknown_channel_is_refused_naming_the_field():
    with pytest.raises(DomainError, match="发送渠道") as refused:
        outbox_enqueue(key="k", to="13800138000", subject="主题", body="x", channel="fax")
    assert refused.value.field == "channel"


@pytest.mark.django_db
def test_the_outbox_sends_sms_through_the_backend_and_mail_as_mail(sms_log, mailoutbox):
    enqueue_sms(key="s:1", text="短信正文")
    outbox_enqueue(key="e:1", to="a@example.gov.cn", subject="邮件", body="邮件正文")
    result = outbox_send_pending()
    assert (result.sent, result.failed) == (2, 0)
    assert [(line["to"], line["text"]) for line in logged(sms_log)] == [("13800138000", "短信正文")]
    assert [m.to for m in mailoutbox] == [["a@example.gov.cn"]]
    assert outbox_send_pending().sent == 0
    assert len(logged(sms_log)) == 1


@pytest.mark.django_db
def test_a_gateway_error_is_recorded_retried_next_run_and_sent_once_after_recovery(gateway):
    enqueue_sms(key="s:1", text="第一条")
    enqueue_sms(key="s:2", to="13900139000", text="第二条")
    gateway.status = 500

    failed = outbox_send_pending()  # never raises: the failures are in the result
    assert (failed.sent, failed.failed) == (0, 2)
    assert "HTTP 500" in failed.failures[0].error
    message = OutboxMessage.objects.get(key="s:1")
    assert message.sent_at is None and message.attempts == 1
    assert "SmsError" in message.last_error and "gateway overloaded" in message.last_error
    assert message.claim_token == ""

    assert outbox_send_pending().failed == 2  # still down: tried again on the next run
    assert OutboxMessage.objects.get(key="s:1").attempts == 2

    gateway.status = 200
    recovered = outbox_send_pending()
    assert (recovered.sent, recovered.failed) == (2, 0)
    assert outbox_send_pending().sent == 0
    bodies = [json.loads(r["body"])["content"] for r in gateway.received]
    assert bodies == ["第一条", "第二条"] * 3  # two failed runs, then each sent exactly once
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()


@pytest.mark.django_db
def test_an_unreachable_gateway_never_raises_out_of_the_sender(settings, gateway):
    settings.GONGKAI_SMS_GATEWAY_URL = "http://127.0.0.1:1/sms"
    enqueue_sms()
    result = outbox_send_pending()
    assert result.failed == 1 and "无法连接短信网关" in result.failures[0].error
    assert OutboxMessage.objects.get().attempts == 1


# -- settings ------------------------------------------------------------------------------------


def test_sms_settings_default_to_the_file_under_var():
    result = settings_in_a_fresh_process(
        "s.GONGKAI_SMS_BACKEND, str(s.GONGKAI_SMS_FILE_PATH.relative_to(s.BASE_DIR)),"
        " s.GONGKAI_SMS_TIMEOUT"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "('file', 'var/sms.log', 10)"


def test_the_http_backend_starts_with_a_url_and_a_valid_template():
    result = settings_in_a_fresh_process(
        "s.GONGKAI_SMS_BACKEND, s.GONGKAI_SMS_GATEWAY_TEMPLATE",
        GONGKAI_SMS_BACKEND="http",
        GONGKAI_SMS_GATEWAY_URL="https://sms.example.gov.cn/send",
        GONGKAI_SMS_GATEWAY_TEMPLATE=TEMPLATE,
    )
    assert result.returncode == 0, result.stderr
    assert "http" in result.stdout and "省知识产权局" in result.stdout


@pytest.mark.parametrize(
    ("environ", "named"),
    [
        ({"GONGKAI_SMS_BACKEND": "aliyun"}, "GONGKAI_SMS_BACKEND"),
        ({"GONGKAI_SMS_BACKEND": "http"}, "GONGKAI_SMS_GATEWAY_URL"),
        (
            {"GONGKAI_SMS_BACKEND": "http", "GONGKAI_SMS_GATEWAY_URL": "sms.example.gov.cn"},
            "GONGKAI_SMS_GATEWAY_URL",
        ),
        (
            {
                "GONGKAI_SMS_BACKEND": "http",
                "GONGKAI_SMS_GATEWAY_URL": "https://sms.example.gov.cn/send",
                "GONGKAI_SMS_GATEWAY_TEMPLATE": '{"mobile": "{to}"}',
            },
            "GONGKAI_SMS_GATEWAY_TEMPLATE",
        ),
        (
            {
                "GONGKAI_SMS_BACKEND": "http",
                "GONGKAI_SMS_GATEWAY_URL": "https://sms.example.gov.cn/send",
                "GONGKAI_SMS_GATEWAY_TEMPLATE": "mobile={to}&content={text}",
            },
            "GONGKAI_SMS_GATEWAY_TEMPLATE",
        ),
        ({"GONGKAI_SMS_FILE_PATH": "var/sms.log"}, "GONGKAI_SMS_FILE_PATH"),
        ({"GONGKAI_SMS_TIMEOUT": "0"}, "GONGKAI_SMS_TIMEOUT"),
    ],
)
def test_a_bad_sms_setting_stops_start_up_naming_the_variable(environ, named):
    result = settings_in_a_fresh_process("s.GONGKAI_SMS_BACKEND", **environ)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and named in result.stderr
