"""Counting failures per key in Django's cache, to bound guessing (e.g. of query codes).

The cache is shared by every server process (CACHES: the database cache by default, Redis when
GONGKAI_REDIS_URL is set), so a limit holds for the whole site, not per process.

Each key has ``limit`` slots. A failure takes a free slot with ``cache.add()``, which every
backend does atomically (Redis SET NX, the database cache's unique key, local memory's lock)
and which gives the slot its expiry once; no slot is ever rewritten. So a key holds at most
``limit`` failures in any ``window_seconds`` (a sliding window), on every backend, also under
concurrent requests. (A counter with ``incr()`` would not: on the database cache that is a read
and a write, which loses concurrent failures and resets the expiry to the cache's default.)

``reserve()`` takes a slot *before* the guess is checked and ``release()`` gives it back if the
guess was right: concurrent guesses cannot all pass a check made before any of them counted.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's address: behind a reverse proxy, from the header it is told to trust
    (GONGKAI_CLIENT_ADDRESS_HEADER, e.g. X-Real-IP), else the connection's own address."""
    header = settings.GONGKAI_CLIENT_ADDRESS_HEADER
    if header and (value := request.META.get(header, "")):
        # X-Forwarded-For lists the hops; the proxy appends the client it saw last.
        return value.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


@dataclass(frozen=True)
class Throttle:
    name: str
    limit: int  # failures allowed within the window
    window_seconds: int

    def _slots(self, key: str) -> list[str]:
        # Hashed: a key may come from a request header (any length, any character), and cache
        # keys must stay short and plain (250 characters for memcached, 255 in the cache table).
        digest = hashlib.sha256(key.encode("utf-8", "backslashreplace")).hexdigest()[:32]
        return [f"throttle:{self.name}:{digest}:{slot}" for slot in range(self.limit)]

    def blocked(self, *keys: str) -> bool:
        """Whether any of ``keys`` has used all its failures in the current window."""
        return any(len(cache.get_many(self._slots(key))) >= self.limit for key in keys)

    def reserve(self, key: str) -> str | None:
        """Count one attempt on ``key``; the slot taken (for ``release``), or None if ``key``
        had no failure left (it is blocked, and nothing more is counted)."""
        slots = self._slots(key)
        taken = cache.get_many(slots)
        for slot in slots:
            # add() fails if a concurrent request took the slot first: try the next one.
            if slot not in taken and cache.add(slot, 1, self.window_seconds):
                return slot
        return None

    def release(self, slot: str) -> None:
        """Uncount a reserved attempt that turned out not to be a failure."""
        cache.delete(slot)

    def fail(self, *keys: str) -> None:
        """Count one failure against each of ``keys`` (a blocked key stays as it is)."""
        for key in keys:
            self.reserve(key)
