"""Drill-down pages of table 三 (gongkai/reports/drilldown.py) against a bare keyset query.

On the data benchmarks/table3.py loads (1,000,000 applications of the agency measured), after
its table measurements, in the same process. Three cells of 2025: 一、新收 × 总计 (the
applications received in the year, one range of one index), （七）总计 × 总计 (closed in the
year: all three parts of a year, merged), 二、上年结转 × 总计 (carried in: two ranges of the
carried index). For each, interleaved, min and median of the runs:

- ``cell_page`` of the last page, the total carried in the link (what 末页 and every link after
  the first page do), and with the total counted (a page opened at ``?last=1`` without it);
- ``cell_page`` of the first page, counted (what the number on table 三 opens);
- the floors: the bare keyset query of the last (and the first) page — the best of: one
  statement over the cell's rule (ORDER BY received_on DESC, id DESC LIMIT 101), and one per
  part of the cell merged in Python as the paginator does — and a bare COUNT(*) of the cell
  (the best of the same two shapes);
- what the page did before: Django's Paginator, its last page by OFFSET, counted;
- the last page as served: the view with its template and middleware (Django's test client).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from functools import partial
from typing import Any

from benchmarks.common import interleaved
from benchmarks.table3_floors import run_sql

YEAR = 2025
CELLS = (("new", "total"), ("result.total", "total"), ("carried_in", "total"))
COLUMNS = "id, number, applicant_name, received_on, closed_on, outcome"


def _where(queryset: Any) -> tuple[str, list]:
    """The WHERE clause and parameters the ORM writes for a queryset (the cell's own rule)."""
    sql, params = queryset.values("pk").order_by().query.sql_with_params()
    return sql.split(" WHERE ", 1)[1], list(params)


def bare_works(agency_id: int, row: str, column: str) -> dict[str, Callable[[], object]]:
    """The bare statements for the last page and the count: over the cell's rule, and per part."""
    from django.db import connection

    from gongkai.reports.drilldown import applications_in_cell, cell_parts

    table = "applications_application"
    whole = [_where(applications_in_cell(agency_id, YEAR, row, column))]
    segments = cell_parts(agency_id, YEAR, row, column)
    parts = [_where(p.records) for p in segments]

    def page(shapes: list[tuple[str, list]], descending: bool) -> Callable[[], object]:
        order = "received_on DESC, id DESC" if descending else "received_on, id"
        statements = [
            (f"SELECT {COLUMNS} FROM {table} WHERE {where} ORDER BY {order} LIMIT 101", params)
            for where, params in shapes
        ]
        if len(statements) == 1:
            return lambda: run_sql(*statements[0])

        def merged() -> list[tuple]:
            found = [run_sql(*s) for s in statements]
            key = lambda r: (str(r[3]), r[0])  # noqa: E731 (received_on, id)
            return list(heapq.merge(*found, key=key, reverse=descending))[:101]

        return merged

    def walked(descending: bool) -> Callable[[], object]:
        """The parts nearest the page first, as the pager reads them: a part whose receipt
        dates cannot reach a page already found is not read, and the next part's read ends
        where that page ends — its plan, in bare SQL."""
        order = "received_on DESC, id DESC" if descending else "received_on, id"
        end = "received_on >= %s" if descending else "received_on <= %s"
        edge = [(s.first_to if descending else s.first_from) for s in segments]
        sql = [
            (f"SELECT {COLUMNS} FROM {table} WHERE {w}{{}} ORDER BY {order} LIMIT 101", p)
            for w, p in parts
        ]
        near = sorted(
            range(len(sql)),
            key=lambda i: (
                (edge[i] is not None, edge[i]) if not descending else (edge[i] is None, edge[i])
            ),
            reverse=descending,
        )
        adapt = connection.ops.adapt_datefield_value

        def run() -> list[tuple]:
            rows: list[tuple] = []
            for i in near:
                statement, params = sql[i]
                if len(rows) >= 101:
                    last = rows[100][3]
                    if edge[i] is not None and (last > edge[i] if descending else last < edge[i]):
                        break
                    found = run_sql(statement.format(f" AND {end}"), [*params, adapt(last)])
                else:
                    found = run_sql(statement.format(""), params)
                rows = sorted(rows + found, key=lambda r: (r[3], r[0]), reverse=descending)[:101]
            return rows

        return run

    def union(descending: bool) -> Callable[[], object]:
        """Every part in one statement, each its own keyset read inside a UNION ALL (what the
        pager sends on PostgreSQL for parts whose dates overlap)."""
        order = "received_on DESC, id DESC" if descending else "received_on, id"
        by = "4 DESC, 1 DESC" if descending else "4, 1"
        selects = [
            f"SELECT * FROM (SELECT {COLUMNS} FROM {table} WHERE {w} ORDER BY {order} "
            f"LIMIT 101) AS part{i}"
            for i, (w, _p) in enumerate(parts)
        ]
        sql = " UNION ALL ".join(selects) + f" ORDER BY {by} LIMIT 101"
        params = [value for _w, p in parts for value in p]
        return lambda: run_sql(sql, params)

    def count(shapes: list[tuple[str, list]]) -> Callable[[], object]:
        statements = [(f"SELECT COUNT(*) FROM {table} WHERE {w}", p) for w, p in shapes]
        return lambda: sum(run_sql(*s)[0][0] for s in statements)

    return {
        "bare last page, one statement": page(whole, True),
        "bare last page, per part": page(parts, True),
        "bare last page, parts as the pager reads them": walked(True),
        "bare last page, parts in one UNION ALL": union(True),
        "bare first page, one statement": page(whole, False),
        "bare first page, per part": page(parts, False),
        "bare first page, parts as the pager reads them": walked(False),
        "bare first page, parts in one UNION ALL": union(False),
        "bare count, one statement": count(whole),
        "bare count, per part": count(parts),
    }


def served(agency_id: int, row: str, column: str, total: int) -> Callable[[], object]:
    """The last page as a reader gets it: the view, its template, the middleware (test client,
    a logged-in platform admin), the total carried in the link."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from gongkai.agencies.models import Agency
    from gongkai.reports.views_records import sign_total, signed_cell

    users = get_user_model().objects
    user = users.filter(username="bench-admin").first() or users.create_superuser(
        "bench-admin", "bench@example.gov.cn", "x"
    )
    client = Client()
    client.force_login(user)
    code = Agency.objects.get(pk=agency_id).code
    url = reverse("reports:table3_cell", args=[code, YEAR])
    cell = signed_cell(agency_id, YEAR, "三", row, column)
    params = {"row": row, "column": column, "last": "1", "n": sign_total(cell, total)}

    def get() -> object:
        response = client.get(url, params)
        if response.status_code != 200:
            raise SystemExit(f"the cell page answered {response.status_code}")
        return response

    return get


def measure(agency_id: int, repeat: int) -> dict[str, Any]:
    from django.core.paginator import Paginator
    from django.db import connections

    from gongkai.reports.drilldown import (
        LAST,
        LISTED_FIELDS,
        applications_in_cell,
        cell_page,
        cell_parts,
        forget_prepared_cells,
    )

    out: dict[str, Any] = {}
    for row, column in CELLS:
        total = cell_page(agency_id, YEAR, row, column).count

        def offset_last(row: str = row, column: str = column) -> object:
            listed = applications_in_cell(agency_id, YEAR, row, column).only(*LISTED_FIELDS)
            paginator = Paginator(listed, 100)
            return list(paginator.page(paginator.num_pages).object_list)

        def compiled_anew(row: str, column: str, total: int) -> object:
            forget_prepared_cells(connections["default"])  # as for a cell's first page
            return cell_page(agency_id, YEAR, row, column, LAST, total=total)

        works: dict[str, Callable[[], object]] = {
            "last page, total carried": lambda r=row, c=column, n=total: cell_page(
                agency_id, YEAR, r, c, LAST, total=n
            ),
            "last page, total carried, the cell's statements compiled anew": partial(
                compiled_anew, row, column, total
            ),
            "last page, counted": lambda r=row, c=column: cell_page(agency_id, YEAR, r, c, LAST),
            "first page, counted": lambda r=row, c=column: cell_page(agency_id, YEAR, r, c),
            **bare_works(agency_id, row, column),
            "before: Paginator, last page by OFFSET": offset_last,
            "the last page served (view and template, total carried)": served(
                agency_id, row, column, total
            ),
        }
        last = cell_page(agency_id, YEAR, row, column, LAST, total=total).object_list
        for name, work in works.items():  # every floor of the last page gives the same page
            if name.startswith("bare last page"):
                assert [r.pk for r in last] == [r[0] for r in work()][:100][::-1], name
        out[f"{row} × {column}"] = {
            "rows": total,
            "parts": len(cell_parts(agency_id, YEAR, row, column)),
            "times": interleaved(works, repeat, warm=True),
        }
    return out


HEADING = "## Drill-down pages"
INTRO = """\
The list behind a cell of table 三 (`reports/drilldown.py`), in keyset pages of 100 ordered by
(received_on, id), on the data of the table-三 benchmark above (1,000,000 applications of the
agency measured), cells of 2025. The floor of a page is the bare keyset query — the best of one
statement over the cell's rule and one per part merged in Python — and that of its total a bare
COUNT(*) of the cell (the best of the same two shapes). The total is counted when a list is
opened from the table and carried, signed, in its links. The aim is the last page within 2 × the
bare keyset query. Run with `benchmarks/run.py --only table3` (it measures both)."""


def _ms(t: dict[str, float]) -> str:
    return f"{t['min'] * 1000:.2f} / {t['median'] * 1000:.2f}"


def _ratio(t: dict[str, float], floor: dict[str, float]) -> str:
    return f"{t['min'] / floor['min']:.2f} / {t['median'] / floor['median']:.2f}"


def _best(times: dict[str, dict[str, float]], prefix: str) -> dict[str, float]:
    found = [t for name, t in times.items() if name.startswith(prefix)]
    return {k: min(t[k] for t in found) for k in ("min", "median")}


def markdown(result: dict[str, Any], machine: str, names: dict[str, str]) -> str:
    database = result["database"]
    version = result["versions"].get("postgresql" if database == "postgres" else "sqlite", "")
    lines = [
        f"### {names[database]} {version}",
        "",
        f"Machine: {machine}. Min / median of {result['repeat']} runs each, interleaved, after "
        "a warm-up; ms; ratio = time / floor (min / median).",
    ]
    for cell, found in result["drilldown"].items():
        times = found["times"]
        page, count = _best(times, "bare last page"), _best(times, "bare count")
        first = _best(times, "bare first page")
        both = {k: page[k] + count[k] for k in ("min", "median")}
        first_both = {k: first[k] + count[k] for k in ("min", "median")}
        lines += [
            "",
            f"**{cell}**: {found['rows']:,} applications, {found['parts']} part(s).",
            "",
            "| what | ms (min / median) | ratio to its floor |",
            "| --- | ---: | ---: |",
        ]
        for name, t in times.items():
            if name.startswith("bare"):
                lines.append(f"| {name} | {_ms(t)} | |")
        floors = {
            "last page, total carried": (page, "the bare last page"),
            "last page, total carried, the cell's statements compiled anew": (
                page,
                "the bare last page",
            ),
            "last page, counted": (both, "bare last page + bare count"),
            "first page, counted": (first_both, "bare first page + bare count"),
            "before: Paginator, last page by OFFSET": (page, "the bare last page"),
            "the last page served (view and template, total carried)": (page, "the bare last page"),
        }
        for name, (floor, against) in floors.items():
            lines.append(
                f"| `{name}` | {_ms(times[name])} | {_ratio(times[name], floor)} ({against}) |"
            )
    return "\n".join(lines)
