#!/usr/bin/env bash
# Runs the test suite with the project's virtualenv, two workers in parallel. The database is
# whatever DATABASE_URL says (SQLite by default). Extra arguments go to pytest.
# pytest's exit code 5 ("no tests collected") is turned into a failure: a suite that ran
# nothing is not green.
set -uo pipefail
cd "$(dirname "$0")/.."

.venv/bin/pytest -n 2 "$@"
rc=$?
if [ "$rc" -eq 5 ]; then
    echo "pytest collected no tests (exit 5); treating this as a failure" >&2
    exit 1
fi
exit "$rc"
