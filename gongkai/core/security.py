"""Sessions that end on their own, and pages with personal data that no cache keeps.

Two kinds of people have a session here: signed-in staff, and applicants whose lookup (query code
with proof) or submission put their applications in it. Both see personal data, and both may sit
at a shared computer. So, for every session that holds something:

- it ends after GONGKAI_STAFF_IDLE_MINUTES without a request (SESSION_COOKIE_AGE is that long;
  each request pushes the end back) and when the browser closes (SESSION_EXPIRE_AT_BROWSER_CLOSE);
- every response to it is ``Cache-Control: private, no-store``, so that neither the browser's
  back button on the next person's turn nor a proxy serves the page again.

A reader without a session (the public portal) gets neither, and the portal's pages stay cacheable.
Static files are answered by whitenoise before this middleware runs.

This module is also the session engine (SESSION_ENGINE = "gongkai.core.security"): Django's
database sessions, each save stamped with its time, so that pushing the end back costs a write
only once a minute, not on every request (the staff pages' query counts are pinned in the tests).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends import db
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

# When the session was last written (epoch seconds); a private key of this module.
_SAVED_AT = "_gongkai_saved_at"
# Writes are at least this far apart, so a session may end up to this much early.
_MAX_REFRESH_SECONDS = 60


def _now() -> int:
    return int(timezone.now().timestamp())


class SessionStore(db.SessionStore):
    """Database sessions, as Django's, with the time of each save kept in the data."""

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        # Django's documented hook for what a save writes; every save passes here, the first
        # one at sign-in too, so even the first request after it needs no write of its own.
        return super().create_model_instance({**data, _SAVED_AT: _now()})


def refresh_seconds(idle_seconds: int) -> int:
    """How old a save may be before a request writes the session again (pushing its end back)."""
    return max(1, min(_MAX_REFRESH_SECONDS, idle_seconds // 10))


def holds_something(request: HttpRequest) -> bool:
    """A signed-in user or an applicant's lookup: the session has data besides our stamp.

    A request without a session cookie is answered without loading (or creating) a session, so
    that a public page gets no ``Vary: Cookie`` from here."""
    session = getattr(request, "session", None)
    if session is None or session.is_empty():
        return False
    return bool(session.keys() - {_SAVED_AT})


class PrivateSessionMiddleware:
    """After AuthenticationMiddleware: it runs before SessionMiddleware saves the session."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Read after the view: a sign-in has filled the session, a sign-out has emptied it.
        if not holds_something(request):
            return response
        session = request.session
        saved_at = session.get(_SAVED_AT, 0)
        if _now() - saved_at >= refresh_seconds(settings.SESSION_COOKIE_AGE):
            session.modified = True  # SessionMiddleware saves it: its end moves to now + idle
        # A download that already says no-store keeps its own exact header.
        if "no-store" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = "private, no-store"
        return response
