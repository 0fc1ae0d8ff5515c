"""Table 三 from 1,000,000 applications of one agency, against the best bare SQL (the floor).

One database per run: `--database sqlite` (a temporary file) or `--database postgres` (a scratch
database `gongkai_bench` created on the server of DATABASE_URL and dropped afterwards). The schema
is the project's own, made by its migrations. The rows are generated (seeded, reproducible) and
bulk-loaded: executemany in one transaction on SQLite, COPY on PostgreSQL.

Measured, interleaved, min and median of `--repeat` runs after a warm-up, for 2019, 2022 and
2025 (receipts 2019-01-01 … 2026-11-30, so 2025 has six years of history behind it):
- ``table3_counts(agency, year)``;
- the floors: bare SQL statements that give the same numbers from the same rows and indexes
  (checked), the best of them per year being the floor — one of them is the statement the
  count sends, written out by hand, so the floor is never one the count beats by being
  cleverer; and, for reference, a bare COUNT(*) grouped over the same rows, which reads
  what the count reads but does not give its numbers.
Then the drill-down pages (benchmarks/drilldown.py) on the same data.

Run by `benchmarks/run.py` (which writes BENCHMARKS.md); alone it prints JSON with `--json`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.common import scratch_database  # noqa: E402

TARGET_ROWS = 1_000_000
OTHER_AGENCIES = 4
OTHER_ROWS = 200_000  # spread over the other agencies, so the agency filter has work to do
FIRST_DAY, LAST_DAY = date(2019, 1, 1), date(2026, 11, 30)  # receipt dates, "today" the last
YEARS = (2019, 2022, 2025)  # the first year, a middle one, the last complete one
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
    from gongkai.applications.models.application import year_ends_open
    from gongkai.applications.outcomes import GRANTED, OUTCOMES

    fields = _loaded_fields(Application)
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
        row[index["year_ends_open"]] = year_ends_open(
            FIRST_DAY + timedelta(received),
            None if closed is None else FIRST_DAY + timedelta(closed),
        )
        row[index["outcome"]] = "" if closed is None else outcomes[i]
        row[index["state"]] = "registered" if closed is None else "closed"
        yield tuple(row)


def _loaded_fields(model: Any) -> list:
    """The columns a loader writes: all but the key."""
    return [f for f in model._meta.concrete_fields if not f.primary_key]


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

    fields = _loaded_fields(Application)
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
    with scratch_database(kind, BENCH_DB) as url:
        os.environ["DATABASE_URL"] = url
        # The deployed settings: with DEBUG on, Django would log every query, a good part of a
        # drill-down page's millisecond.
        os.environ["GONGKAI_DEBUG"] = "false"
        os.environ.setdefault("GONGKAI_SECRET_KEY", "benchmark-only-" + "x" * 50)
        os.environ["GONGKAI_ALLOWED_HOSTS"] = "testserver"  # the drill-down's page served
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        from benchmarks import drilldown
        from benchmarks.table3_floors import measure, plans

        agency_id, load_seconds, loaded = populate(target_rows, other_rows)
        return {
            "database": kind,
            "versions": versions(),
            "rows": loaded,
            "agency_rows": target_rows,
            "load_seconds": load_seconds,
            "repeat": repeat,
            "years": measure(agency_id, YEARS, repeat),
            "plans": plans(agency_id, YEARS[-1]),
            "drilldown": drilldown.measure(agency_id, repeat),
        }


# -- the record in BENCHMARKS.md ----------------------------------------------------------------

HEADING = "## Table 三 from the records"
INTRO = """\
`table3_counts(agency, year)` (gongkai/reports/compute) computes one agency-year of table 三 in one
statement over the applications that can count in the year, found as three index ranges
(`predicates.relevant_parts`: received in the year; carried in, through the stored
`year_ends_open` and the partial index `application_carried_idx`). The table holds 1,000,000
applications of the agency measured, received from 2019-01-01 to 2026-11-30 and mostly closed
within 60 days (5 % within 61–400, 1 % never), plus 200,000 of four other agencies; the schema is
the project's, made by its migrations. The floor of a year is the best of four bare statements
that give the same numbers from the same rows and indexes (checked in the run), measured
interleaved with the count in the same run; the reference below them reads the same rows but
only counts them by column and outcome. The aim is at most 1.2 × the floor, and the same time
for every year with about as many applications that can count. Run with
`benchmarks/run.py --only table3` (PostgreSQL when DATABASE_URL names a server; a scratch
database `gongkai_bench` is created there and dropped)."""

NAMES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
LOADERS = {"sqlite": "executemany in one transaction", "postgres": "COPY"}


def _ms(t: dict[str, float]) -> str:
    return f"{t['min'] * 1000:.1f} / {t['median'] * 1000:.1f}"


def _floor(times: dict[str, dict[str, float]]) -> tuple[dict[str, float], str]:
    """The best same-numbers statement: the lowest min and the lowest median (and its name)."""
    from benchmarks.table3_floors import REFERENCE

    same = {n: t for n, t in times.items() if n not in ("table3_counts", REFERENCE)}
    best = min(same, key=lambda n: same[n]["median"])
    return {k: min(t[k] for t in same.values()) for k in ("min", "median")}, best


def markdown(result: dict[str, Any], machine: str) -> str:
    """One database's figures as the BENCHMARKS.md block."""
    from benchmarks.table3_floors import REFERENCE

    database = result["database"]
    version = result["versions"].get("postgresql" if database == "postgres" else "sqlite", "")
    years = result["years"]
    lines = [
        f"### {NAMES[database]} {version}",
        "",
        f"Machine: {machine}, SQLite {result['versions']['sqlite']}"
        + (f", PostgreSQL {version}" if database == "postgres" else ""),
        f"{result['rows']:,} rows ({result['agency_rows']:,} of the agency measured), loaded in "
        f"{result['load_seconds']:.0f} s ({LOADERS[database]}). Min / median of "
        f"{result['repeat']} runs each, interleaved, after a warm-up; ms; ratio = time / floor "
        "(min / median).",
        "",
        "| what | " + " | ".join(years) + " |",
        "| --- |" + " ---: |" * len(years),
        "| applications that can count in the year | "
        + " | ".join(f"{y['rows']:,}" for y in years.values())
        + " |",
    ]
    names = list(next(iter(years.values()))["times"])
    for name in names:
        label = "`table3_counts(agency, year)`" if name == "table3_counts" else name
        lines.append(
            f"| {label} | " + " | ".join(_ms(y["times"][name]) for y in years.values()) + " |"
        )
    ratios, references, best = [], [], []
    for y in years.values():
        floor, name = _floor(y["times"])
        work, ref = y["times"]["table3_counts"], y["times"][REFERENCE]
        ratios.append(
            f"**{work['min'] / floor['min']:.2f} / {work['median'] / floor['median']:.2f}**"
        )
        references.append(f"{work['min'] / ref['min']:.2f} / {work['median'] / ref['median']:.2f}")
        best.append(name.split(" (")[0])
    lines += [
        "| **ratio of the count to the floor** | " + " | ".join(ratios) + " |",
        "| ratio of the count to the reference | " + " | ".join(references) + " |",
        "",
        "The floor (lowest median) per year: "
        + "; ".join(f"{y} {n}" for y, n in zip(years, best, strict=True))
        + ".",
        "",
    ]
    for name, plan in result["plans"].items():
        steps = " → ".join(_step(s) for s in plan if _step(s))
        lines.append(f"Plan of {name} ({YEARS[-1]}): {steps}.  ")
    return "\n".join(lines).rstrip()


def _step(line: str) -> str:
    """One line of a plan without PostgreSQL's indentation arrows."""
    return line.strip().removeprefix("->").strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgres"), required=True)
    parser.add_argument("--rows", type=int, default=TARGET_ROWS, help="the agency's applications")
    parser.add_argument("--other-rows", type=int, default=OTHER_ROWS)
    parser.add_argument("--repeat", type=int, default=11)
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args()
    result = run(args.database, args.rows, args.other_rows, args.repeat)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return
    from benchmarks import drilldown

    print(markdown(result, "this machine"))
    print(drilldown.markdown(result, "this machine", NAMES))


if __name__ == "__main__":
    main()
