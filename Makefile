# Educa. `make` alone lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
RUFF := $(VENV)/bin/ruff

# Where the second test pass finds its services (CI starts them; see .ci/run).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/educa
TEST_MEMCACHED_SERVERS ?= 127.0.0.1:11211
# The chat tests run on Redis too (database 1), besides the in-memory layer.
TEST_REDIS_URL ?= redis://127.0.0.1:6379/1
export TEST_DATABASE_URL TEST_MEMCACHED_SERVERS TEST_REDIS_URL

# Where `make run` serves (CONTRACT: PORT, default 8000).
PORT ?= 8000

# Development commands run with debug on unless told otherwise.
run migrate seed schema: export DJANGO_DEBUG ?= true

.PHONY: help install install-dev lock run port-free migrate seed test test-fast bench soak retest cov \
	lint format typecheck schema check clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 14

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

# constraints.txt pins every package either file brings in, transitive ones too.
$(VENV)/.installed: requirements.txt constraints.txt | $(PY)
	$(PY) -m pip install -q -r requirements.txt -c constraints.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt constraints.txt | $(PY)
	$(PY) -m pip install -q -r requirements-dev.txt -c constraints.txt
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed  ## Create .venv and install the runtime requirements

install-dev: $(VENV)/.installed-dev  ## Create .venv and install the development requirements

lock:  ## Pin anew every package the requirements files bring in (constraints.txt)
	rm -rf .lock-venv && python3 -m venv .lock-venv
	.lock-venv/bin/python -m pip install -q -r requirements-dev.txt
	{ echo "# Every package requirements-dev.txt (and so requirements.txt) installs, pinned."; \
	  echo "# Written by \`make lock\`; \`make install\` and \`make install-dev\` install with -c."; \
	  .lock-venv/bin/python -m pip freeze; \
	  echo "# Needed on other Pythons than this one (their markers say which)."; \
	  grep -h ' ; ' requirements.txt requirements-dev.txt; } > constraints.txt
	rm -rf .lock-venv

migrate: install  ## Apply the database migrations
	$(MANAGE) migrate --noinput

seed: migrate  ## Load the demo data (idempotent) and print the demo logins
	$(MANAGE) seed_demo

# Checked first, so a taken port stops `make run` at once (daphne would hang).
port-free:
	@python3 scripts/port_free.py $(PORT)

run: port-free seed  ## Install, migrate, seed and serve (HTTP and WebSockets) on :8000 (PORT=...)
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# pytest-xdist workers, one per core of these 2-core machines: measured, the unit
# tier took 90 s in one process, 55 s in 2 and 55 s in 4.
TEST_WORKERS ?= 2
# The unit tier: no server process, browser, long fuzzing or PostgreSQL.
FAST_TESTS := not server and not browser and not fuzz and not postgres

test: install-dev lint  ## Lint, then the suite on SQLite + local memory, then on PostgreSQL + memcached
	$(PY) -m pytest -m "not postgres" -n $(TEST_WORKERS)
	$(PY) scripts/services_pass.py -n $(TEST_WORKERS)

test-fast: install-dev  ## The unit tier only (no servers, browser, fuzzing, PostgreSQL)
	$(PY) -m pytest -m "$(FAST_TESTS)" -n $(TEST_WORKERS)

bench: install  ## Benchmarks under gunicorn and wrk (DATABASE_URL, MEMCACHED_SERVERS if set); bench/results/
	@command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
	$(PY) bench/bench_endpoints.py
	$(PY) bench/bench_meals.py

soak: install  ## Load and fault test on a private PostgreSQL + memcached (~3 min); bench/results/soak.*
	@command -v memcached >/dev/null || { echo "memcached is missing: apt-get install -y memcached" >&2; exit 1; }
	$(PY) bench/soak.py

retest: install-dev  ## Re-run the tests that failed last time
	$(PY) -m pytest --lf

cov: install-dev  ## Tests with a coverage report
	$(PY) -m pip install -q coverage==7.17.3
	$(PY) -m coverage run -m pytest -m "not postgres" && $(PY) -m coverage report

lint: install-dev  ## The hooks of .pre-commit-config.yaml on every file (ruff, django-upgrade, djhtml, mypy)
	$(VENV)/bin/pre-commit run --all-files --show-diff-on-failure

format: install-dev  ## Format and fix what ruff can
	$(RUFF) format .
	$(RUFF) check --fix .

typecheck: install-dev  ## mypy with django-stubs over every app (also a hook of make lint)
	DJANGO_DEBUG=true $(VENV)/bin/mypy

schema: install-dev  ## Generate the OpenAPI schema; fails on any warning
	$(MANAGE) spectacular --fail-on-warn --validate --file /dev/null

check: lint  ## lint, Django checks, missing migrations, then the tests
	DJANGO_DEBUG=true $(MANAGE) check
	DJANGO_DEBUG=true $(MANAGE) makemigrations --check --dry-run
	$(MAKE) test

clean:  ## Remove the virtualenv, caches and the local database
	rm -rf $(VENV) .pytest_cache .ruff_cache db.sqlite3* staticfiles
