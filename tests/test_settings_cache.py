"""The shared cache: a database table by default, Redis when GONGKAI_REDIS_URL is set."""

from __future__ import annotations

import pytest

from tests.test_settings import settings_in_a_fresh_process


def test_without_redis_the_cache_is_a_database_table() -> None:
    done = settings_in_a_fresh_process(
        's.CACHES["default"]["BACKEND"], s.CACHES["default"]["LOCATION"]'
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "('django.core.cache.backends.db.DatabaseCache', 'gongkai_cache')"


@pytest.mark.parametrize(
    "url", ["redis://127.0.0.1:6379/0", "rediss://:secret@cache.example.gov.cn:6380/1"]
)
def test_a_redis_url_selects_the_redis_cache(url: str) -> None:
    done = settings_in_a_fresh_process(
        's.CACHES["default"]["BACKEND"], s.CACHES["default"]["LOCATION"]', GONGKAI_REDIS_URL=url
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == repr(("django.core.cache.backends.redis.RedisCache", url))


@pytest.mark.parametrize(
    "url",
    [
        "127.0.0.1:6379",
        "http://127.0.0.1:6379",
        "unix:///run/redis.sock",
        "redis://",
        "redis://:hunter2@127.0.0.1:notaport/0",
    ],
)
def test_a_bad_redis_url_stops_start_up_naming_the_variable(url: str) -> None:
    done = settings_in_a_fresh_process("s.CACHES", GONGKAI_REDIS_URL=url)
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr
    assert "GONGKAI_REDIS_URL" in done.stderr and "redis://" in done.stderr
    assert "hunter2" not in done.stderr  # the URL may hold a password: it is not repeated
