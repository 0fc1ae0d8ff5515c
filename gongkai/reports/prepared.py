"""A queryset compiled to SQL once and run again with other values in a few of its parameters.

A drill-down page is one keyset query of a hundred rows: the database answers it in 0.2–0.7 ms,
and building the queryset, resolving its filters and compiling it cost as much again or more on
every page (BENCHMARKS.md, "Drill-down pages"). What changes from one page to the next is only
the key the page starts after, so the statement is compiled once with probe values in the key's
place and the positions of those values among the parameters are remembered; a page then binds
its key there and runs the same SQL. The rows go through the compiler's converters, as the ORM's
own rows do.

The probes are values no rule of the project uses (the year 1, a negative id), so a parameter
equal to one is the key's; ``prepare`` refuses a statement where a probe is missing (the key
would be ignored) rather than run it wrong. Compiled statements belong to one connection (the
compiler holds it, and Django's connections are per thread), so callers key their caches by it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from django.db.models import Field, QuerySet
from django.db.models.sql.compiler import SQLCompiler

# A value per kind of key field that no filter of the project compares with.
PROBES: dict[str, Any] = {
    "DateField": date(1, 2, 3),
    "AutoField": -(2**31) + 7,
    "BigAutoField": -(2**62) + 7,
    "IntegerField": -(2**31) + 7,
}


@dataclass(frozen=True)
class Prepared:
    """SQL with its parameters, the positions where each key value goes, and how a value of
    each key field becomes a parameter; ``row`` builds a row from the converted values."""

    sql: str
    params: tuple
    slots: tuple[tuple[int, int], ...]  # (position among params, index in the key)
    adapters: tuple[Callable[[Any], Any], ...]
    compiler: SQLCompiler
    row: Callable[..., Any]

    converters: tuple[tuple[int, tuple[Callable, ...], Any], ...]  # (column, converters, field)

    def run(self, key: Sequence[Any] = ()) -> list:
        params = list(self.params)
        for position, which in self.slots:
            params[position] = self.adapters[which](key[which])
        connection = self.compiler.connection
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            found = cursor.fetchall()
        if not self.converters:
            return [self.row(*values) for values in found]
        rows = []
        for values in found:
            values = list(values)
            for column, converters, expression in self.converters:
                for convert in converters:
                    values[column] = convert(values[column], expression, connection)
            rows.append(self.row(*values))
        return rows


def prepare(
    queryset_for: Callable[[tuple], QuerySet],
    key_fields: Sequence[Field],
    row: Callable[..., Any] = lambda *values: values,
) -> Prepared:
    """The statement of ``queryset_for(key)`` with the key's values as slots: called once, with
    a probe per field of ``key_fields`` (none for a statement without a key). TypeError for a
    field kind without a probe; ValueError when the SQL does not hold every probe."""
    probes = tuple(_probe(f, which) for which, f in enumerate(key_fields))
    queryset = queryset_for(probes)
    compiler = queryset.query.get_compiler(queryset.db)
    sql, params = compiler.as_sql()
    adapters = tuple(_adapter(f, compiler) for f in key_fields)
    marks = [adapt(probe) for adapt, probe in zip(adapters, probes, strict=True)]
    slots = tuple(
        (position, which)
        for position, param in enumerate(params)
        for which, mark in enumerate(marks)
        if type(param) is type(mark) and param == mark
    )
    missing = set(range(len(key_fields))) - {which for _, which in slots}
    if missing:
        names = ", ".join(key_fields[i].name for i in sorted(missing))
        raise ValueError(f"编译后的语句中找不到键字段 {names} 的位置")
    # As the ORM converts its rows (SQLCompiler.results_iter), worked out once.
    selected = [column[0] for column in compiler.select[: compiler.col_count]]
    converters = tuple(
        (column, tuple(found), expression)
        for column, (found, expression) in compiler.get_converters(selected).items()
    )
    return Prepared(sql, tuple(params), slots, adapters, compiler, row, converters)


def union_all(parts: Sequence[Prepared], order_by: str, limit: int) -> Prepared:
    """One statement of the rows of ``parts`` (each its own ordered, limited SELECT, with the
    same columns and key slots), ordered by ``order_by`` (column positions) and limited: the
    parts' keyset reads in one round trip. The first part's compiler converts the rows."""
    sql = " UNION ALL ".join(f"SELECT * FROM ({p.sql}) AS part{i}" for i, p in enumerate(parts))
    params: list = []
    slots: list[tuple[int, int]] = []
    for part in parts:
        slots += [(len(params) + position, which) for position, which in part.slots]
        params += part.params
    first = parts[0]
    return replace(
        first,
        sql=f"{sql} ORDER BY {order_by} LIMIT {int(limit)}",
        params=tuple(params),
        slots=tuple(slots),
    )


def _probe(field: Field, which: int) -> Any:
    """The probe of the ``which``-th key field: each one its own value, so that a field given
    twice (a key and an end of the same column) finds its own slots."""
    kind = field.get_internal_type()
    if kind not in PROBES:
        raise TypeError(f"键字段 {field.name} 的类型 {kind} 不能预编译")
    base = PROBES[kind]
    return base + timedelta(days=which) if isinstance(base, date) else base + which


def _adapter(field: Field, compiler: SQLCompiler) -> Callable[[Any], Any]:
    """A key value as the database parameter the ORM would send for it."""
    connection = compiler.connection
    return lambda value: field.get_db_prep_value(value, connection, prepared=False)
