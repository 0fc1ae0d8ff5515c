"""The filters of a search (agency, category, year, issuer) as SQL, shared by both backends."""

from __future__ import annotations

from dataclasses import dataclass, fields

from django.db import connection

from gongkai.search.models import SearchEntry


@dataclass(frozen=True)
class Filters:
    agency_id: int | None = None
    # One category, or several (a category with those below it, as the catalogue lists them).
    category_id: int | tuple[int, ...] | None = None
    year: int | None = None
    issuer: str | None = None

    def given(self) -> dict[str, object]:
        """The filters given, by column (each field is named as its column)."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        return {column: value for column, value in values.items() if value is not None}

    def sql(self, alias: str = "e") -> tuple[str, list[object]]:
        """`` AND alias.column = %s`` (or ``IN (…)``) for each filter given, and the
        parameters."""
        where, params = "", []
        for column, value in self.given().items():
            if isinstance(value, tuple):
                where += f" AND {alias}.{column} IN ({', '.join(['%s'] * len(value))})"
                params += list(value)
            else:
                where += f" AND {alias}.{column} = %s"
                params.append(value)
        return where, params


def entry_table() -> str:
    return connection.ops.quote_name(SearchEntry._meta.db_table)
