"""The public application form (GET /apply/<agency>/) against a bare view through the same stack.

The floor is a view returning a tiny HttpResponse, mounted by a benchmark-only urlconf beside the
project's own patterns, at the same depth as the form (the floor's include sits just before the
applications' one): the same WSGI handler, the same middleware, the same URL resolution. What
the form page costs above it is its own work: the agency's row, the form, the templates.

Production settings as deployed: GONGKAI_DEBUG=false (so Django's cached template loaders and
database connections kept between requests), a SQLite file made by the project's migrations,
one agency. Each request is a WSGI environ (built by RequestFactory) given to Django's
WSGIHandler, without a cookie (a first visit), its body read to the end. Measured: `--rounds`
rounds of `--requests` requests of each, interleaved (their order alternating from round to
round), after a warm-up; per request, the min and the median over the rounds.

Run by `make bench` (after benchmarks/run.py) or alone: `.venv/bin/python benchmarks/public_form.py`
(`--write` puts the table into BENCHMARKS.md, `--profile` prints where the form page's time goes).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import types
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.common import CLOCKS, interleaved  # noqa: E402

HEADING = "## The public application form"
INTRO = """\
GET of the online application form (依申请公开, `applications:apply`) against a floor: a view
returning a tiny `HttpResponse`, mounted beside the project's URLs by a benchmark-only urlconf
(at the same depth as the form's), through the same WSGI handler, middleware and URL resolution.
Production settings (`GONGKAI_DEBUG=false`, so Django's cached template loaders and database
connections kept 60 s), a SQLite file made by the migrations, one agency; each request a WSGI
environ without cookies (a first visit) given to Django's `WSGIHandler`, its body read. The aim
is at most 5 × the floor. Run with `benchmarks/public_form.py` (`--profile` prints where the
page's time goes)."""
URLCONF = "_bench_public_form_urls"
AGENCY_CODE = "bench-agency"
FLOOR_PATH = "/bench-floor/"


def configure(database: Path) -> None:
    """Django with the deployed settings, on a fresh SQLite file, with the one agency needed."""
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["GONGKAI_DEBUG"] = "false"
    os.environ["GONGKAI_SECRET_KEY"] = "benchmark-only-" + "x" * 50
    os.environ["GONGKAI_ALLOWED_HOSTS"] = "testserver"
    # Static URLs as the files are named, without the manifest collectstatic would write.
    os.environ["GONGKAI_STATIC_MANIFEST"] = "false"
    os.environ.pop("GONGKAI_DB_CONN_MAX_AGE", None)  # its default: connections kept 60 s
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.settings"
    import django
    from django.conf import settings

    django.setup()

    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)

    from gongkai.agencies.models import Agency

    province = Agency.objects.create(code="bench-province", name="黑龙江省人民政府")
    Agency.objects.create(
        code=AGENCY_CODE,
        name="黑龙江省知识产权局",
        parent=province,
        office_name="政府信息公开办公室",
        office_address="哈尔滨市南岗区某路 1 号",
        office_phone="0451-00000000",
    )
    settings.ROOT_URLCONF = install_urlconf()


def install_urlconf() -> str:
    """The project's patterns, and the floor in an include of its own just before the form's."""
    from django.http import HttpResponse
    from django.urls import include, path

    import gongkai.urls

    def floor(request):
        return HttpResponse("ok")

    patterns = list(gongkai.urls.urlpatterns)
    # Just before the applications' URLs (the account pages above them are not includes).
    at = next(
        i for i, p in enumerate(patterns) if "applications" in str(getattr(p, "urlconf_name", ""))
    )
    patterns.insert(at, path("", include([path(FLOOR_PATH.strip("/") + "/", floor)])))
    module = types.ModuleType(URLCONF)
    module.urlpatterns = patterns
    sys.modules[URLCONF] = module
    return URLCONF


def requester(path: str) -> Callable[[], None]:
    """One GET of ``path`` through Django's WSGI handler, its body read to the end."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import RequestFactory

    handler = WSGIHandler()
    environ = RequestFactory().get(path).environ
    statuses = []

    def start_response(status, headers, exc_info=None):
        statuses.append(status)

    def get() -> None:
        statuses.clear()
        response = handler(dict(environ), start_response)
        try:
            body = b"".join(response)
        finally:
            response.close()
        if not statuses or not statuses[0].startswith("200") or not body:
            raise SystemExit(f"GET {path} answered {statuses or 'nothing'}")

    return get


def connection_per_request(work: Callable[[], None]) -> Callable[[], None]:
    """``work`` with a database connection opened and closed by each request
    (GONGKAI_DB_CONN_MAX_AGE=0, Django's default); the settings as deployed keep it."""
    from django.db import connections

    database = connections["default"]

    def get() -> None:
        kept = database.settings_dict["CONN_MAX_AGE"]
        database.settings_dict["CONN_MAX_AGE"] = 0
        database.close()  # a kept one, which would stay: its age was set when it opened
        try:
            work()
        finally:
            database.settings_dict["CONN_MAX_AGE"] = kept

    return get


def markdown(
    result: dict, rounds: int, requests: int, machine: str, html_bytes: int, clock: str = "wall"
) -> str:
    floor = result["floor"]
    lines = [
        f"Machine: {machine}",
        f"{rounds} rounds × {requests} requests of each, interleaved, after a warm-up; "
        f"{CLOCKS[clock][1]} "
        f"per request; ratio = time / floor (the form page is {html_bytes:,} bytes of HTML).",
        "",
        "| what | min ms | median ms | ratio to floor (min) | ratio to floor (median) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    labels = {
        "floor": "floor: bare view, same middleware and URL resolution",
        "form": "GET the public application form",
        "form, connection per request": (
            "the same, a database connection per request (GONGKAI_DB_CONN_MAX_AGE=0)"
        ),
    }
    for name, figures in result.items():
        lines.append(
            f"| {labels[name]} | {figures['min'] * 1000:.3f} | {figures['median'] * 1000:.3f} "
            f"| {figures['min'] / floor['min']:.2f} | {figures['median'] / floor['median']:.2f} |"
        )
    return "\n".join(lines)


def profile(work: Callable[[], None], requests: int) -> None:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        work()
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout).strip_dirs()
    stats.sort_stats("cumulative").print_stats(40)
    stats.sort_stats("tottime").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--requests", type=int, default=20, help="per round, of each")
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="wall")
    parser.add_argument("--profile", action="store_true", help="cProfile the form page instead")
    # `make bench` passes its BENCH_ARGS to every benchmark: --only names one of them.
    parser.add_argument("--only", default=None)
    args, _unknown = parser.parse_known_args()
    if args.only not in (None, "public_form"):
        return
    with tempfile.TemporaryDirectory(prefix="gongkai-bench-") as folder:
        configure(Path(folder) / "bench.sqlite3")
        form = requester(f"/apply/{AGENCY_CODE}/")
        if args.profile:
            form()
            profile(form, args.rounds * args.requests)
            return
        works = {
            "floor": requester(FLOOR_PATH),
            "form": form,
            "form, connection per request": connection_per_request(form),
        }
        result = interleaved(works, args.rounds, calls=args.requests, clock=args.clock)
        html_bytes = len(page_html(f"/apply/{AGENCY_CODE}/"))

    from benchmarks.run import machine, write

    table = markdown(result, args.rounds, args.requests, machine(), html_bytes, args.clock)
    print(table)
    if args.write:
        write(table, "public-form", HEADING, intro=INTRO)


def page_html(path: str) -> bytes:
    from django.test import Client

    return Client().get(path).content


if __name__ == "__main__":
    main()
