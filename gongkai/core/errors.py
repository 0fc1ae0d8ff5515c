"""The one error type that services raise for a refused action (an illegal move, bad input).

Views show ``message`` to the user; ``field`` names the form field it is about, when there is one,
so that a form can attach the message to that field instead of the page.
"""

from __future__ import annotations


class DomainError(Exception):
    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message
