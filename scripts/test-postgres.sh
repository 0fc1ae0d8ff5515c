#!/usr/bin/env bash
# Runs the test suite on PostgreSQL (GONGKAI_TEST_DATABASE_URL, default the local `test`
# database). When no server answers it tries to start the local cluster; if that fails too,
# it fails under CI=true and otherwise says loudly that the PostgreSQL run was skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

url="${GONGKAI_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"

ready() {
    command -v pg_isready >/dev/null && pg_isready -q -d "$url"
}

if ! ready && command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    for cluster in /etc/postgresql/*/main; do
        [ -d "$cluster" ] || continue
        version="$(basename "$(dirname "$cluster")")"
        echo "No PostgreSQL answers; starting cluster $version/main"
        pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    done
    for _ in $(seq 1 20); do
        ready && break
        sleep 0.5
    done
fi

if ! ready; then
    if [ "${CI:-}" = "true" ]; then
        echo "FAIL: no PostgreSQL server answers (pg_isready); CI requires the PostgreSQL run." >&2
        exit 1
    fi
    {
        echo "################################################################################"
        echo "#  PostgreSQL run NOT DONE: no server answers and none could be started."
        echo "#  Only the SQLite run was tested. Start PostgreSQL or set"
        echo "#  GONGKAI_TEST_DATABASE_URL, then run 'make test' again."
        echo "################################################################################"
    } >&2
    exit 0
fi

echo "pytest on PostgreSQL"
DATABASE_URL="$url" scripts/run-pytest.sh "$@"
