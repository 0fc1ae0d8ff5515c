# Developer entry points. On a fresh Debian 12, as root: `make run` or `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
RUFF := $(VENV)/bin/ruff
# Marks a finished install; redone when a requirements file or pyproject.toml changes.
STAMP := $(VENV)/.installed
PYTHON ?= $(shell command -v python3.11 || command -v python3)

.PHONY: help setup system-packages run test lint format bench

help:
	@echo "make setup   system packages (apt) and .venv with the pinned requirements"
	@echo "make run     setup, migrate, serve on http://127.0.0.1:8000 (SQLite in var/)"
	@echo "make test    setup, lint, migrations check, pytest on SQLite and on PostgreSQL"
	@echo "make lint    ruff check, ruff format --check, import-linter contracts (pyproject.toml)"
	@echo "make format  ruff format and ruff check --fix"
	@echo "make bench   benchmarks/run.py, public_form.py (BENCH_ARGS=--write updates BENCHMARKS.md)"

setup: system-packages $(STAMP)

system-packages:
	@PYTHON="$(PYTHON)" scripts/setup-system.sh

$(PY):
	@test -n "$(PYTHON)" || { echo "No python3.11 or python3 on PATH" >&2; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "$(PYTHON) is older than Python 3.11" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(PY) requirements.txt requirements-dev.txt pyproject.toml
	$(PY) -m pip install --quiet -r requirements.txt -r requirements-dev.txt -e .
	@touch $@

run: setup
	$(PY) manage.py migrate
	$(PY) manage.py createcachetable
	$(PY) manage.py demo
	$(PY) manage.py runserver 127.0.0.1:8000

test: setup lint
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check
	env -u DATABASE_URL scripts/run-pytest.sh
	scripts/test-postgres.sh

lint: setup
	$(RUFF) check .
	$(RUFF) format --check .
	$(VENV)/bin/lint-imports

format: setup
	$(RUFF) format .
	$(RUFF) check --fix .

# Table 三 is measured on SQLite and on the local PostgreSQL (override with DATABASE_URL).
bench: setup
	DATABASE_URL="$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}" $(PY) benchmarks/run.py $(BENCH_ARGS)
	$(PY) benchmarks/public_form.py $(BENCH_ARGS)
