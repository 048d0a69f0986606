# The command index of the Intercultural Cities platform.
# Only python3.12 and make are needed: everything else comes from uv.lock.

PYTHON_BIN ?= python3.12
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
PORT ?= 8000
export ICC_VAR_DIR ?= $(CURDIR)/var
# Compiled bytecode halves start-up time; some machines switch it off by default.
unexport PYTHONDONTWRITEBYTECODE

.DEFAULT_GOAL := help

help:  ## List the commands.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(UV):
	$(PYTHON_BIN) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check uv

$(VENV)/.synced: $(UV) uv.lock pyproject.toml
	$(UV) sync --frozen --quiet --compile-bytecode
	@touch $@

install: $(VENV)/.synced  ## Create .venv and install the locked dependencies.

demo: install  ## Start the platform on SQLite with the demo network (Ctrl-C stops it).
	@PORT=$(PORT) scripts/demo.sh

test: install  ## Run the whole suite: unit, integration and browser tests.
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install  ## Check style and types.
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy icc config

format: install  ## Format the code.
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: install  ## Refresh the French catalogue from the code (needs GNU gettext).
	$(PY) manage.py makemessages --locale fr --no-obsolete --no-location --ignore '.venv/*' --ignore 'var/*'
	$(PY) manage.py compilemessages --locale fr --ignore '.venv/*'

schema: install  ## Write the committed OpenAPI schema again after an API change.
	$(PY) manage.py export_openapi > docs/api/openapi.json

bench: install  ## Run the web throughput benchmark (wrk) and print its figures.
	$(PY) benchmarks/web_throughput.py

bench-all: install  ## Run every benchmark of benchmarks/ (takes several minutes).
	$(PY) benchmarks/web_throughput.py || true
	$(PY) benchmarks/index_results.py
	$(PY) benchmarks/index_reports.py
	$(PY) benchmarks/practices_search.py
	$(PY) benchmarks/connections_matching.py
	$(PY) benchmarks/commitment_daily_checks.py
	$(PY) benchmarks/dashboard_load.py
	$(PY) benchmarks/events_calendar.py
	$(PY) benchmarks/learning_courses.py
	$(PY) benchmarks/learning_kit.py
	$(PY) benchmarks/practices_lost_updates.py
	$(PY) benchmarks/task_recovery.py

clean:  ## Remove the environment and local data.
	rm -rf $(VENV) var

.PHONY: help install demo test lint format messages schema bench bench-all clean demo-code

demo-code: install  ## Print the current two-factor code of the demo secretariat account.
	@DJANGO_SETTINGS_MODULE=config.settings ICC_HTTPS=0 $(PY) manage.py demo_code
