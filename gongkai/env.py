"""Typed readers for environment variables.

Each helper returns a value of one type or raises ``ImproperlyConfigured`` with a message that
names the variable and the bad value, so a typo in the environment stops the process at start-up
instead of surfacing later as odd behaviour. An empty or blank value counts as unset.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})

# Applied to every SQLite connection: WAL lets readers work while one writer writes;
# IMMEDIATE takes the write lock at BEGIN, so concurrent writers wait (up to `timeout`
# seconds) instead of failing with "database is locked" in the middle of a transaction.
SQLITE_OPTIONS: dict[str, Any] = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}


def _raw(name: str, environ: Mapping[str, str] | None) -> str | None:
    value = (os.environ if environ is None else environ).get(name)
    if value is None or not value.strip():
        return None
    return value.strip()


def env_str(
    name: str,
    default: str | None = None,
    *,
    reason: str = "",
    environ: Mapping[str, str] | None = None,
) -> str:
    """The variable as a string; ``default`` when unset; an error when unset without default."""
    value = _raw(name, environ)
    if value is not None:
        return value
    if default is None:
        suffix = f"：{reason}" if reason else ""
        raise ImproperlyConfigured(f"环境变量 {name} 未设置{suffix}")
    return default


def env_bool(name: str, default: bool, *, environ: Mapping[str, str] | None = None) -> bool:
    """true/false, 1/0, yes/no, on/off (any case); anything else is an error."""
    value = _raw(name, environ)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"环境变量 {name} 的值 {value!r} 无效：应为 true 或 false（也可写 1/0、yes/no、on/off）"
    )


def env_int(
    name: str,
    default: int,
    *,
    min_value: int | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    """A decimal integer, optionally bounded below; units such as "20MB" are an error."""
    value = _raw(name, environ)
    if value is None:
        return default
    try:
        number = int(value, 10)
    except ValueError:
        raise ImproperlyConfigured(f"环境变量 {name} 的值 {value!r} 无效：应为十进制整数") from None
    if min_value is not None and number < min_value:
        raise ImproperlyConfigured(f"环境变量 {name} 的值 {number} 无效：不得小于 {min_value}")
    return number


def env_list(
    name: str,
    default: Sequence[str] = (),
    *,
    environ: Mapping[str, str] | None = None,
) -> list[str]:
    """Comma-separated items, each stripped; empty items are dropped."""
    value = _raw(name, environ)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_path(name: str, default: Path, *, environ: Mapping[str, str] | None = None) -> Path:
    """An absolute filesystem path (``~`` is expanded); a relative path is an error."""
    value = _raw(name, environ)
    if value is None:
        return default
    path = Path(value).expanduser()
    if not path.is_absolute():
        raise ImproperlyConfigured(f"环境变量 {name} 的值 {value!r} 无效：应为绝对路径")
    return path


def database_config(url: str, *, name: str = "DATABASE_URL") -> dict[str, Any]:
    """Django's DATABASES["default"] for a database URL; SQLite gets WAL and IMMEDIATE."""
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url))
    except ValueError as exc:
        # The URL itself is left out of the message: it may hold a password.
        raise ImproperlyConfigured(f"环境变量 {name} 无效：{exc}") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    return config
