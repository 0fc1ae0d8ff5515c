"""Settings come from the environment and a bad value stops start-up with the variable's name."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from gongkai.env import database_config, env_bool, env_int, env_list, env_path, env_str

REPO_ROOT = Path(__file__).resolve().parents[1]


def settings_in_a_fresh_process(
    expression: str, **environ: str
) -> subprocess.CompletedProcess[str]:
    """Import gongkai.settings with only ``environ`` set among the project's variables."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("GONGKAI_") and key != "DATABASE_URL"
    }
    env.update(environ)
    return subprocess.run(
        [sys.executable, "-c", f"from gongkai import settings as s; print(({expression}))"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO_ROOT,
        timeout=120,
    )


# -- the helpers -----------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["1", "true", "True", "YES", "on", " on "])
def test_env_bool_reads_true(value: str) -> None:
    assert env_bool("GONGKAI_X", default=False, environ={"GONGKAI_X": value}) is True


@pytest.mark.parametrize("value", ["0", "false", "FALSE", "no", "off"])
def test_env_bool_reads_false(value: str) -> None:
    assert env_bool("GONGKAI_X", default=True, environ={"GONGKAI_X": value}) is False


@pytest.mark.parametrize("environ", [{}, {"GONGKAI_X": ""}, {"GONGKAI_X": "  "}])
def test_an_unset_or_blank_variable_takes_the_default(environ: dict[str, str]) -> None:
    assert env_bool("GONGKAI_X", default=True, environ=environ) is True
    assert env_int("GONGKAI_X", default=7, environ=environ) == 7
    assert env_list("GONGKAI_X", default=["a"], environ=environ) == ["a"]
    assert env_str("GONGKAI_X", default="d", environ=environ) == "d"


@given(
    st.text().filter(
        lambda v: v.strip().lower() not in {"", "1", "0", "true", "false", "yes", "no", "on", "off"}
    )
)
def test_env_bool_rejects_anything_else_naming_the_variable(value: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="GONGKAI_DEBUG"):
        env_bool("GONGKAI_DEBUG", default=False, environ={"GONGKAI_DEBUG": value})


def test_env_bool_quotes_the_bad_value() -> None:
    with pytest.raises(ImproperlyConfigured, match=r"GONGKAI_DEBUG 的值 'maybe' 无效"):
        env_bool("GONGKAI_DEBUG", default=False, environ={"GONGKAI_DEBUG": "maybe"})


@pytest.mark.parametrize("value", ["20MB", "1.5", "0x10", "twenty"])
def test_env_int_rejects_a_non_integer_naming_the_variable(value: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=r"GONGKAI_UPLOAD_MAX_BYTES .*十进制整数"):
        env_int("GONGKAI_UPLOAD_MAX_BYTES", default=1, environ={"GONGKAI_UPLOAD_MAX_BYTES": value})


def test_env_int_enforces_the_lower_bound() -> None:
    environ = {"GONGKAI_UPLOAD_MAX_BYTES": "0"}
    with pytest.raises(ImproperlyConfigured, match=r"GONGKAI_UPLOAD_MAX_BYTES .*不得小于 1"):
        env_int("GONGKAI_UPLOAD_MAX_BYTES", default=1, min_value=1, environ=environ)
    environ = {"GONGKAI_UPLOAD_MAX_BYTES": "1048576"}
    assert env_int("GONGKAI_UPLOAD_MAX_BYTES", default=1, min_value=1, environ=environ) == 1048576


@given(st.lists(st.text(alphabet=st.characters(exclude_characters=","), min_size=1)))
def test_env_list_splits_on_commas_and_strips_items(items: list[str]) -> None:
    expected = [item.strip() for item in items if item.strip()]
    value = " , ".join(items)
    assert env_list("GONGKAI_X", environ={"GONGKAI_X": value}) == expected


def test_env_str_names_a_missing_required_variable_and_why() -> None:
    with pytest.raises(ImproperlyConfigured, match=r"GONGKAI_SECRET_KEY 未设置：生产环境需要"):
        env_str("GONGKAI_SECRET_KEY", reason="生产环境需要", environ={})


def test_env_path_rejects_a_relative_path_naming_the_variable() -> None:
    with pytest.raises(ImproperlyConfigured, match="GONGKAI_STATIC_ROOT .*绝对路径"):
        env_path("GONGKAI_STATIC_ROOT", default=Path("/x"), environ={"GONGKAI_STATIC_ROOT": "st"})
    path = env_path(
        "GONGKAI_STATIC_ROOT", default=Path("/x"), environ={"GONGKAI_STATIC_ROOT": "/s"}
    )
    assert path == Path("/s")


# -- DATABASE_URL ----------------------------------------------------------------------------


def test_a_sqlite_url_selects_sqlite_with_wal_and_immediate_transactions(tmp_path: Path) -> None:
    config = database_config(f"sqlite:///{tmp_path}/db.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == f"{tmp_path}/db.sqlite3"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_a_postgres_url_selects_postgresql() -> None:
    config = database_config("postgres://clerk:s3cret@db.example:5433/gongkai")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.example", 5433, "gongkai")
    assert (config["USER"], config["PASSWORD"]) == ("clerk", "s3cret")
    assert "OPTIONS" not in config or "init_command" not in config["OPTIONS"]


def test_a_bad_database_url_names_the_variable_but_not_the_password() -> None:
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL") as caught:
        database_config("postgress://clerk:s3cret@db.example/gongkai")
    assert "s3cret" not in str(caught.value)


def test_settings_use_the_backend_that_database_url_names(tmp_path: Path) -> None:
    expression = 's.DATABASES["default"]["ENGINE"], s.DATABASES["default"]["NAME"]'
    default = settings_in_a_fresh_process(expression)
    assert default.returncode == 0, default.stderr
    assert default.stdout.strip() == str(
        ("django.db.backends.sqlite3", str(REPO_ROOT / "var" / "gongkai.sqlite3"))
    )
    postgres = settings_in_a_fresh_process(
        expression, DATABASE_URL="postgres://postgres@127.0.0.1:5432/test"
    )
    assert postgres.returncode == 0, postgres.stderr
    assert postgres.stdout.strip() == str(("django.db.backends.postgresql", "test"))


def test_a_sqlite_file_database_runs_in_wal_mode(tmp_path: Path) -> None:
    database = tmp_path / "wal.sqlite3"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.db import connection; "
            "c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])",
        ],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "gongkai.settings",
            "DATABASE_URL": f"sqlite:///{database}",
        },
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "wal"
    assert database.exists()


# -- settings as a whole ---------------------------------------------------------------------


def test_production_without_a_secret_key_fails_naming_it() -> None:
    result = settings_in_a_fresh_process("s.SECRET_KEY", GONGKAI_DEBUG="false")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "GONGKAI_SECRET_KEY 未设置" in result.stderr


def test_production_takes_its_key_and_hosts_from_the_environment() -> None:
    result = settings_in_a_fresh_process(
        "s.DEBUG, s.SECRET_KEY, s.ALLOWED_HOSTS",
        GONGKAI_DEBUG="false",
        GONGKAI_SECRET_KEY="k" * 50,
        GONGKAI_ALLOWED_HOSTS="gongkai.example.gov.cn, www.gongkai.example.gov.cn",
    )
    assert result.returncode == 0, result.stderr
    expected = (False, "k" * 50, ["gongkai.example.gov.cn", "www.gongkai.example.gov.cn"])
    assert result.stdout.strip() == str(expected)


@pytest.mark.parametrize(
    ("variable", "value"),
    [("GONGKAI_DEBUG", "sometimes"), ("GONGKAI_UPLOAD_MAX_BYTES", "20MiB")],
)
def test_a_bad_value_stops_the_settings_naming_the_variable(variable: str, value: str) -> None:
    result = settings_in_a_fresh_process("s.DEBUG", **{variable: value})
    assert result.returncode != 0
    assert f"{variable} 的值 {value!r} 无效" in result.stderr


def test_the_defaults_are_chinese_shanghai_and_20_mib() -> None:
    from django.conf import settings

    assert settings.LANGUAGE_CODE == "zh-hans"
    assert "en" in dict(settings.LANGUAGES)
    assert "django.middleware.locale.LocaleMiddleware" in settings.MIDDLEWARE
    assert settings.TIME_ZONE == "Asia/Shanghai"
    result = settings_in_a_fresh_process("s.GONGKAI_UPLOAD_MAX_BYTES")
    assert result.stdout.strip() == str(20 * 1024 * 1024)


@pytest.mark.django_db
def test_the_suite_runs_on_the_database_that_database_url_names() -> None:
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_the_client_address_header_is_named_as_http_and_read_as_django_meta():
    result = settings_in_a_fresh_process(
        "s.GONGKAI_CLIENT_ADDRESS_HEADER", GONGKAI_CLIENT_ADDRESS_HEADER="X-Real-IP"
    )
    assert result.stdout.strip() == "HTTP_X_REAL_IP", result.stderr
    assert (
        settings_in_a_fresh_process("repr(s.GONGKAI_CLIENT_ADDRESS_HEADER)").stdout.strip() == "''"
    )


def test_production_keeps_database_connections_and_development_does_not() -> None:
    expression = (
        's.DATABASES["default"]["CONN_MAX_AGE"], s.DATABASES["default"]["CONN_HEALTH_CHECKS"]'
    )
    production = {"GONGKAI_DEBUG": "false", "GONGKAI_SECRET_KEY": "k" * 50}
    kept = settings_in_a_fresh_process(expression, **production)
    assert kept.returncode == 0, kept.stderr
    assert kept.stdout.strip() == "(60, True)"
    development = settings_in_a_fresh_process(expression)
    assert development.stdout.strip() == "(0, True)", development.stderr
    chosen = settings_in_a_fresh_process(expression, **production, GONGKAI_DB_CONN_MAX_AGE="0")
    assert chosen.stdout.strip() == "(0, True)", chosen.stderr


def test_a_negative_connection_age_fails_naming_the_variable() -> None:
    result = settings_in_a_fresh_process("s.DATABASES", GONGKAI_DB_CONN_MAX_AGE="-1")
    assert result.returncode != 0
    assert "GONGKAI_DB_CONN_MAX_AGE" in result.stderr
