"""`make check-deploy`: Django's deployment checklist passes under production settings, and fails
when one of them is weakened. The HTTPS settings follow the environment (settings.py), and with
DEBUG on (the suite, `make run`) they stay out of the way."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_settings import settings_in_a_fresh_process

REPO_ROOT = Path(__file__).resolve().parents[1]
COMMAND = ["manage.py", "check", "--deploy", "--fail-level", "WARNING"]
# What the Makefile's check-deploy fills in for variables the environment leaves unset.
PRODUCTION = {
    "GONGKAI_DEBUG": "false",
    "GONGKAI_SECRET_KEY": "a-production-like-key-for-this-test-only-" + "k" * 20,
    "GONGKAI_ALLOWED_HOSTS": "gongkai.example.gov.cn",
    "GONGKAI_SITE_URL": "https://gongkai.example.gov.cn",
}


def check_deploy(**overrides: str) -> subprocess.CompletedProcess[str]:
    """The check in a fresh process, with none of the caller's GONGKAI_ variables."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("GONGKAI_") and key != "DATABASE_URL"
    }
    env.update(PRODUCTION)
    env.update(overrides)
    return subprocess.run(
        [sys.executable, *COMMAND],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO_ROOT,
        timeout=120,
    )


def test_the_deployment_checklist_passes_under_production_settings() -> None:
    result = check_deploy()
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert "System check identified no issues" in output
    assert "WARNINGS" not in output and "security.W" not in output


@pytest.mark.parametrize(
    ("overrides", "warning"),
    [
        ({"GONGKAI_HSTS_SECONDS": "0"}, "security.W004"),
        ({"GONGKAI_SSL_REDIRECT": "false"}, "security.W008"),
        ({"GONGKAI_SESSION_COOKIE_SECURE": "false"}, "security.W012"),
        ({"GONGKAI_CSRF_COOKIE_SECURE": "false"}, "security.W016"),
        # An http:// site address: no redirect, no HSTS, and the check says so.
        ({"GONGKAI_SITE_URL": "http://gongkai.example.gov.cn"}, "security.W008"),
    ],
)
def test_the_checklist_fails_when_a_setting_is_weakened(
    overrides: dict[str, str], warning: str
) -> None:
    result = check_deploy(**overrides)
    assert result.returncode != 0
    assert warning in result.stderr


def test_the_makefile_target_runs_the_same_check_with_the_same_defaults() -> None:
    makefile = (REPO_ROOT / "Makefile").read_text()
    recipe = re.search(r"^check-deploy:.*?(?=^\S|\Z)", makefile, re.MULTILINE | re.DOTALL)
    assert recipe, "no check-deploy target in the Makefile"
    assert " ".join(COMMAND) in recipe.group()
    for name in PRODUCTION:
        assert name in recipe.group(), name
    assert "make check-deploy" in makefile.split("setup:")[0]  # in the help text


def test_with_debug_on_nothing_redirects_and_cookies_are_not_secure() -> None:
    expression = (
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE"
    )
    development = settings_in_a_fresh_process(expression)
    assert development.returncode == 0, development.stderr
    assert development.stdout.strip() == "(False, 0, False, False)"


def test_debug_off_on_a_plain_http_address_keeps_serving_http_but_with_secure_cookies() -> None:
    # `make serve` on a developer machine: http://127.0.0.1:8000, no redirect to a missing TLS.
    expression = "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE"
    result = settings_in_a_fresh_process(
        expression, GONGKAI_DEBUG="false", GONGKAI_SECRET_KEY="k" * 50
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "(False, 0, True)"


def test_the_proxy_header_and_trusted_origins_come_from_the_environment() -> None:
    result = settings_in_a_fresh_process(
        "s.SECURE_PROXY_SSL_HEADER, s.CSRF_TRUSTED_ORIGINS",
        GONGKAI_PROXY_SSL_HEADER="X-Forwarded-Proto",
        GONGKAI_CSRF_TRUSTED_ORIGINS="https://a.example.gov.cn, https://b.example.gov.cn:8443",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "(('HTTP_X_FORWARDED_PROTO', 'https'), "
        "['https://a.example.gov.cn', 'https://b.example.gov.cn:8443'])"
    )
    other = settings_in_a_fresh_process(
        "s.SECURE_PROXY_SSL_HEADER", GONGKAI_PROXY_SSL_HEADER="X-Forwarded-Ssl=on"
    )
    assert other.stdout.strip() == "('HTTP_X_FORWARDED_SSL', 'on')", other.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("GONGKAI_PROXY_SSL_HEADER", "X Forwarded Proto"),
        ("GONGKAI_CSRF_TRUSTED_ORIGINS", "gongkai.example.gov.cn"),
        ("GONGKAI_CSRF_TRUSTED_ORIGINS", "https://gongkai.example.gov.cn/staff/"),
        ("GONGKAI_REFERRER_POLICY", "sometimes"),
        ("GONGKAI_X_FRAME_OPTIONS", "ALLOW"),
        ("GONGKAI_HSTS_SECONDS", "1y"),
    ],
)
def test_a_bad_value_stops_start_up_naming_the_variable(name: str, value: str) -> None:
    result = settings_in_a_fresh_process("1", **{name: value})
    assert result.returncode != 0
    assert f"环境变量 {name}" in result.stderr
