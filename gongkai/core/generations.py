"""Generations: a number in the shared cache that changes whenever what it stands for changes,
so that anything derived from it (a cached page) can tell it is out of date.

A writer bumps the generation twice: at once, inside its transaction, and again once the
transaction has committed. The second bump is what counts: a reader who rendered from the data
before the commit stored its result under an older generation (or the first bump's) and will not
be served it after the second. The first makes the change visible as soon as the writer's own
next request, and in tests, where the transaction never commits.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.db import transaction

# What the public site shows: bumped by every publishing step, catalogue edit and change of an
# agency's settings; read by the portal's page cache.
PUBLIC_PAGES = "public-pages"


def generation_key(name: str) -> str:
    return f"generation:{name}"


def bump_generation(name: str) -> None:
    key = generation_key(name)
    cache.set(key, time.time_ns(), None)
    transaction.on_commit(lambda: cache.set(key, time.time_ns(), None))
