"""What every benchmark here does alike: time works interleaved, and make a scratch database.

Interleaved: each round runs every work in turn (in reverse order every other round), so that a
busy moment of the machine falls on all of them alike, the floor included.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

CLOCKS = {
    "wall": (time.perf_counter, "wall-clock time"),
    # The process's own CPU time: what a call costs without the time other processes took the
    # CPU from it (steadier on a shared machine, for works that wait on nothing).
    "cpu": (time.process_time, "CPU time of the process"),
}


def interleaved(
    works: dict[str, Callable[[], object]],
    rounds: int,
    *,
    calls: int = 1,
    warm: bool = False,
    clock: str = "wall",
) -> dict[str, dict[str, float]]:
    """Min and median seconds per call of each work over ``rounds`` rounds of ``calls`` calls,
    after one untimed round (templates compiled, caches filled, connections made). With
    ``warm``, each timed call follows an untimed one of the same work: for works of a
    millisecond, so that none pays for the caches a heavier one before it left cold."""
    now = CLOCKS[clock][0]
    for work in works.values():
        for _ in range(calls):
            work()
    samples: dict[str, list[float]] = {name: [] for name in works}
    names = list(works)
    for round_number in range(rounds):
        for name in names if round_number % 2 == 0 else names[::-1]:
            work = works[name]
            if warm:
                work()
            start = now()
            for _ in range(calls):
                work()
            samples[name].append((now() - start) / calls)
    return {name: {"min": min(s), "median": statistics.median(s)} for name, s in samples.items()}


@contextmanager
def scratch_database(kind: str, name: str) -> Iterator[str]:
    """The URL of an empty database of ``kind`` ("sqlite", or "postgres" on the server that
    DATABASE_URL names, as database ``name``), removed afterwards."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix=f"{name}-") as folder:
            yield f"sqlite:///{folder}/bench.sqlite3"
        return
    import psycopg
    from dj_database_url import parse

    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        raise SystemExit("--database postgres 需要 DATABASE_URL 指向一个 PostgreSQL 服务器")
    config = parse(base)
    server = {
        "host": config["HOST"] or None,
        "port": config["PORT"] or None,
        "user": config["USER"] or None,
        "password": config["PASSWORD"] or None,
        "dbname": "postgres",
    }
    with psycopg.connect(**server, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield base.rsplit("/", 1)[0] + f"/{name}"
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(**server, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
