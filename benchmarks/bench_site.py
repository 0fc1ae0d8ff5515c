"""Settings and URLs for benchmarks/portal.py: the project's own, plus one bare view.

The bare view is the floor of a page served through the same stack (gunicorn, middleware,
sessions, the database connection kept open): it returns a fixed response without a query or a
template, so what a portal page costs above it is the page's own work."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from gongkai.settings import *  # noqa: F403
from gongkai.urls import urlpatterns as project_urlpatterns

ROOT_URLCONF = "benchmarks.bench_site"


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *project_urlpatterns]
