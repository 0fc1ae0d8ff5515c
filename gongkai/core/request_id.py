"""A request id in every log line, so that one failure's lines can be found among many.

The id comes from the reverse proxy (``X-Request-ID``, e.g. nginx's ``$request_id``) when it sends
a well-formed one, so that the proxy's access log and ours share it; otherwise a new one is made.
It is echoed in the response's ``X-Request-ID``: a user who reports an error page can quote it.
The id lives in a context variable, not on a thread-local or the request, because a log call deep
inside a service has no request to read it from, and each thread (gunicorn's threaded workers)
or task (ASGI) has its own context.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

from gongkai.core.identity import masked_numbers

HEADER = "X-Request-ID"
# Outside a request (a management command, cron): a dash, so that the column is never empty.
NO_REQUEST = "-"
# What we accept from outside: letters, digits and ._- up to 64 characters. Anything else (a
# newline, a very long value) could forge or flood log lines, and is replaced by our own id.
_WELL_FORMED = re.compile(r"[A-Za-z0-9._-]{1,64}")

_current: ContextVar[str] = ContextVar("gongkai_request_id", default=NO_REQUEST)


def current_request_id() -> str:
    return _current.get()


class RequestIdMiddleware:
    """Early in MIDDLEWARE (after the static files), so that every later middleware's and
    view's log lines carry the id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get(HEADER, "")
        request_id = incoming if _WELL_FORMED.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = _current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds ``record.request_id`` for the formatter (LOGGING's ``%(request_id)s``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return True


class EveryLineFormatter(logging.Formatter):
    """Starts every line of a record with its request id, the traceback's lines too, so that
    ``grep ID`` on the error log shows the whole failure and nothing of another request's.
    Long numbers are masked: an exception's message can quote what an applicant typed (an
    identity number, a phone), and logs are kept longer and read by more people than records."""

    def format(self, record: logging.LogRecord) -> str:
        text = masked_numbers(super().format(record))
        first, *rest = text.split("\n")
        request_id = getattr(record, "request_id", NO_REQUEST)
        return "\n".join([first, *(f"{request_id} | {line}" for line in rest)])
