"""Text messages (短信) to mobile numbers: one call, ``send_sms``, and the backend settings name.

``GONGKAI_SMS_BACKEND`` picks the backend:

* ``file`` (the default): each message is appended to ``GONGKAI_SMS_FILE_PATH`` as one JSON line
  (``{"at": …, "to": …, "text": …}``), for development and for an installation without a gateway;
* ``console``: the same line printed to standard output;
* ``http``: a POST to an SMS gateway (``GONGKAI_SMS_GATEWAY_URL``) with HTTP basic auth and a JSON
  body rendered from ``GONGKAI_SMS_GATEWAY_TEMPLATE``, whose ``{to}`` and ``{text}`` are replaced
  by the JSON-escaped values. Only a 2xx answer counts as sent; any other answer, a redirect, a
  network error or a timeout (``GONGKAI_SMS_TIMEOUT``) raises ``SmsError`` with the reason.

Messages are not sent from here directly by the rest of the platform: they go through the outbox
(``gongkai.core.outbox``, channel ``sms``), which retries failures and sends each message once.
Mobile numbers are normalised with ``mobile_number`` (full-width digits, spaces, hyphens, +86).
"""

from __future__ import annotations

import base64
import json
import re
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

# Full-width forms (U+FF01–FF5E) and the ideographic space, as pasted from Word and phones.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
# Separators people write inside a number: hyphens and dashes (spaces are dropped as well).
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212()]")
# A mainland mobile number: 11 digits starting with 1, after an optional country code.
_MOBILE = re.compile(r"(?:\+86|0086|86)?(1\d{10})")
_REASON_MAX_CHARS = 300


class SmsError(Exception):
    """A text message could not be handed to the gateway; the message says why."""


class SmsBackend(Protocol):
    def send(self, *, to: str, text: str) -> None: ...


def mobile_number(text: str) -> str | None:
    """The 11-digit mainland mobile number written in ``text``, or None if it is not one.

    "１３８ ００１３-８０００", "+86 138 0013 8000" and "13800138000" are all 13800138000; a
    landline ("0451-86661234") or anything with other characters is None.
    """
    folded = _SEPARATORS.sub("", text.translate(_FULL_WIDTH))
    # Parentheses only ever wrap the country code or an area code: "(+86)138…".
    match = _MOBILE.fullmatch(folded)
    return match.group(1) if match else None


def _line(*, to: str, text: str) -> str:
    record = {"at": timezone.now().isoformat(), "to": to, "text": text}
    return json.dumps(record, ensure_ascii=False) + "\n"


class FileBackend:
    """Appends one JSON line per message to ``path``; with ``path`` None, prints it instead."""

    def __init__(self, path: Path | None) -> None:
        self.path = path

    def send(self, *, to: str, text: str) -> None:
        line = _line(to=to, text=text)
        if self.path is None:
            sys.stdout.write(line)
            sys.stdout.flush()
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # One write of one line in append mode: concurrent senders do not interleave lines.
            with self.path.open("a", encoding="utf-8") as stream:
                stream.write(line)
        except OSError as error:
            raise SmsError(
                _("无法写入短信记录文件 %(path)s：%(error)s") % {"path": self.path, "error": error}
            ) from error


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # urllib turns a redirected POST into a GET without the body; a gateway that redirects has
    # not taken the message, so the 3xx stays an error instead.
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def render_template(template: str, *, to: str, text: str) -> str:
    """``template`` with ``{to}`` and ``{text}`` replaced by the JSON-escaped values.

    The placeholders sit inside JSON strings (``{"mobile": "{to}", "content": "{text}"}``); the
    values are escaped as JSON string contents, so quotes, backslashes and line breaks in a message
    cannot break the body. Other braces in the template are left alone.
    """

    def escaped(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)[1:-1]

    # One pass, so a "{text}" inside the number (or the other way round) is never replaced again.
    values = {"{to}": escaped(to), "{text}": escaped(text)}
    return re.sub(r"\{to\}|\{text\}", lambda m: values[m.group(0)], template)


def _reason(body: bytes) -> str:
    text = body.decode("utf-8", errors="replace").strip()
    return " ".join(text.split())[:_REASON_MAX_CHARS]


class HttpGatewayBackend:
    """POSTs the rendered template to the gateway; anything but a 2xx answer raises SmsError."""

    def __init__(
        self, *, url: str, user: str, password: str, template: str, timeout: float
    ) -> None:
        self.url = url
        self.user = user
        self.password = password
        self.template = template
        self.timeout = timeout

    def _request(self, *, to: str, text: str) -> urllib.request.Request:
        body = render_template(self.template, to=to, text=text).encode("utf-8")
        request = urllib.request.Request(self.url, data=body, method="POST")
        request.add_header("Content-Type", "application/json; charset=utf-8")
        request.add_header("Accept", "application/json, text/plain, */*")
        if self.user or self.password:
            # Sent with the first request: gateways rarely answer with a 401 challenge first.
            token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode("ascii")
            request.add_header("Authorization", f"Basic {token}")
        return request

    def _timed_out(self) -> SmsError:
        return SmsError(_("短信网关在 %(seconds)s 秒内没有应答") % {"seconds": self.timeout})

    def send(self, *, to: str, text: str) -> None:
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(self._request(to=to, text=text), timeout=self.timeout) as response:
                status = response.status
                body = response.read()
        except urllib.error.HTTPError as error:
            body = error.read() if error.fp is not None else b""
            raise SmsError(
                _("短信网关返回 HTTP %(status)d：%(reason)s")
                % {"status": error.code, "reason": _reason(body) or error.reason}
            ) from None
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):  # the timeout hit while connecting
                raise self._timed_out() from None
            raise SmsError(_("无法连接短信网关：%(reason)s") % {"reason": error.reason}) from None
        except TimeoutError:  # connected, but no answer in time
            raise self._timed_out() from None
        except OSError as error:  # a connection reset while reading the answer, and the like
            raise SmsError(_("与短信网关通信失败：%(error)s") % {"error": error}) from None
        if not 200 <= status < 300:
            raise SmsError(
                _("短信网关返回 HTTP %(status)d：%(reason)s")
                % {"status": status, "reason": _reason(body)}
            )


def get_backend() -> SmsBackend:
    """The backend that the settings name (read on every call, so tests can override them)."""
    name = settings.GONGKAI_SMS_BACKEND
    if name == "http":
        return HttpGatewayBackend(
            url=settings.GONGKAI_SMS_GATEWAY_URL,
            user=settings.GONGKAI_SMS_GATEWAY_USER,
            password=settings.GONGKAI_SMS_GATEWAY_PASSWORD,
            template=settings.GONGKAI_SMS_GATEWAY_TEMPLATE,
            timeout=settings.GONGKAI_SMS_TIMEOUT,
        )
    if name == "console":
        return FileBackend(None)
    if name == "file":
        return FileBackend(Path(settings.GONGKAI_SMS_FILE_PATH))
    raise SmsError(_("未知的短信发送方式 %(name)r") % {"name": name})


def send_sms(*, to: str, text: str) -> None:
    """Send ``text`` to the mobile number ``to`` through the configured backend, or raise."""
    get_backend().send(to=to, text=text)
