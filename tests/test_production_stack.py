"""With DEBUG off the site serves its own static files (whitenoise), and gunicorn serves the site.

The suite itself runs with the development settings (GONGKAI_DEBUG unset: plain static storage,
no collectstatic); these tests switch on the production storage, and the last one starts a real
gunicorn with the project's configuration on a migrated SQLite database of its own.
"""

from __future__ import annotations

import json
import os
import runpy
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import Request, urlopen

import pytest
from django.conf import settings as django_settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import override_settings

from tests.test_settings import settings_in_a_fresh_process

REPO_ROOT = Path(__file__).resolve().parents[1]
GUNICORN_CONFIG = REPO_ROOT / "scripts" / "gunicorn.conf.py"
MANIFEST_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"
# A file every install has: the admin's style sheet (django.contrib.admin).
KNOWN_FILE = "admin/css/base.css"
TEN_YEARS = "max-age=315360000"


def production_static_settings(root: Path) -> dict:
    """What the settings module decides when GONGKAI_DEBUG is false: the manifest storage, and
    STATIC_ROOT indexed once by whitenoise instead of the apps' folders read on each request."""
    return {
        "STATIC_ROOT": root,
        "STORAGES": {**django_settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}},
        "WHITENOISE_USE_FINDERS": False,
        "WHITENOISE_AUTOREFRESH": False,
    }


@pytest.fixture(scope="module")
def static_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A temporary STATIC_ROOT that `collectstatic` filled, once for the module (it takes ~3 s)."""
    root = tmp_path_factory.mktemp("static")
    with override_settings(**production_static_settings(root)):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.fixture
def collected_static(settings, static_root: Path) -> Path:
    """The production static settings with DEBUG off, on the collected files."""
    settings.DEBUG = False
    for name, value in production_static_settings(static_root).items():
        setattr(settings, name, value)
    return static_root


def test_production_settings_default_to_the_manifest_storage_and_debug_to_the_plain_one() -> None:
    expression = 's.STORAGES["staticfiles"]["BACKEND"], s.MIDDLEWARE[1]'
    production = settings_in_a_fresh_process(
        expression, GONGKAI_DEBUG="false", GONGKAI_SECRET_KEY="k" * 50
    )
    assert production.returncode == 0, production.stderr
    assert MANIFEST_STORAGE in production.stdout
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in production.stdout
    development = settings_in_a_fresh_process(expression)
    assert "django.contrib.staticfiles.storage.StaticFilesStorage" in development.stdout
    plain = settings_in_a_fresh_process(
        expression,
        GONGKAI_DEBUG="false",
        GONGKAI_SECRET_KEY="k" * 50,
        GONGKAI_STATIC_MANIFEST="false",
    )
    assert "django.contrib.staticfiles.storage.StaticFilesStorage" in plain.stdout, plain.stderr


def test_a_hashed_static_file_is_served_with_debug_off_and_cached_for_ten_years(
    client, collected_static: Path
) -> None:
    url = staticfiles_storage.url(KNOWN_FILE)
    assert url != f"/static/{KNOWN_FILE}"  # the name carries the content's hash
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert TEN_YEARS in response["Cache-Control"] and "immutable" in response["Cache-Control"]
    hashed_name = url.removeprefix("/static/")
    assert b"".join(response.streaming_content) == (collected_static / hashed_name).read_bytes()


def test_the_unhashed_name_is_served_too_but_cached_briefly(client, collected_static) -> None:
    response = client.get(f"/static/{KNOWN_FILE}")
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=60, public"


def test_a_browser_that_accepts_gzip_gets_the_compressed_copy(client, collected_static) -> None:
    response = client.get(staticfiles_storage.url(KNOWN_FILE), HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]


def test_a_page_names_the_hashed_file(client, collected_static) -> None:
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert staticfiles_storage.url(KNOWN_FILE) in response.content.decode()


def test_a_missing_static_file_is_a_404(client, collected_static) -> None:
    assert client.get("/static/admin/css/no-such-file.css").status_code == 404


# -- gunicorn --------------------------------------------------------------------------------


def load_gunicorn_config(monkeypatch: pytest.MonkeyPatch, **environ: str) -> dict:
    for name in ("GONGKAI_BIND", "GONGKAI_WORKERS", "GONGKAI_THREADS", "GONGKAI_WORKER_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(GUNICORN_CONFIG))


def test_the_gunicorn_config_listens_locally_with_two_workers_per_core_plus_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = load_gunicorn_config(monkeypatch)
    assert config["wsgi_app"] == "gongkai.wsgi:application"
    assert config["bind"] == ["127.0.0.1:8000"]
    assert config["workers"] == min(2 * config["usable_cores"]() + 1, 8)
    assert [config["default_workers"](n) for n in (1, 2, 3, 4, 64)] == [3, 5, 7, 8, 8]
    assert config["accesslog"] == "-" and config["timeout"] == 60 and config["threads"] == 1


def test_the_gunicorn_config_reads_the_environment_and_names_a_bad_value(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = load_gunicorn_config(
        monkeypatch,
        GONGKAI_BIND="unix:/run/gongkai.sock",
        GONGKAI_WORKERS="3",
        GONGKAI_THREADS="4",
        GONGKAI_WORKER_TIMEOUT="120",
    )
    assert config["bind"] == ["unix:/run/gongkai.sock"]
    assert (config["workers"], config["threads"], config["timeout"]) == (3, 4, 120)
    with pytest.raises(ImproperlyConfigured, match="GONGKAI_WORKERS 的值 0 无效"):
        load_gunicorn_config(monkeypatch, GONGKAI_WORKERS="0")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_environ(tmp_path: Path, port: int) -> dict[str, str]:
    """The test's own environment without the project's variables, then a production setup."""
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GONGKAI_", "GUNICORN_")) and key != "DATABASE_URL"
    }
    environ.update(
        GONGKAI_DEBUG="false",
        GONGKAI_SECRET_KEY="a-production-like-key-for-this-test-only-" + "k" * 20,
        GONGKAI_ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"sqlite:///{tmp_path / 'gongkai.sqlite3'}",
        GONGKAI_STATIC_ROOT=str(tmp_path / "static"),
        GONGKAI_BIND=f"127.0.0.1:{port}",
        GONGKAI_WORKERS="1",
    )
    return environ


def manage(*arguments: str, env: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"manage.py {' '.join(arguments)}: {result.stderr}"


def wait_for_port(port: int, server: subprocess.Popen, log: Path, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn exited with {server.returncode}:\n{log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"gunicorn did not listen on port {port} within {seconds} s:\n{log.read_text()}")


def fetch(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    with urlopen(Request(url, headers=headers), timeout=10) as response:
        return response.status, dict(response.headers), response.read()


def test_gunicorn_with_the_project_config_serves_pages_and_static_files(tmp_path: Path) -> None:
    port = free_port()
    env = production_environ(tmp_path, port)
    manage("migrate", "--verbosity", "0", env=env)
    manage("createcachetable", env=env)
    manage("collectstatic", "--noinput", "--verbosity", "0", env=env)
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
    hashed = manifest["paths"][KNOWN_FILE]

    access_log, error_log = tmp_path / "access.log", tmp_path / "error.log"
    with access_log.open("wb") as stdout, error_log.open("wb") as stderr:
        server = subprocess.Popen(
            [str(Path(sys.executable).with_name("gunicorn")), "--config", str(GUNICORN_CONFIG)],
            cwd=REPO_ROOT,
            env=env,
            stdout=stdout,
            stderr=stderr,
        )
    try:
        wait_for_port(port, server, error_log)
        base = f"http://127.0.0.1:{port}"
        status, headers, body = fetch(f"{base}/static/{hashed}")
        assert status == 200
        assert headers["Content-Type"].startswith("text/css")
        assert TEN_YEARS in headers["Cache-Control"]
        assert body == (tmp_path / "static" / hashed).read_bytes()

        status, headers, body = fetch(f"{base}/accounts/login/", **{"Accept-Language": "zh-hans"})
        assert status == 200 and headers["Server"] == "gunicorn"
        assert "工作人员登录" in body.decode()
        status, _, body = fetch(f"{base}/admin/login/")
        assert status == 200 and f"/static/{hashed}" in body.decode()
    finally:
        server.terminate()
        server.wait(timeout=15)
    assert server.returncode == 0, error_log.read_text()
    # One line per request on standard output (the access log).
    assert f'"GET /static/{hashed} HTTP/1.1" 200' in access_log.read_text()
    assert '"GET /accounts/login/ HTTP/1.1" 200' in access_log.read_text()
