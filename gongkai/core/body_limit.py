"""Refusing a request body larger than any form takes, before a byte of it is read.

Django reads an upload to the end (to memory, then a temporary file) before a form can look at
its size; a client sending gigabytes would hold the worker and the disk all that time. The
declared Content-Length is checked first: WSGI servers hand the application no more than it
(a chunked body without one reaches Django empty), so the check bounds what is read.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.html import escape
from django.utils.translation import gettext as _


def request_max_bytes() -> int:
    """GONGKAI_REQUEST_MAX_BYTES, by default room for four uploads of the largest size (a form
    may carry several files) and the form's fields."""
    default = 4 * settings.GONGKAI_UPLOAD_MAX_BYTES + 1024 * 1024
    return int(getattr(settings, "GONGKAI_REQUEST_MAX_BYTES", None) or default)


class RequestBodyLimitMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0  # Django itself treats a malformed length as no body
        limit = request_max_bytes()
        if declared > limit:
            message = _(
                "提交的内容过大（%(size)d MB），上限为 %(limit)d MB；请减少或压缩附件后重试"
            ) % {
                "size": declared // 2**20,
                "limit": limit // 2**20,
            }
            return HttpResponse(
                f"<!doctype html><meta charset=utf-8><p>{escape(message)}</p>",
                status=413,
                content_type="text/html; charset=utf-8",
            )
        return self.get_response(request)
