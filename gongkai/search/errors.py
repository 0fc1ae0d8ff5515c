"""The error a search raises for a query it cannot run; the message is for the person searching."""

from __future__ import annotations


class QueryError(ValueError):
    """A query with no usable term, one that is too long, or one the database refused.

    Not a DomainError: nothing is refused here, the search box only asks for other words. Views
    show ``message`` next to the field named ``field`` (the search box, ``q``).
    """

    def __init__(self, message: str, *, field: str = "q") -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message
