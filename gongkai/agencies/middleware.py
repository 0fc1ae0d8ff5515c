"""``AccessMiddleware``: each user's roles read once per request (agencies.permissions)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from gongkai.agencies.permissions import one_access_per_user


class AccessMiddleware:
    """One ``Access`` per user for the whole request: the views, the services they call and the
    templates' context processors ask the same one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with one_access_per_user():
            return self.get_response(request)
