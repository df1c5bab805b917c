# Retour: the one gate, the same locally and in CI (.ci/run calls `make test`).
#
#   make test              venv, lint, migrations-check, test-sqlite, test-postgres, test-browser
#   make demo [PORT=8000]  migrate SQLite, load the demo data, serve on 127.0.0.1:PORT
#
# Every target that needs Python first makes sure .venv is installed.
# Scripts run through bash, so they work even where the exec bit was lost.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

PORT ?= 8000
# pytest-xdist workers for the SQLite run ("0" runs in one process).
SQLITE_WORKERS ?= 2
# The same for the PostgreSQL run.
POSTGRES_WORKERS ?= 2

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PYTHON ?= $(shell command -v python3.11 || command -v python3)
PYTEST := bash scripts/pytest.sh
NOT_BROWSER := -m "not browser"
xdist = $(if $(filter-out 0,$(1)),-n $(1),-p no:xdist)

# The SQLite runs must not pick up a RETOUR_DATABASE_URL from the caller's shell.
SQLITE_ENV := env -u RETOUR_DATABASE_URL

GATE_STEPS := venv lint migrations-check test-sqlite test-postgres test-browser

.PHONY: help venv demo lint migrations-check test-sqlite test-postgres test-browser test FORCE

help:
	@echo "make test              the whole gate: $(GATE_STEPS)"
	@echo "make demo [PORT=8000]  demo data on SQLite, served at http://127.0.0.1:PORT/"
	@echo "make venv | lint | migrations-check | test-sqlite | test-postgres | test-browser"

# --- virtualenv ---------------------------------------------------------------

venv: $(STAMP)

# Reinstall when a requirements file changes, or when the venv's Python no
# longer runs (for example a venv copied from another machine).
ifneq ($(shell $(PY) -c 'print("ok")' 2>/dev/null),ok)
$(STAMP): FORCE
endif
$(STAMP): requirements.txt requirements-dev.txt
	@if ! $(PY) -c 'import sys' >/dev/null 2>&1; then \
		test -n "$(PYTHON)" || { echo "make venv: no python3.11 or python3 on PATH" >&2; exit 1; }; \
		echo "Creating $(VENV) with $(PYTHON)"; \
		$(PYTHON) -m venv --clear $(VENV); \
	fi
	$(PY) -m pip install --disable-pip-version-check --quiet -r requirements-dev.txt
	@touch $@

FORCE:

# --- demo ---------------------------------------------------------------------

demo: venv
	bash scripts/ensure-pdf-libs.sh
	$(SQLITE_ENV) RETOUR_DEBUG=1 $(PY) manage.py migrate --noinput
	$(SQLITE_ENV) RETOUR_DEBUG=1 $(PY) manage.py load_rules
	$(SQLITE_ENV) RETOUR_DEBUG=1 $(PY) manage.py load_demo
	$(SQLITE_ENV) RETOUR_DEBUG=1 $(PY) manage.py load_rss_weights
	@echo
	@echo "Retour demo: http://127.0.0.1:$(PORT)/   (Ctrl-C stops it)"
	@echo
	@$(SQLITE_ENV) RETOUR_DEBUG=1 $(PY) manage.py runserver --noreload 127.0.0.1:$(PORT)

# --- the gate's steps -----------------------------------------------------------

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# An in-memory database: the check needs no real one and leaves var/ alone.
migrations-check: venv
	DJANGO_SETTINGS_MODULE=retour.test_settings RETOUR_DATABASE_URL=sqlite://:memory: \
		$(PY) manage.py makemigrations --check --dry-run

test-sqlite: venv
	bash scripts/ensure-pdf-libs.sh
	$(SQLITE_ENV) $(PYTEST) $(NOT_BROWSER) $(call xdist,$(SQLITE_WORKERS))

test-postgres: venv
	bash scripts/ensure-pdf-libs.sh
	bash scripts/with-postgres.sh $(PYTEST) $(NOT_BROWSER) $(call xdist,$(POSTGRES_WORKERS))

test-browser: venv
	bash scripts/ensure-chromium.sh
	$(SQLITE_ENV) $(PYTEST) -m browser -p no:xdist -rs

# Runs the steps one after another (also under `make -j`), stops at the first
# failure, and prints how long each took.
test:
	@summary=""; total_start=$$(date +%s); \
	for step in $(GATE_STEPS); do \
		echo; echo "==> make $$step"; \
		start=$$(date +%s); \
		if ! $(MAKE) --no-print-directory $$step; then \
			echo; echo "==> FAILED: make $$step (after $$(( $$(date +%s) - start ))s)"; \
			printf "%b" "$$summary"; \
			exit 1; \
		fi; \
		summary="$$summary    $$step: $$(( $$(date +%s) - start ))s\n"; \
	done; \
	echo; echo "==> gate passed in $$(( $$(date +%s) - total_start ))s"; \
	printf "%b" "$$summary"
