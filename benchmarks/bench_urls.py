"""The project's URLs plus one bare view, for benchmarks/portal.py.

The bare view is the floor of a page served through the same stack (gunicorn, middleware,
sessions, the database connection kept open): it returns a fixed response without a query or a
template, so what a portal page costs above it is the page's own work."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from gongkai.urls import urlpatterns as project_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *project_urlpatterns]
