# The two commands of the README: `make run` (portal with demo data) and `make test`.
VENV    ?= .venv
PYTHON  ?= python3
PY      := $(VENV)/bin/python
FLASK   := $(VENV)/bin/flask --app wsgi
STAMP   := $(VENV)/.installed-stamp
PORT    ?= 5000

.PHONY: install run serve test test-postgres lint format clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: install
	$(FLASK) init-db
	$(FLASK) seed-demo
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

# Production-like: gunicorn with 4 workers against DATABASE_URL (SQLite by default).
serve: install
	$(FLASK) init-db
	PORTAL_ENV=$${PORTAL_ENV:-production} $(VENV)/bin/gunicorn -c gunicorn.conf.py wsgi:app

test: install
	$(PY) -m pytest

# The same suite on the local PostgreSQL (the `test` database; each test its own schema).
test-postgres: install
	TEST_DATABASE_URL=$${TEST_DATABASE_URL:-postgresql://127.0.0.1:5432/test} $(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/bandit -q --severity-level medium -r portal documents workflows search_index wsgi.py

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache

.PHONY: bench
bench: install
	$(PY) bench/search_bench.py
