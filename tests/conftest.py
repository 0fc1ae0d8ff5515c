from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
# shared/ (seed report, fixtures) lives beside the clone: /work/shared next to /work/main.
SHARED_DIR = REPO_ROOT.parent / "shared"
SEED_REPORT = Path("seed") / "000_a50361494c1f8f1d.txt"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared/ folder beside the repository; the suite fails (not skips) without it."""
    if not SHARED_DIR.is_dir():
        pytest.fail(
            f"shared/ not found at {SHARED_DIR}: the tests need a copy of shared/ "
            f"beside the repository root {REPO_ROOT}",
            pytrace=False,
        )
    return SHARED_DIR


@pytest.fixture(scope="session")
def seed_report(shared_dir: Path) -> Path:
    """The seed: the 2020 report of the Heilongjiang Intellectual Property Office, as text."""
    path = shared_dir / SEED_REPORT
    if not path.is_file():
        pytest.fail(f"seed report not found at {path}", pytrace=False)
    return path


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    """Test users need passwords, not the production hasher's deliberate slowness."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _isolated_storage(settings, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Each test stores its files (attachments, notices, reports: gongkai.core.stored_files) in
    an empty folder of its own, never in var/media and never in another test's, whether the
    workers run in parallel or the same test runs twice. Not tmp_path: tests look into that.

    Assigning STORAGES makes Django's setting_changed handler drop the cached default storage;
    the new one reads MEDIA_ROOT (and follows later changes of it, as FileSystemStorage does).
    """
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


# Fixtures that give a test the database (pytest-django's); the django_db mark does too.
_DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}
)


@pytest.fixture(autouse=True)
def _empty_cache(request: pytest.FixtureRequest) -> None:
    """Each test with the database starts with an empty cache (lookup throttles count in it).

    The default cache is a database table, so only those tests can use it. The table is in the
    test database, rolled back after each test, but a transactional test's rows stay behind.
    """
    uses_database = request.node.get_closest_marker("django_db") is not None or bool(
        _DATABASE_FIXTURES & set(request.fixturenames) or "live_server" in request.fixturenames
    )
    if not uses_database:
        return
    request.getfixturevalue("db")  # the test's own database set-up, transactional or not
    from django.core.cache import cache

    cache.clear()
