"""Counting failures per key in Django's cache, to slow down guessing (e.g. of query codes).

With the default cache (local memory) each server process counts on its own; a deployment with
several processes sets a shared cache (CACHES) to make the limit exact.
"""

from __future__ import annotations

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

    def _key(self, key: str) -> str:
        return f"throttle:{self.name}:{key}"

    def blocked(self, *keys: str) -> bool:
        return any(cache.get(self._key(k), 0) >= self.limit for k in keys)

    def fail(self, *keys: str) -> None:
        for key in keys:
            cache_key = self._key(key)
            # add() starts the window on the first failure; incr() keeps its expiry.
            if not cache.add(cache_key, 1, self.window_seconds):
                try:
                    cache.incr(cache_key)
                except ValueError:  # expired between add() and incr()
                    cache.add(cache_key, 1, self.window_seconds)
