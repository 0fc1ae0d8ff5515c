"""Table 三 from 1,000,000 applications of one agency, against one bare GROUP BY (the floor).

One database per run: `--database sqlite` (a temporary file) or `--database postgres` (a scratch
database `gongkai_bench` created on the server of DATABASE_URL and dropped afterwards). The schema
is the project's own, made by its migrations. The rows are generated (seeded, reproducible) and
bulk-loaded: executemany in one transaction on SQLite, COPY on PostgreSQL.

Measured, interleaved, median of `--repeat` runs after a warm-up:
- the floor: SELECT report_column, outcome, COUNT(*) … WHERE agency_id = %s GROUP BY …, which
  any count of one agency's applications by column and outcome must pay;
- ``table3_counts(agency, year)`` for a middle year and the last complete year.

Run by `benchmarks/run.py` (which writes BENCHMARKS.md); alone it prints JSON with `--json`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_ROWS = 1_000_000
OTHER_AGENCIES = 4
OTHER_ROWS = 200_000  # spread over the other agencies, so the agency filter has work to do
FIRST_DAY, LAST_DAY = date(2019, 1, 1), date(2026, 11, 30)  # receipt dates, "today" the last
YEARS = (2022, 2025)  # a middle year and the last complete one
BENCH_DB = "gongkai_bench"
BATCH = 20_000

# (column, weight): most applicants are people, as in published reports.
COLUMNS = [
    (("person", ""), 70),
    (("organisation", "business"), 12),
    (("organisation", "research"), 3),
    (("organisation", "public_interest"), 3),
    (("organisation", "legal_services"), 7),
    (("organisation", "other_org"), 5),
]
GRANTED_WEIGHT = 45  # of 100; the rest spread over the other outcomes

FLOOR_SQL = (
    "SELECT report_column, outcome, COUNT(*) FROM applications_application "
    "WHERE agency_id = %s GROUP BY report_column, outcome"
)


# -- the rows -----------------------------------------------------------------------------------


def _weighted(rng: random.Random, pairs: list[tuple[Any, int]], n: int) -> list[Any]:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights, k=n)


def application_rows(
    n: int, agency_id: int, *, seed: int, serial: int, adapt_date: Callable[[date], Any]
) -> Iterator[tuple]:
    """``n`` rows of applications_application for one agency, in the model's column order.

    Receipt dates are uniform over FIRST_DAY..LAST_DAY; most are closed within 1–60 days, some
    after up to a year; 1 % stay open, and most of the last two months' are still open.
    """
    from gongkai.applications.models import Application
    from gongkai.applications.outcomes import GRANTED, OUTCOMES

    fields = [f for f in Application._meta.concrete_fields if not f.primary_key]
    index = {f.attname: i for i, f in enumerate(fields)}
    template = _constants(fields)
    rng = random.Random(seed)
    span = (LAST_DAY - FIRST_DAY).days + 1
    days = [adapt_date(FIRST_DAY + timedelta(d)) for d in range(span + 800)]
    others = [(k, (100 - GRANTED_WEIGHT) / (len(OUTCOMES) - 1)) for k in OUTCOMES if k != GRANTED]
    outcomes = _weighted(rng, [(GRANTED, GRANTED_WEIGHT), *others], n)
    kinds = _weighted(rng, COLUMNS, n)
    recent = span - 61
    for i in range(n):
        received = rng.randrange(span)
        kind, org_kind = kinds[i]
        if received >= recent and rng.random() < 0.6 or rng.random() < 0.01:
            closed = None
        elif rng.random() < 0.05:
            closed = received + rng.randint(61, 400)
        else:
            closed = received + rng.randint(1, 60)
        if closed is not None and closed >= span:  # not closed by "today"
            closed = None
        row = template.copy()
        number = serial + i
        row[index["agency_id"]] = agency_id
        row[index["number"]] = f"B{number:09d}"
        row[index["query_code"]] = f"BQ{number:012d}"
        row[index["applicant_kind"]] = kind
        row[index["org_kind"]] = org_kind
        row[index["report_column"]] = Application.column_for(kind, org_kind)
        row[index["received_on"]] = days[received]
        row[index["closed_on"]] = None if closed is None else days[closed]
        row[index["outcome"]] = "" if closed is None else outcomes[i]
        row[index["state"]] = "registered" if closed is None else "closed"
        yield tuple(row)


def _constants(fields: list) -> list[Any]:
    """A value for every column, ready for the database: what the rows do not vary."""
    from django.db import connection
    from django.utils import timezone

    given = {
        "channel": "online",
        "applicant_name": "某申请人",
        "phone": "13800138000",
        "info_name": "某项政府信息",
        "form_wanted": "electronic",
        "delivery": "email",
        "submitted_at": timezone.make_aware(datetime(2019, 1, 1, 9)),
    }
    out = []
    for f in fields:
        if f.attname in given:
            value = given[f.attname]
        elif f.has_default():
            value = f.get_default()
        elif f.null:
            value = None
        else:
            value = ""
        out.append(f.get_db_prep_save(value, connection))
    return out


def load(rows: Iterator[tuple]) -> int:
    """Bulk-insert rows (from ``application_rows``) in one transaction; how many were loaded."""
    from django.db import connection, transaction

    from gongkai.applications.models import Application

    fields = [f for f in Application._meta.concrete_fields if not f.primary_key]
    table = Application._meta.db_table
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    count = 0
    with transaction.atomic():
        raw = connection.connection
        if connection.vendor == "postgresql":
            with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as cp:
                for row in rows:
                    cp.write_row(row)
                    count += 1
        else:
            sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * len(fields))})"
            batch: list[tuple] = []
            for row in rows:
                batch.append(row)
                if len(batch) == BATCH:
                    raw.executemany(sql, batch)
                    count, batch = count + len(batch), []
            raw.executemany(sql, batch)
            count += len(batch)
    return count


def adapt_date() -> Callable[[date], Any]:
    from django.db import connection

    return connection.ops.adapt_datefield_value


# -- the measurements ---------------------------------------------------------------------------


def floor(agency_id: int) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(FLOOR_SQL, [agency_id])
        return cursor.fetchall()


def interleaved(works: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Median seconds per work; one warm-up each, then the works in turn, so that a busy moment
    of the machine falls on all of them alike."""
    for work in works.values():
        work()
    samples: dict[str, list[float]] = {name: [] for name in works}
    for _ in range(repeat):
        for name, work in works.items():
            start = time.perf_counter()
            work()
            samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(s) for name, s in samples.items()}


def plans(agency_id: int, year: int) -> dict[str, list[str]]:
    """How the database runs the floor and the table query (for the record)."""
    from django.db import connection

    from gongkai.reports.compute.table3 import table3_query

    sql, params = table3_query(agency_id, year).query.sql_with_params()
    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN (COSTS OFF) "
    out = {}
    with connection.cursor() as cursor:
        for name, (query, args) in {
            "floor": (FLOOR_SQL, [agency_id]),
            "table3": (sql, params),
        }.items():
            cursor.execute(explain + query, args)
            out[name] = [" ".join(str(c) for c in r[-1:]) for r in cursor.fetchall()]
    return out


def measure(agency_id: int, years: tuple[int, ...], repeat: int) -> dict[str, float]:
    from gongkai.reports.compute import table3_counts

    works: dict[str, Callable[[], object]] = {"floor": lambda: floor(agency_id)}
    for year in years:
        works[f"table3 {year}"] = lambda y=year: table3_counts(agency_id, y)
    return interleaved(works, repeat)


def populate(target_rows: int, other_rows: int, *, seed: int = 2026) -> tuple[int, float, int]:
    """The agencies and their applications; (the measured agency's id, load seconds, rows)."""
    from django.db import connection

    from gongkai.agencies.models import Agency

    target = Agency.objects.create(code="bench-target", name="基准测试机关")
    others = [
        Agency.objects.create(code=f"bench-other-{i}", name=f"其他机关{i}")
        for i in range(OTHER_AGENCIES)
    ]
    start = time.perf_counter()
    adapt = adapt_date()
    loaded = load(application_rows(target_rows, target.pk, seed=seed, serial=0, adapt_date=adapt))
    per_other = other_rows // OTHER_AGENCIES
    for i, agency in enumerate(others):
        rows = application_rows(
            per_other, agency.pk, seed=seed + i + 1, serial=(i + 1) * 10**8, adapt_date=adapt
        )
        loaded += load(rows)
    # Statistics for the planner, as a production database keeps them; PostgreSQL's VACUUM also
    # marks the pages all-visible (index-only scans), but cannot run inside a transaction (the
    # test suite's), where ANALYZE alone is done.
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
    return target.pk, time.perf_counter() - start, loaded


# -- the databases ------------------------------------------------------------------------------


@contextmanager
def scratch_database(kind: str) -> Iterator[str]:
    """A URL of an empty database of the kind, removed afterwards."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="gongkai-bench-") as folder:
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
        admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        admin.execute(f"CREATE DATABASE {BENCH_DB}")
    try:
        yield base.rsplit("/", 1)[0] + f"/{BENCH_DB}"
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(**server, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")


def versions() -> dict[str, str]:
    import sqlite3

    from django.db import connection

    out = {"sqlite": sqlite3.sqlite_version}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            out["postgresql"] = cursor.fetchone()[0]
    return out


def run(kind: str, target_rows: int, other_rows: int, repeat: int) -> dict[str, Any]:
    with scratch_database(kind) as url:
        os.environ["DATABASE_URL"] = url
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        agency_id, load_seconds, loaded = populate(target_rows, other_rows)
        medians = measure(agency_id, YEARS, repeat)
        return {
            "database": kind,
            "versions": versions(),
            "rows": loaded,
            "agency_rows": target_rows,
            "load_seconds": load_seconds,
            "repeat": repeat,
            "medians": medians,
            "plans": plans(agency_id, YEARS[-1]),
        }


# -- the record in BENCHMARKS.md ----------------------------------------------------------------

HEADING = "## Table 三 from the records"
INTRO = """\
`table3_counts(agency, year)` (gongkai/reports/compute) computes one agency-year of table 三 in one
grouped query. The table holds 1,000,000 applications of the agency measured, received from
2019-01-01 to 2026-11-30 and mostly closed within 60 days, plus 200,000 of four other agencies;
the schema is the project's, made by its migrations, with the composite index
`application_report_idx` on (agency, received_on, closed_on, report_column, outcome). The floor is
one bare `SELECT report_column, outcome, COUNT(*) … WHERE agency_id = %s GROUP BY report_column,
outcome` over the same table in the same run. The aim is at most 1.5 × the floor. Run with
`benchmarks/run.py --only table3` (PostgreSQL when DATABASE_URL names a server; a scratch database
`gongkai_bench` is created there and dropped)."""

NAMES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
LOADERS = {"sqlite": "executemany in one transaction", "postgres": "COPY"}


def markdown(result: dict[str, Any], machine: str) -> str:
    """One database's figures as the BENCHMARKS.md block."""
    database = result["database"]
    version = result["versions"].get("postgresql" if database == "postgres" else "sqlite", "")
    medians = result["medians"]
    floor_s = medians["floor"]
    lines = [
        f"### {NAMES[database]} {version}",
        "",
        f"Machine: {machine}, SQLite {result['versions']['sqlite']}"
        + (f", PostgreSQL {version}" if database == "postgres" else ""),
        f"{result['rows']:,} rows ({result['agency_rows']:,} of the agency measured), loaded in "
        f"{result['load_seconds']:.0f} s ({LOADERS[database]}). Median of {result['repeat']} "
        "runs each, interleaved, after a warm-up; ratio = time / floor.",
        "",
        "| what | ms | ratio to floor |",
        "| --- | ---: | ---: |",
    ]
    for name, seconds in medians.items():
        label = (
            "floor: bare GROUP BY report_column, outcome of the agency"
            if name == "floor"
            else f"`table3_counts(agency, {name.split()[-1]})`"
        )
        lines.append(f"| {label} | {seconds * 1000:.1f} | {seconds / floor_s:.2f} |")
    lines.append("")
    for name, plan in result["plans"].items():
        steps = " → ".join(_step(s) for s in plan if _step(s))
        lines.append(f"Plan of {name}: {steps}.  ")
    return "\n".join(lines).rstrip()


def _step(line: str) -> str:
    """One line of a plan without PostgreSQL's indentation arrows."""
    return line.strip().removeprefix("->").strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgres"), required=True)
    parser.add_argument("--rows", type=int, default=TARGET_ROWS, help="the agency's applications")
    parser.add_argument("--other-rows", type=int, default=OTHER_ROWS)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args()
    result = run(args.database, args.rows, args.other_rows, args.repeat)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return
    floor_s = result["medians"]["floor"]
    print(f"{args.database}: {result['rows']} rows loaded in {result['load_seconds']:.0f} s")
    for name, seconds in result["medians"].items():
        print(f"  {name}: {seconds * 1000:.1f} ms ({seconds / floor_s:.2f} × floor)")
    for name, lines in result["plans"].items():
        print(f"  plan of {name}: " + " | ".join(lines))


if __name__ == "__main__":
    main()
