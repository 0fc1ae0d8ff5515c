"""The portal's pages under gunicorn, against a bare Django view through the same stack.

A scratch SQLite database gets one agency with published items (through the publishing services,
so with their versions and search index); gunicorn serves it with the production settings
(DEBUG off, whitenoise, persistent connections) and the project's gunicorn config. A client of
several processes asks for the bare view (the floor), the home page and an item page in turn,
round after round, and reports requests per second; the ratio page/floor is the figure (aim
≥ 0.5). Run: `.venv/bin/python benchmarks/portal.py [--items N] [--rounds R] [--write]`.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CLIENTS = 4  # client processes, each with its own keep-alive-less connection per request


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(db: Path, static: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.bench_site",
        "DATABASE_URL": f"sqlite:///{db}",
        "GONGKAI_DEBUG": "false",
        "GONGKAI_SECRET_KEY": "bench-only-" + "x" * 40,
        "GONGKAI_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "GONGKAI_STATIC_ROOT": str(static),
        "PYTHONPATH": str(ROOT),
    }


def prepare(env: dict[str, str], items: int) -> str:
    """Migrate, collect the static files, publish ``items`` items; the path of an item page."""
    manage = [sys.executable, str(ROOT / "manage.py")]
    for args in (["migrate", "-v0"], ["createcachetable"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([*manage, *args], env=env, check=True)
    script = f"""
import django; django.setup()
from tests.applications.factories import make_office
from tests.publishing.factories import published_item
office = make_office()
item = None
for n in range({items}):
    item = published_item(office, title=f"关于专利转化运用的通知（第{{n}}号）")
from gongkai.publishing.search_documents import item_url
print(item_url(item))
"""
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, check=True, capture_output=True, text=True
    )
    return out.stdout.strip().splitlines()[-1]


def get(port: int, path: str) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers={"Host": "127.0.0.1"})
    response = conn.getresponse()
    response.read()
    conn.close()
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}")


def hammer(port: int, path: str, seconds: float) -> int:
    """Requests answered 200 within ``seconds`` (one client process)."""
    done, end = 0, time.perf_counter() + seconds
    while time.perf_counter() < end:
        get(port, path)
        done += 1
    return done


def throughput(pool: ProcessPoolExecutor, port: int, path: str, seconds: float) -> float:
    counts = pool.map(hammer, [port] * CLIENTS, [path] * CLIENTS, [seconds] * CLIENTS)
    return sum(counts) / seconds


def wait_for(port: int, proc: subprocess.Popen) -> None:
    for _ in range(200):
        if proc.poll() is not None:
            raise RuntimeError("gunicorn exited")
        try:
            get(port, "/bench/bare/")
            return
        except (ConnectionError, OSError):
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def start_server(env: dict[str, str], cache_seconds: int) -> tuple[int, subprocess.Popen]:
    port = free_port()
    env = {
        **env,
        "GONGKAI_BIND": f"127.0.0.1:{port}",
        "GONGKAI_PORTAL_CACHE_SECONDS": str(cache_seconds),
    }
    gunicorn = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "scripts/gunicorn.conf.py")]
    proc = subprocess.Popen(
        [*gunicorn, "--access-logfile", "/dev/null", "gongkai.wsgi:application"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for(port, proc)
    return port, proc


# What is measured: (label, server, path key). "cached" is the production default for readers
# who are not signed in (portal.page_cache); "drawn" the same server with the cache off.
PAGES = (
    ("bare Django view (floor)", "cached", "floor"),
    ("home `/`, page cache on (default)", "cached", "home"),
    ("item page, page cache on (default)", "cached", "item"),
    ("home `/`, drawn every time (cache off)", "drawn", "home"),
    ("item page, drawn every time (cache off)", "drawn", "item"),
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = server_env(Path(tmp) / "bench.sqlite3", Path(tmp) / "static")
        paths = {"floor": "/bench/bare/", "home": "/", "item": prepare(env, args.items)}
        servers: dict[str, tuple[int, subprocess.Popen]] = {}
        try:
            servers["cached"] = start_server(env, 300)
            servers["drawn"] = start_server(env, 0)
            rates: dict[str, list[float]] = {label: [] for label, _s, _p in PAGES}
            with ProcessPoolExecutor(CLIENTS) as pool:
                for _label, server, key in PAGES:  # warm-up
                    throughput(pool, servers[server][0], paths[key], 0.5)
                for _ in range(args.rounds):  # interleaved: each page once per round
                    for label, server, key in PAGES:
                        port = servers[server][0]
                        rates[label].append(throughput(pool, port, paths[key], args.seconds))
        finally:
            for _port, proc in servers.values():
                proc.terminate()
                proc.wait(timeout=30)
    report(rates, args)


def report(rates: dict[str, list[float]], args: argparse.Namespace) -> None:
    from benchmarks.run import machine, write

    floor = statistics.median(rates[PAGES[0][0]])
    lines = [
        f"Machine: {machine()}.",
        "",
        f"{args.items} published items, SQLite, gunicorn ({_workers()} workers) with the "
        f"production settings, {CLIENTS} client processes, {args.rounds} rounds of "
        f"{args.seconds:g} s each, interleaved. The floor is a view returning a fixed response "
        "through the same stack.",
        "",
        "| page | req/s min | req/s median | median ÷ floor median |",
        "| --- | ---: | ---: | ---: |",
    ]
    for label, _server, _key in PAGES:
        values = rates[label]
        lines.append(
            f"| {label} | {min(values):.0f} | {statistics.median(values):.0f} | "
            f"{statistics.median(values) / floor:.2f} |"
        )
    table = "\n".join(lines)
    print(table)
    if args.write:
        write(table, "portal-gunicorn", "## Portal pages under gunicorn")


def _workers() -> str:
    return os.environ.get("GONGKAI_WORKERS", "default")


if __name__ == "__main__":
    main()
