"""The filters of a search (agency, category, year, issuer) as SQL, shared by both backends."""

from __future__ import annotations

from dataclasses import dataclass, fields

from django.db import connection

from gongkai.search.models import SearchEntry


@dataclass(frozen=True)
class Filters:
    agency_id: int | None = None
    category_id: int | None = None
    year: int | None = None
    issuer: str | None = None

    def given(self) -> dict[str, object]:
        """The filters given, by column (each field is named as its column)."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        return {column: value for column, value in values.items() if value is not None}

    def sql(self, alias: str = "e") -> tuple[str, list[object]]:
        """`` AND alias.column = %s`` for each filter given, and the parameters."""
        given = self.given()
        where = "".join(f" AND {alias}.{column} = %s" for column in given)
        return where, list(given.values())


def entry_table() -> str:
    return connection.ops.quote_name(SearchEntry._meta.db_table)
