"""The public checker page (POST /check/ of the seed) against a bare view through the same stack.

The floor is a view returning a tiny HttpResponse, mounted by a benchmark-only urlconf in an
include of its own just before the reports' (so at the checker's depth): the same WSGI handler,
the same middleware and URL resolution, and the same multipart POST of the seed with its CSRF
cookie and token, which the CSRF middleware parses for the floor as well (any view that takes an
upload pays for receiving it). A second floor, a GET of the same bare view, shows what receiving
the upload costs. The engine alone (read + check of the same bytes, no Django) shows how much of
the page is the checker's own work.

Production settings as deployed: GONGKAI_DEBUG=false (Django's cached template loaders, the
database connection kept between requests), a SQLite file made by the project's migrations.
Each request is a WSGI environ given to Django's WSGIHandler, its body read to the end. Measured:
``repeat`` rounds of ``requests`` requests of each, interleaved (their order alternating from
round to round), after a warm-up; per request, the min and the median over the rounds.

Run alone: `.venv/bin/python -m benchmarks.checker_page` (`--profile` prints where the page's
time goes, `--profile engine` where the engine's alone does); benchmarks/run.py can call
``measure(repeat)`` (which runs it in a process of its own) and ``markdown(result, machine)``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import types
import warnings
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.common import CLOCKS, interleaved  # noqa: E402

SEED = ROOT.parent / "shared" / "seed" / "000_a50361494c1f8f1d.txt"
HEADING = "## The public report checker"
URLCONF = "_bench_checker_page_urls"
FLOOR_PATH = "/bench-floor/"
CHECK_PATH = "/check/"
# A fixed CSRF secret, sent as the cookie and as the form's token (Django accepts the unmasked
# secret in the form), so that every POST passes the middleware as a browser's would.
CSRF_SECRET = "b" * 32
REQUESTS = 10

LABELS = {
    "floor": "floor: bare view, the same POST of the seed (multipart parsed, CSRF checked)",
    "floor, GET": "bare view, GET (no upload)",
    "engine": "engine only: read + check of the same bytes (no Django)",
    "page": "POST /check/ of the seed: the checker page",
}


def configure(database: Path) -> None:
    """Django with the deployed settings, on a fresh SQLite file."""
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["GONGKAI_DEBUG"] = "false"
    os.environ["GONGKAI_SECRET_KEY"] = "benchmark-only-" + "x" * 50
    os.environ["GONGKAI_ALLOWED_HOSTS"] = "testserver"
    os.environ.pop("GONGKAI_DB_CONN_MAX_AGE", None)  # its default: connections kept 60 s
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.settings"
    # The static files are not collected for a benchmark; whitenoise says so once, harmlessly.
    warnings.filterwarnings("ignore", message="No directory at", module="whitenoise")
    import django
    from django.conf import settings

    django.setup()

    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    settings.ROOT_URLCONF = install_urlconf()


def install_urlconf() -> str:
    """The project's patterns, and the floor in an include of its own just before the reports'."""
    from django.http import HttpResponse
    from django.urls import include, path

    import gongkai.urls

    def floor(request):
        return HttpResponse("ok")

    patterns = list(gongkai.urls.urlpatterns)
    at = next(i for i, p in enumerate(patterns) if _included(p) == "gongkai.reports.urls")
    patterns.insert(at, path("", include([path(FLOOR_PATH.strip("/") + "/", floor)])))
    module = types.ModuleType(URLCONF)
    module.urlpatterns = patterns
    sys.modules[URLCONF] = module
    return URLCONF


def _included(pattern) -> str:
    """The module name an include() pattern reads (its urlconf is the module, once imported)."""
    urlconf = getattr(pattern, "urlconf_name", None)
    return getattr(urlconf, "__name__", str(urlconf))


def _environ(method: str, path: str, data: bytes) -> tuple[dict, bytes]:
    """A WSGI environ for ``path`` (a multipart POST of ``data`` with the CSRF token, or a GET)
    and the body to give each request afresh."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import RequestFactory

    factory = RequestFactory(HTTP_COOKIE=f"csrftoken={CSRF_SECRET}")
    if method == "GET":
        return factory.get(path).environ, b""
    fields = {"csrfmiddlewaretoken": CSRF_SECRET, "file": SimpleUploadedFile("seed.txt", data)}
    environ = factory.post(path, fields).environ
    body = environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"]))
    return environ, body


def requester(method: str, path: str, data: bytes = b"") -> Callable[[], bytes]:
    """One request through Django's WSGI handler, its body read to the end and returned."""
    from django.core.handlers.wsgi import WSGIHandler

    handler = WSGIHandler()
    environ, body = _environ(method, path, data)
    statuses: list[str] = []

    def start_response(status, headers, exc_info=None):
        statuses.append(status)

    def request() -> bytes:
        statuses.clear()
        response = handler({**environ, "wsgi.input": io.BytesIO(body)}, start_response)
        try:
            page = b"".join(response)
        finally:
            response.close()
        if not statuses or not statuses[0].startswith("200") or not page:
            raise SystemExit(f"{method} {path} answered {statuses or 'nothing'}")
        return page

    return request


def engine_only(data: bytes) -> Callable[[], None]:
    from gongkai.reports.engine import check, read_report

    def work() -> None:
        check(read_report(data, "seed.txt").report)

    return work


def works(data: bytes) -> dict[str, Callable[[], object]]:
    return {
        "floor": requester("POST", FLOOR_PATH, data),
        "floor, GET": requester("GET", FLOOR_PATH),
        "engine": engine_only(data),
        "page": requester("POST", CHECK_PATH, data),
    }


def measure(repeat: int = 20, requests: int = REQUESTS, clock: str = "wall") -> dict:
    """Seconds per request of the page, its floors and the engine alone (min and median over
    ``repeat`` interleaved rounds of ``requests`` each), with the sizes of the input and page.

    Measured in a process of its own, so that the caller (benchmarks/run.py, which loads the
    engine alone) keeps no Django set up with the benchmark's settings and database."""
    command = [sys.executable, "-m", "benchmarks.checker_page", "--json"]
    command += ["--repeat", str(repeat), "--requests", str(requests), "--clock", clock]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if done.returncode:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"benchmarks.checker_page failed (exit {done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_here(repeat: int, requests: int, clock: str = "wall") -> dict:
    data = SEED.read_bytes()
    with tempfile.TemporaryDirectory(prefix="gongkai-bench-") as folder:
        configure(Path(folder) / "bench.sqlite3")
        named = works(data)
        page = named["page"]()
        times = interleaved(named, repeat, calls=requests, clock=clock)
        from django.db import connections

        connections.close_all()
    return {
        "repeat": repeat,
        "requests": requests,
        "clock": clock,
        "input_bytes": len(data),
        "page_bytes": len(page),
        "times": times,
    }


def markdown(result: dict, machine: str) -> str:
    times = result["times"]
    floor = times["floor"]
    lines = [
        f"Machine: {machine}",
        f"{result['repeat']} rounds × {result['requests']} requests of each, interleaved, after "
        f"a warm-up; {CLOCKS[result['clock']][1]} per request; ratio = time / floor (the POST "
        f"to the bare view). The seed is {result['input_bytes']:,} bytes; the page answering it "
        f"{result['page_bytes']:,} bytes of HTML.",
        "",
        "| what | min ms | median ms | ratio to floor (min) | ratio to floor (median) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    rows = [(LABELS[name], times[name]) for name in ("floor", "floor, GET", "engine", "page")]
    # What the page adds to the engine's work: the floor's stack and the page's own (the form,
    # the article, the compact contract, the template), against the same floor.
    above = {q: times["page"][q] - times["engine"][q] for q in ("min", "median")}
    rows.append(("the page less the engine (page − engine)", above))
    for label, figures in rows:
        lines.append(
            f"| {label} | {figures['min'] * 1000:.3f} | {figures['median'] * 1000:.3f} "
            f"| {figures['min'] / floor['min']:.2f} | {figures['median'] / floor['median']:.2f} |"
        )
    return "\n".join(lines)


def profile(requests: int, what: str = "page") -> None:
    """cProfile of ``requests`` calls of the page, or of the engine alone (no Django set up)."""
    import cProfile
    import pstats

    data = SEED.read_bytes()
    with tempfile.TemporaryDirectory(prefix="gongkai-bench-") as folder:
        if what == "engine":
            work = engine_only(data)
        else:
            configure(Path(folder) / "bench.sqlite3")
            work = requester("POST", CHECK_PATH, data)
        work()
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(requests):
            work()
        profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout).strip_dirs()
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20, help="rounds")
    parser.add_argument("--requests", type=int, default=REQUESTS, help="per round, of each")
    parser.add_argument(
        "--profile",
        nargs="?",
        const="page",
        choices=("page", "engine"),
        help="cProfile the page (or the engine alone) instead",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON (measure)")
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="wall")
    args = parser.parse_args()
    if args.profile:
        profile(args.repeat * args.requests, args.profile)
        return
    if args.json:
        print(json.dumps(measure_here(args.repeat, args.requests, args.clock)))
        return
    result = measure_here(args.repeat, args.requests, args.clock)
    from benchmarks.run import machine

    print(markdown(result, machine()))


if __name__ == "__main__":
    main()
