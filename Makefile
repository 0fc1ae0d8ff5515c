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

.PHONY: help setup system-packages run serve check-deploy test lint format bench

help:
	@echo "make setup   system packages (apt) and .venv with the pinned requirements"
	@echo "make run     setup, migrate, serve on http://127.0.0.1:8000 (SQLite in var/)"
	@echo "make serve   setup, migrate, collectstatic, gunicorn with DEBUG off (README: Production stack)"
	@echo "make check-deploy  manage.py check --deploy under production settings (HTTPS on; .env.example)"
	@echo "make test    setup, lint, migrations check, pytest on SQLite and on PostgreSQL"
	@echo "make lint    ruff check, ruff format --check, import-linter contracts (pyproject.toml)"
	@echo "make format  ruff format and ruff check --fix"
	@echo "make bench   benchmarks/run.py, public_form.py, search.py, portal.py (BENCH_ARGS=--write: BENCHMARKS.md)"

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

# The production server, also on a developer machine: DEBUG off unless GONGKAI_DEBUG says
# otherwise, gunicorn with scripts/gunicorn.conf.py (GONGKAI_BIND, default 127.0.0.1:8000).
# Without GONGKAI_SECRET_KEY it uses a random key kept in var/secret-key (made once, mode 600);
# without GONGKAI_ALLOWED_HOSTS it answers localhost only. A deployment sets both.
serve: setup
	@export GONGKAI_DEBUG="$${GONGKAI_DEBUG:-false}"; \
	if [ -z "$${GONGKAI_SECRET_KEY:-}" ]; then \
		mkdir -p var; \
		if [ ! -s var/secret-key ]; then \
			(umask 077; $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > var/secret-key); \
		fi; \
		echo "make serve: GONGKAI_SECRET_KEY is not set; using the random key in var/secret-key" >&2; \
		export GONGKAI_SECRET_KEY="$$(cat var/secret-key)"; \
	fi; \
	if [ -z "$${GONGKAI_ALLOWED_HOSTS:-}" ]; then \
		echo "make serve: GONGKAI_ALLOWED_HOSTS is not set; answering localhost, 127.0.0.1 and [::1] only" >&2; \
		export GONGKAI_ALLOWED_HOSTS="localhost,127.0.0.1,[::1]"; \
	fi; \
	$(PY) manage.py migrate; \
	$(PY) manage.py createcachetable; \
	$(PY) manage.py collectstatic --noinput; \
	exec $(VENV)/bin/gunicorn --config scripts/gunicorn.conf.py

# Django's deployment checklist (`check --deploy`), every warning an error, under production
# settings: DEBUG off, and for what the environment leaves unset a throwaway secret key, a host
# name and an https:// site address (which turns on the SSL redirect and HSTS, settings.py). With
# a deployment's own variables exported (`set -a; . ./.env; set +a`) it checks that configuration.
# tests/test_check_deploy.py runs the same command with the same defaults.
check-deploy: setup
	@export GONGKAI_DEBUG=false; \
	export GONGKAI_SECRET_KEY="$${GONGKAI_SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')}"; \
	export GONGKAI_ALLOWED_HOSTS="$${GONGKAI_ALLOWED_HOSTS:-gongkai.example.gov.cn}"; \
	export GONGKAI_SITE_URL="$${GONGKAI_SITE_URL:-https://gongkai.example.gov.cn}"; \
	$(PY) manage.py check --deploy --fail-level WARNING

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
	DATABASE_URL="$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}" $(PY) benchmarks/search.py $(BENCH_ARGS)
	$(PY) benchmarks/portal.py $(BENCH_ARGS)
	DATABASE_URL="$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}" $(PY) benchmarks/province.py $(BENCH_ARGS)
