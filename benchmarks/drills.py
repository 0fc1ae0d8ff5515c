"""Load and bomb drills against gunicorn on loopback: nothing lost, nothing duplicated, no error.

One database per run: `--database sqlite` (a temporary file, WAL) or `--database postgres` (a
scratch database `gongkai_bench_drills` on the server of DATABASE_URL, created and dropped),
made by the project's migrations. gunicorn runs with the project's configuration
(scripts/gunicorn.conf.py), DEBUG off, GONGKAI_WORKERS workers (default 4), bound to 127.0.0.1
only; the drill is bounded (a fixed number of requests, a time limit each).

- **Online applications**: COUNT (200) applicants at once, each GETting the public form (its CSRF
  token and submission key) and POSTing it. Then: as many applications as 302s, each with its own
  number and query code; no 5xx, no "database is locked" in any answer.
- **Staff transitions**: COUNT registered applications assigned at once, each by a POST of the
  assign step from one of ten signed-in clerks' sessions. Then: every one assigned, each with
  exactly one assign event.
- **Bombs**: four clients POST a DOCX zip bomb to the public checker, over and over, while one
  more GETs the portal's home page; each bomb must be refused (422) and the home page must answer
  within a second throughout (aim), its p50/p95/max recorded.

The session cookie is sent over plain HTTP here (GONGKAI_SESSION_COOKIE_SECURE=false,
loopback only). Run: `.venv/bin/python benchmarks/drills.py [--write]` (SQLite, and PostgreSQL
when DATABASE_URL names a server, each in a process of its own); `--database D --json` for one.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

COUNT = int(os.environ.get("DRILL_COUNT", 200))
BOMBERS = 4
BOMB_SECONDS = 20
WORKERS = 4
AIM_SECONDS = 1.0
BENCH_DB = "gongkai_bench_drills"
HEADING = "## Load and bomb drills"
PASSWORD = "drill-password-" + "x" * 12


# -- the server ----------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _environment(database_url: str, port: int, folder: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        # Uploads and notices go to the scratch folder's storage, not the checkout's var/media.
        "GONGKAI_MEDIA_ROOT": os.path.join(folder, "media"),
        "GONGKAI_DEBUG": "false",
        "GONGKAI_SECRET_KEY": "drill-only-" + "k" * 50,
        "GONGKAI_ALLOWED_HOSTS": "127.0.0.1",
        "GONGKAI_SITE_URL": f"http://127.0.0.1:{port}",
        "GONGKAI_SESSION_COOKIE_SECURE": "false",
        "GONGKAI_CSRF_COOKIE_SECURE": "false",
        "GONGKAI_STATIC_MANIFEST": "false",
        "GONGKAI_BIND": f"127.0.0.1:{port}",
        "GONGKAI_WORKERS": str(WORKERS),
        "GONGKAI_LOG_LEVEL": "WARNING",
        # Each drill client is a person of their own (the public form allows 30 an hour per
        # address): they say who they are as a proxy would.
        "GONGKAI_CLIENT_ADDRESS_HEADER": "X-Real-IP",
        "DJANGO_SETTINGS_MODULE": "gongkai.settings",
    }


SETUP = """
import django, json, sys
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("createcachetable", verbosity=0)
from django.contrib.auth import get_user_model
from gongkai.agencies.models import Membership
from tests.applications.factories import make_office
from tests.applications.views_helpers import public_form_data, registered
office = make_office()
clerks = []
for n in range(10):
    user = get_user_model().objects.create_user(f"drill{n}", password=sys.argv[1])
    Membership.objects.create(user=user, agency=office.agency, role="clerk")
    clerks.append(user.username)
apps = [registered(office).pk for _ in range(int(sys.argv[2]))]
print(json.dumps({"agency": office.agency.code, "department": office.department.pk,
                  "clerks": clerks, "applications": apps, "intake": public_form_data()}))
"""

CHECK = """
import django, json, sys
django.setup()
from django.db.models import Count, Q
from gongkai.applications.models import Application
online = Application.objects.filter(channel="online")
assigned = Application.objects.filter(pk__in=json.loads(sys.argv[1]))
print(json.dumps({
    "online": online.count(),
    "online numbers": online.values("number").distinct().count(),
    "online codes": online.values("query_code").distinct().count(),
    "assigned": assigned.filter(state="assigned").count(),
    "assign events": sorted({a["n"] for a in assigned.annotate(
        n=Count("events", filter=Q(events__kind="assign"))).values("n")}),
}))
"""


def _manage(code: str, env: dict[str, str], *args: str) -> Any:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(f"drill set-up failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


@contextmanager
def gunicorn(env: dict[str, str], port: int, log: Path):
    command = [str(ROOT / ".venv" / "bin" / "gunicorn"), "--config", "scripts/gunicorn.conf.py"]
    # Its access and error log to a file: a pipe nobody reads would fill and stop the server.
    output = log.open("w")
    server = subprocess.Popen(command, env=env, cwd=ROOT, stdout=output, stderr=output)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.3)
        else:
            raise SystemExit("gunicorn did not answer within 60 s")
        yield server
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        output.close()


# -- the clients ---------------------------------------------------------------------------------


class Client:
    """One browser: its own cookies, its CSRF token read from the page it fetched."""

    def __init__(self, base: str, address: str = "192.0.2.1") -> None:
        self.base, self.address = base, address
        self.jar = http.cookiejar.CookieJar()
        handlers = [urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()]
        self.opener = urllib.request.build_opener(*handlers)

    def get(self, path: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(self.base + path, headers=self._headers()))

    def _headers(self) -> dict[str, str]:
        return {"X-Real-IP": self.address}

    def post(self, path: str, fields: dict[str, str], files: dict[str, bytes] | None = None):
        token = next((c.value for c in self.jar if c.name == "csrftoken"), "")
        fields = {"csrfmiddlewaretoken": token, **fields}
        if files:
            body, kind = _multipart(fields, files)
        else:
            body, kind = (
                urllib.parse.urlencode(fields).encode(),
                "application/x-www-form-urlencoded",
            )
        headers = {"Content-Type": kind, "Referer": self.base + path, **self._headers()}
        return self._open(urllib.request.Request(self.base + path, body, headers))

    def _open(self, request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=120) as answer:
                return answer.status, answer.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _multipart(fields: dict[str, str], files: dict[str, bytes]) -> tuple[bytes, str]:
    boundary = "drill-boundary-7d1f"
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n')
        parts.append(f"{value}\r\n")
    body = "".join(parts).encode()
    for name, data in files.items():
        body += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        body += data + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def _hidden(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    return found[1] if found else ""


def _timed(function, *args) -> tuple[float, Any]:
    started = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - started, result


def _percentiles(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "p50": statistics.median(ordered),
        "p95": ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))],
        "max": ordered[-1],
    }


def _bad(status: int, text: str) -> bool:
    return status >= 500 or "database is locked" in text


def online_applications(base: str, agency: str, intake: dict[str, str]) -> dict[str, Any]:
    def apply(n: int):
        client = Client(base, f"198.51.{n // 250}.{n % 250 + 1}")
        status, page = client.get(f"/apply/{agency}/")
        fields = {**intake, "submission_key": _hidden(page, "submission_key")}
        fields["info_name"] = f"演练申请 {n}"
        return client.post(f"/apply/{agency}/", fields)

    with ThreadPoolExecutor(COUNT) as pool:
        results = list(pool.map(lambda n: _timed(apply, n), range(COUNT)))
    return {
        "times": _percentiles([t for t, _ in results]),
        "accepted": sum(status == 302 for _, (status, _) in results),
        "errors": sum(_bad(status, text) for _, (status, text) in results),
        "statuses": sorted({status for _, (status, _) in results}),
    }


def staff_transitions(base: str, setup: dict[str, Any]) -> dict[str, Any]:
    sessions = []
    for username in setup["clerks"]:  # signed in one after another: the sign-in throttle counts
        client = Client(base)
        client.get("/accounts/login/")
        status, _ = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
        assert status == 302, f"{username} could not sign in ({status})"
        client.get("/staff/")
        sessions.append(client)
    # The site's today (TIME_ZONE, Asia/Shanghai): a step is not dated before the receipt.
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()

    def assign(index_pk):
        index, pk = index_pk
        fields = {"assign-department": str(setup["department"]), "assign-on": today}
        return sessions[index % len(sessions)].post(f"/staff/applications/{pk}/act/assign/", fields)

    with ThreadPoolExecutor(COUNT) as pool:
        results = list(pool.map(lambda a: _timed(assign, a), enumerate(setup["applications"])))
    return {
        "times": _percentiles([t for t, _ in results]),
        "accepted": sum(status == 302 for _, (status, _) in results),
        "errors": sum(_bad(status, text) for _, (status, text) in results),
        "statuses": sorted({status for _, (status, _) in results}),
        "first refusal": next((text[:3000] for _, (st, text) in results if st != 302), ""),
    }


def bombs(base: str) -> dict[str, Any]:
    from tests.test_hostile_files import docx_bomb

    bomb = docx_bomb()
    stop = threading.Event()
    refused, other = [], []

    def bomber():
        client = Client(base)
        client.get("/check/")
        while not stop.is_set():
            status, text = client.post("/check/", {}, {"bomb.docx": bomb})
            (refused if status == 422 and "word/document.xml" in text else other).append(status)

    threads = [threading.Thread(target=bomber) for _ in range(BOMBERS)]
    for thread in threads:
        thread.start()
    reader, times = Client(base), []
    deadline = time.monotonic() + BOMB_SECONDS
    while time.monotonic() < deadline:
        elapsed, (status, _) = _timed(reader.get, "/")
        times.append(elapsed)
        assert status == 200, f"the home page answered {status} during the bombs"
        time.sleep(0.1)
    stop.set()
    for thread in threads:
        thread.join()
    return {
        "times": _percentiles(times),
        "pages": len(times),
        "refused": len(refused),
        "other": other,
    }


def run(database: str) -> dict[str, Any]:
    port = _free_port()
    with tempfile.TemporaryDirectory() as folder, _database(database, folder) as url:
        env = _environment(url, port, folder)
        setup = _manage(SETUP, env, PASSWORD, str(COUNT))
        intake = setup["intake"]
        base = f"http://127.0.0.1:{port}"
        with gunicorn(env, port, Path(folder) / "gunicorn.log"):
            online = online_applications(base, setup["agency"], intake)
            staff = staff_transitions(base, setup)
            bombed = bombs(base)
        counts = _manage(CHECK, env, json.dumps(setup["applications"]))
    return {
        "database": database,
        "workers": WORKERS,
        "count": COUNT,
        "online": online,
        "staff": staff,
        "bombs": bombed,
        "counts": counts,
    }


@contextmanager
def _database(database: str, folder: str):
    if database == "sqlite":
        yield f"sqlite:///{folder}/drill.sqlite3"
        return
    import psycopg

    server = os.environ["DATABASE_URL"]
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        admin.execute(f"CREATE DATABASE {BENCH_DB}")
    try:
        yield urllib.parse.urlsplit(server)._replace(path=f"/{BENCH_DB}").geturl()
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


# -- the record in BENCHMARKS.md -----------------------------------------------------------------

INTRO = """\
`benchmarks/drills.py` starts gunicorn with the project's configuration (DEBUG off, 4 workers,
loopback only) on a scratch database made by the migrations, and drives it with real HTTP
clients: 200 applicants submitting the public form at once, 200 assign steps posted at once from
ten signed-in clerks, and four clients posting a DOCX zip bomb to the public checker over and
over while another reads the home page. Counted in the database afterwards: applications made,
distinct numbers and query codes, applications assigned and their assign events."""

NAMES = {"sqlite": "SQLite (WAL)", "postgres": "PostgreSQL"}


def markdown(result: dict[str, Any], machine: str) -> str:
    counts, count = result["counts"], result["count"]
    online, staff, bombed = result["online"], result["staff"], result["bombs"]

    def ms(times: dict[str, float]) -> str:
        return " | ".join(f"{times[k] * 1000:.0f}" for k in ("p50", "p95", "max"))

    lost_online = count - counts["online"]
    duplicated = counts["online"] - min(counts["online numbers"], counts["online codes"])
    lines = [
        f"### {NAMES[result['database']]}",
        "",
        f"Machine: {machine}; gunicorn with {result['workers']} workers.",
        "",
        "| drill | accepted | lost | duplicated | errors shown | p50 ms | p95 ms | max ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {count} online applications at once | {online['accepted']} | {lost_online} | "
        f"{duplicated} | {online['errors']} | {ms(online['times'])} |",
        f"| {count} assign steps at once | {staff['accepted']} | "
        f"{count - counts['assigned']} | {'0' if counts['assign events'] == [1] else 'yes'} | "
        f"{staff['errors']} | {ms(staff['times'])} |",
        f"| home page while {BOMBERS} clients post zip bombs ({bombed['refused']} refused, "
        f"{len(bombed['other'])} other answers) | {bombed['pages']} pages | — | — | 0 | "
        f"{ms(bombed['times'])} |",
        "",
    ]
    worst = bombed["times"]["max"]
    verdict = "within" if worst <= AIM_SECONDS else "NOT within"
    lines.append(
        f"The home page's slowest answer during the bombs: {worst * 1000:.0f} ms, {verdict} "
        f"the aim of {AIM_SECONDS:g} s."
    )
    return "\n".join(lines)


def problems(result: dict[str, Any]) -> list[str]:
    counts, count = result["counts"], result["count"]
    found = []
    if counts["online"] != count or result["online"]["accepted"] != count:
        found.append(f"online: {counts['online']} made, {result['online']['accepted']} accepted")
    if counts["online numbers"] != counts["online"] or counts["online codes"] != counts["online"]:
        found.append("online: a number or query code given twice")
    if counts["assigned"] != count or counts["assign events"] != [1]:
        found.append(
            f"staff: {counts['assigned']} assigned, events per application "
            f"{counts['assign events']}"
        )
    if result["online"]["errors"] or result["staff"]["errors"]:
        found.append("a 5xx or 'database is locked' was shown")
    if result["bombs"]["other"]:
        found.append(f"bombs answered otherwise than 422: {result['bombs']['other'][:5]}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgres"))
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    args = parser.parse_args()
    if args.database:
        result = run(args.database)
        print(json.dumps(result) if args.json else result)
        return
    from benchmarks.run import machine, write

    databases = ["sqlite"]
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        databases.append("postgres")
    else:
        print("drills: DATABASE_URL names no PostgreSQL server; PostgreSQL NOT drilled")
    failed = []
    for database in databases:
        command = [sys.executable, str(Path(__file__).resolve()), "--database", database, "--json"]
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
        if done.returncode:
            sys.stderr.write(done.stderr)
            raise SystemExit(f"drills on {database} failed (exit {done.returncode})")
        result = json.loads(done.stdout.strip().splitlines()[-1])
        table = markdown(result, machine())
        print(table)
        failed += [f"{database}: {p}" for p in problems(result)]
        if args.write:
            write(table, f"drills-{database}", HEADING, intro=INTRO)
    if failed:
        raise SystemExit("drills found problems:\n" + "\n".join(failed))


if __name__ == "__main__":
    main()
