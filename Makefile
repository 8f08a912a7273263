# dueregard — two commands for a newcomer: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
DEPS_STAMP := $(VENV)/.deps-installed
# The benchmarks' own virtualenv: their reference libraries (aequitas pins Flask 0.12.2)
# must never change the development one. docs/adr/0049-load-bench.md.
BENCH_VENV := .venv-bench
BENCH_PY := $(BENCH_VENV)/bin/python
BENCH_STAMP := $(BENCH_VENV)/.deps-installed
NODE_STAMP := node_modules/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve install assets migrate demo translations test test-unit test-e2e test-production test-postgres lint bench bench-install bench-production bench-load messages clean

## run: install everything, migrate the SQLite default, load the demo, serve on http://127.0.0.1:8000
# Imports, analyses and e-mails run in the background: a database task worker and the
# scheduler run beside the server and stop with it. DEBUG is off, so the site's own 404 and
# 500 pages show; WhiteNoise serves the static files.
run: install assets translations migrate demo
	@export DUEREGARD_DEMO=1 DEBUG=0 TASKS_BACKEND=django_tasks_db.DatabaseBackend \
	  SITE_URL=http://$(HOST):$(PORT); \
	$(MANAGE) db_worker --no-reload --interval 1 & worker=$$!; \
	$(MANAGE) run_scheduler & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

## serve: production on PostgreSQL (DATABASE_URL, SECRET_KEY, SITE_URL, ALLOWED_HOSTS set):
# migrate, collect static files, then gunicorn, task workers and the scheduler together.
# docs/deploying.md; the same processes are in deploy/Procfile and deploy/systemd/.
serve: install assets translations
	deploy/serve

## install: the virtualenv with pinned dependencies (re-runs only when requirements change)
install: $(DEPS_STAMP)

$(DEPS_STAMP): requirements/base.txt requirements/dev.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip==26.3
	$(PIP) install --quiet -r requirements/dev.txt
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	touch $@

## assets: the NHS.UK frontend package from the npm registry (pinned in package-lock.json)
assets: $(NODE_STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

migrate: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_frameworks

## demo: a demo health and care system (idempotent)
demo: migrate
	$(MANAGE) load_demo

## test: lint, architecture contracts, migrations check and the test suite on SQLite
test: install assets translations lint
	$(MANAGE) makemigrations --check --dry-run
	$(PY) -m pytest -m "not e2e" -n 2 -p no:cacheprovider

## test-postgres: the same suite on PostgreSQL (DATABASE_URL must point at a server)
test-postgres: install assets translations
	$(PY) -m pytest -m "not e2e" -n 2 -p no:cacheprovider

## test-production: the production process on PostgreSQL (two gunicorn app servers behind a
# proxy, two workers, the scheduler, an SMTP sink), a smoke test and a browser through it
test-production: install assets translations
	DUEREGARD_STACK=1 $(PY) -m pytest tests/operations/test_production_stack.py -p no:cacheprovider

## test-e2e: browser tests in Debian's chromium with axe (WCAG 2.2 AA)
test-e2e: install assets translations
	$(PY) -m pytest -m e2e -p no:cacheprovider

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/djlint dueregard --lint --quiet

## bench: every benchmark row with its target and margin (exits 0 only when all hold), run
# from .venv-bench so the reference libraries never touch .venv
bench: bench-install assets translations
	$(BENCH_PY) -m bench

## bench-install: .venv-bench with requirements/bench.txt (runtime pins, Spark and the
# reference implementations); re-runs only when requirements change
bench-install: $(BENCH_STAMP)

$(BENCH_STAMP): requirements/base.txt requirements/spark.txt requirements/bench.txt pyproject.toml
	test -x $(BENCH_PY) || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet --upgrade pip==26.3
	$(BENCH_VENV)/bin/pip install --quiet -r requirements/bench.txt
	$(BENCH_VENV)/bin/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

## bench-production: only the issue-16 row: 1,000 concurrent bookings through gunicorn with
# production settings and the connection pool on PostgreSQL (DATABASE_URL's server, else
# postgres@127.0.0.1); exits non-zero unless exactly the capacity is confirmed with 0 errors
bench-production: install
	$(PY) -m bench production

## bench-load: only the issue-24 load row: 50 signed-in people browse the main pages for
# 60 s through gunicorn with production settings on PostgreSQL (the demo, in a throwaway
# database); exits non-zero unless p95 <= 300 ms with 0 errors. Like bench-production it
# needs no benchmark extras, so it runs from .venv (and changes nothing in it)
bench-load: install assets translations
	$(PY) -m bench load

## messages: extract translatable strings from Python and Jinja2 templates with Babel
messages: install
	$(VENV)/bin/pybabel extract -F babel.cfg -k _ -k gettext -k gettext_lazy -k ngettext:1,2 \
		-o dueregard/locale/django.pot .
	$(VENV)/bin/pybabel update --no-fuzzy-matching -i dueregard/locale/django.pot -d dueregard/locale -D django

## translations: compile the .po catalogues (run by install)
translations: install
	$(VENV)/bin/pybabel compile -d dueregard/locale -D django --statistics

clean:
	rm -rf $(VENV) $(BENCH_VENV) node_modules db staticfiles
