"""The throttle counts failures in the shared cache: the database cache, and Redis when set."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

from gongkai.applications.views.public import LOOKUP_THROTTLE
from gongkai.core.throttle import Throttle
from tests.applications.factories import make_office
from tests.applications.track_helpers import guessed_code, lookup
from tests.applications.views_helpers import submitted_online

pytestmark = pytest.mark.django_db

# The Redis the throttle is tested against (.env.example: GONGKAI_TEST_REDIS_URL).
REDIS_URL = os.environ.get("GONGKAI_TEST_REDIS_URL") or "redis://127.0.0.1:6379/0"


def test_the_default_cache_is_the_database_table() -> None:
    backend = django_settings.CACHES["default"]
    assert backend["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert backend["LOCATION"] == "gongkai_cache"


def test_a_key_takes_failures_up_to_the_limit_then_is_blocked() -> None:
    throttle = Throttle("test", limit=3, window_seconds=60)
    for _ in range(3):
        assert not throttle.blocked("k")
        assert throttle.reserve("k") is not None
    assert throttle.blocked("k") and throttle.reserve("k") is None
    assert not throttle.blocked("other")
    assert throttle.blocked("other", "k")  # any of the keys


def test_a_released_attempt_is_not_a_failure() -> None:
    throttle = Throttle("test", limit=2, window_seconds=60)
    throttle.fail("k")
    slot = throttle.reserve("k")
    assert slot is not None and throttle.blocked("k")
    throttle.release(slot)
    assert not throttle.blocked("k")


def test_failures_expire_after_the_window() -> None:
    throttle = Throttle("test", limit=2, window_seconds=1)
    throttle.fail("k", "k")
    assert throttle.blocked("k")
    time.sleep(1.2)
    assert not throttle.blocked("k")
    assert throttle.reserve("k") is not None


def test_keys_of_any_length_and_character_are_counted() -> None:
    throttle = Throttle("test", limit=1, window_seconds=60)
    odd = "ip:" + "\x00😀," * 2000
    throttle.fail(odd)
    assert throttle.blocked(odd) and not throttle.blocked(odd[:-1])


# -- against Redis -----------------------------------------------------------------------------


@pytest.fixture
def redis_cache(settings) -> Iterator[str]:
    """The default cache on the local Redis, under a prefix of this test's own; only the keys
    under that prefix are deleted afterwards. Redis unreachable: a failure under CI=true, else
    a skip that says why."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
        problem = ""
    except redis.RedisError as error:
        problem = f"no Redis answers at {REDIS_URL} ({error})"
    if problem and os.environ.get("CI") == "true":
        pytest.fail(f"{problem}; CI requires the Redis run", pytrace=False)
    if problem:
        pytest.skip(f"{problem}: the throttle was not tested against Redis")
    prefix = f"gongkai-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    try:
        yield prefix
    finally:
        keys = list(client.scan_iter(match=f"{prefix}:*"))
        if keys:
            client.delete(*keys)
        client.close()


def test_on_redis_the_lookup_is_bounded_per_code_and_per_address(client, redis_cache) -> None:
    assert isinstance(caches["default"], RedisCache)
    office = make_office()
    app = submitted_online(office)
    limit = LOOKUP_THROTTLE.limit
    for n in range(limit):  # a guesser's failures on codes no one has
        assert lookup(client, guessed_code(n), "1", REMOTE_ADDR="10.0.0.9").status_code == 200
    assert lookup(client, guessed_code(limit), "1", REMOTE_ADDR="10.0.0.9").status_code == 429
    # The blocked address still opens an application with its code and proof.
    assert lookup(client, app.query_code, app.phone, REMOTE_ADDR="10.0.0.9").status_code == 302
    # Its wrong guesses are refused and count against the code, until no one may try it.
    for _ in range(limit):
        assert lookup(client, app.query_code, "1", REMOTE_ADDR="10.0.0.9").status_code == 429
    assert lookup(client, app.query_code, app.phone, REMOTE_ADDR="10.0.0.20").status_code == 429
    # It was Redis that counted: the slots are there, under this test's prefix.
    import redis

    stored = redis.Redis.from_url(REDIS_URL).keys(f"{redis_cache}:*")
    assert len(stored) >= 2 * limit
