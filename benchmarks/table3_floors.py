"""The floors of table 三: bare SQL statements that give the numbers ``table3_counts`` gives,
from the same rows and indexes — the best of them per year is the floor (benchmarks/table3.py)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from benchmarks.common import interleaved

# The floors: bare statements for one agency-year, {T} the table; the parameters of each are
# the agency and dates (ISO text, which both databases compare with a date column).
T = "applications_application"
OPEN_AT_END = "(closed_on IS NULL OR closed_on > %s)"
# The three ranges of predicates.relevant_parts, as (SQL, parameters from (agency, year)).
RANGES = (
    (
        "agency_id = %s AND received_on >= %s AND received_on <= %s",
        lambda a, y: [a, f"{y}-01-01", f"{y}-12-31"],
    ),
    (
        "agency_id = %s AND year_ends_open = 1 AND received_on >= %s AND received_on <= %s",
        lambda a, y: [a, f"{y - 1}-01-01", f"{y - 1}-12-31"],
    ),
    (
        f"agency_id = %s AND year_ends_open = 2 AND received_on <= %s AND {OPEN_AT_END}",
        lambda a, y: [a, f"{y - 1}-12-31", f"{y - 1}-12-31"],
    ),
)
STOCK = ("new", "carried_in", "carried_in")  # the stock row of each range


def _four_counts(y: int) -> tuple[str, list]:
    """新收, 上年结转, closed in Y, 结转 as COUNT(*) FILTER, and their parameters."""
    first, last, before = f"{y}-01-01", f"{y}-12-31", f"{y - 1}-12-31"
    sql = (
        "COUNT(*) FILTER (WHERE received_on >= %s AND received_on <= %s), "
        "COUNT(*) FILTER (WHERE received_on <= %s AND (closed_on IS NULL OR closed_on > %s)), "
        "COUNT(*) FILTER (WHERE received_on <= %s AND closed_on >= %s AND closed_on <= %s), "
        "COUNT(*) FILTER (WHERE received_on <= %s AND (closed_on IS NULL OR closed_on > %s))"
    )
    return sql, [first, last, before, before, last, first, last, last, last]


def floor_statements(agency_id: int, year: int) -> dict[str, tuple[str, list, str]]:
    """name → (SQL, parameters, shape of its rows): "four" rows are (column, outcome, new,
    carried in, closed, carried forward); "two" rows (range, column, outcome, all, still open)."""
    a, y, last = agency_id, year, f"{year}-12-31"
    four, four_params = _four_counts(y)
    group = "GROUP BY report_column, outcome"
    two_arms = [
        (
            f"SELECT {i}, report_column, outcome, COUNT(*), COUNT(*) FILTER (WHERE {OPEN_AT_END}) "
            f"FROM {T} WHERE {where} {group}",
            [last, *params(a, y)],
        )
        for i, (where, params) in enumerate(RANGES)
    ]
    four_arms = [
        (
            f"SELECT report_column, outcome, {four} FROM {T} WHERE {where} {group}",
            [*four_params, *params(a, y)],
        )
        for where, params in RANGES
    ]
    rows_of = " UNION ALL ".join(
        f"SELECT report_column, outcome, received_on, closed_on FROM {T} WHERE {where}"
        for where, _ in RANGES
    )
    one_range = (
        "agency_id = %s AND received_on <= %s AND "
        "(received_on >= %s OR closed_on IS NULL OR closed_on >= %s)"
    )
    return {
        "three ranges, two counts each (the count's statement)": (
            " UNION ALL ".join(sql for sql, _ in two_arms),
            [p for _, params in two_arms for p in params],
            "two",
        ),
        "three ranges, four conditional counts each": (
            " UNION ALL ".join(sql for sql, _ in four_arms),
            [p for _, params in four_arms for p in params],
            "four",
        ),
        "one GROUP BY over the three ranges' rows": (
            f"SELECT report_column, outcome, {four} FROM ({rows_of}) AS counted {group}",
            [*four_params, *(p for _, params in RANGES for p in params(a, y))],
            "four",
        ),
        "one range of the receipt date (no stored fact), four counts": (
            f"SELECT report_column, outcome, {four} FROM {T} WHERE {one_range} {group}",
            [*four_params, a, last, f"{y}-01-01", f"{y}-01-01"],
            "four",
        ),
    }


REFERENCE = "reference: COUNT(*) only, grouped over the three ranges (not the same numbers)"


def reference_statement(agency_id: int, year: int) -> tuple[str, list]:
    arms = [
        (
            f"SELECT report_column, outcome, COUNT(*) FROM {T} WHERE {where} "
            "GROUP BY report_column, outcome",
            params(agency_id, year),
        )
        for where, params in RANGES
    ]
    return " UNION ALL ".join(sql for sql, _ in arms), [p for _, params in arms for p in params]


def run_sql(sql: str, params: list) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def answer(rows: list[tuple], shape: str) -> Counter:
    """A statement's rows as (row key, column, outcome) → count, rows of 0 left out."""
    out: Counter = Counter()
    for row in rows:
        if shape == "two":
            part, column, outcome, n, still_open = row
            counts = {STOCK[part]: n, "closed": n - still_open, "carried_forward": still_open}
        else:
            column, outcome, *n = row
            counts = dict(zip(("new", "carried_in", "closed", "carried_forward"), n, strict=True))
        for key, value in counts.items():
            out[key, column, outcome if key == "closed" else ""] += value
    return +out


def check_floors(agency_id: int, year: int) -> None:
    """Every floor gives the count's numbers (folded the same way), or the run stops."""
    from gongkai.reports.compute import table3_counts
    from gongkai.reports.compute.table3 import _cells, _result_row
    from gongkai.reports.engine.editions import edition_for_year

    edition = edition_for_year(year)
    expected = table3_counts(agency_id, year)
    for name, (sql, params, shape) in floor_statements(agency_id, year).items():
        by_row: Counter = Counter()
        for (key, column, outcome), n in answer(run_sql(sql, params), shape).items():
            row = _result_row(edition, outcome) if key == "closed" else key
            by_row[row, column] += n
        if _cells(edition, by_row) != expected:
            raise SystemExit(f"floor {name!r} does not give table 三 of {year}")


def explain(sql: str, params: list) -> list[str]:
    from django.db import connection

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN (COSTS OFF) "
    return [" ".join(str(c) for c in r[-1:]) for r in run_sql(prefix + sql, params)]


def plans(agency_id: int, year: int) -> dict[str, list[str]]:
    """How the database runs the count's statement and the old one-range statement."""
    from gongkai.reports.compute.table3 import table3_query

    sql, params = table3_query(agency_id, year).query.sql_with_params()
    old_name = "one range of the receipt date (no stored fact), four counts"
    old_sql, old_params, _ = floor_statements(agency_id, year)[old_name]
    return {
        "table3_counts": explain(sql, params),
        "one range (before)": explain(old_sql, old_params),
    }


def relevant_rows(agency_id: int, year: int) -> int:
    sql, params = reference_statement(agency_id, year)
    return sum(n for *_, n in run_sql(sql, params))


def measure(agency_id: int, years: tuple[int, ...], repeat: int) -> dict[str, Any]:
    """Per year: the count and every floor, interleaved (min, median seconds), and the rows."""
    from gongkai.reports.compute import table3_counts

    out: dict[str, Any] = {}
    for year in years:
        check_floors(agency_id, year)
        works: dict[str, Callable[[], object]] = {
            "table3_counts": lambda y=year: table3_counts(agency_id, y)
        }
        for name, (sql, params, _shape) in floor_statements(agency_id, year).items():
            works[name] = lambda sql=sql, params=params: run_sql(sql, params)
        ref_sql, ref_params = reference_statement(agency_id, year)
        works[REFERENCE] = lambda sql=ref_sql, params=ref_params: run_sql(sql, params)
        out[str(year)] = {
            "rows": relevant_rows(agency_id, year),
            "times": interleaved(works, repeat),
        }
    return out
