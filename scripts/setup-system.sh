#!/usr/bin/env bash
# Installs the Debian packages the project needs, only those dpkg reports missing:
#   fonts-noto-cjk       a CJK font, so PDFs of Chinese reports are not tofu
#   libharfbuzz-subset0  WeasyPrint's font subsetting (without it a CJK page takes ~25 s)
#   poppler-utils        pdftotext, used by the benchmarks
#   chromium, chromium-driver  a real browser (and its WebDriver) for the browser tests
#   python3-venv         only when $PYTHON cannot create a virtualenv (Debian's own python3)
#   postgresql-client    pg_dump and pg_restore, for `gongkai backup`/`restore` on PostgreSQL;
#                        only when no pg_dump is on PATH (a server's own client package has one)
set -euo pipefail

packages=(fonts-noto-cjk libharfbuzz-subset0 poppler-utils chromium chromium-driver)
python="${PYTHON:-python3}"
if ! "$python" -c 'import ensurepip, venv' 2>/dev/null; then
    packages+=(python3-venv)
fi
if ! command -v pg_dump >/dev/null; then
    packages+=(postgresql-client)
fi

missing=()
for package in "${packages[@]}"; do
    status="$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)"
    if [ "$status" != "install ok installed" ]; then
        missing+=("$package")
    fi
done
if [ "${#missing[@]}" -eq 0 ]; then
    exit 0
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null; then
        echo "Missing Debian packages: ${missing[*]}; run as root: apt-get install ${missing[*]}" >&2
        exit 1
    fi
    as_root=(sudo)
fi
echo "Installing Debian packages: ${missing[*]}"
"${as_root[@]}" apt-get update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${missing[@]}"
