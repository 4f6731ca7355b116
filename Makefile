# The two commands of the README: `make run` (portal with demo data) and `make test`.
VENV    ?= .venv
PYTHON  ?= python3
PY      := $(VENV)/bin/python
FLASK   := $(VENV)/bin/flask --app wsgi
STAMP   := $(VENV)/.installed-stamp
PORT    ?= 5000

.PHONY: install run serve test test-postgres lint format clean translations e2e-deps system-deps fuzz-api

# Debian packages the portal needs beyond Python: ICU (Vietnamese collation, PyICU builds
# against it), Tesseract with its Vietnamese model, ocrmypdf and poppler (scanned
# documents). Installed when missing and we are root; otherwise the missing ones are named
# and the portal says what it cannot do (OCR unavailable) instead of failing.
SYSTEM_PACKAGES := libicu-dev pkg-config g++ tesseract-ocr tesseract-ocr-vie ocrmypdf poppler-utils fonts-dejavu-core wrk
system-deps:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian packages: $$missing"; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null 2>&1 || \
	    { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; }; \
	  else echo "Missing Debian packages (install them as root): $$missing"; fi; \
	fi

# pip's output (dozens of index warnings) goes to $(INSTALL_LOG); its tail is shown on failure.
INSTALL_LOG := $(VENV)/install.log
$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -m venv $(VENV)
	@echo "Installing the Python packages into $(VENV) (log: $(INSTALL_LOG))"
	@{ $(PY) -m pip install --upgrade pip && $(PY) -m pip install -c constraints.txt -e ".[dev]"; } \
	  >$(INSTALL_LOG) 2>&1 || { tail -n 30 $(INSTALL_LOG); echo "pip failed; the whole log: $(INSTALL_LOG)"; exit 1; }
	@$(VENV)/bin/pybabel -q compile -d translations
	@touch $(STAMP)

# The committed English catalogue, compiled again whenever it changes (the .mo is not kept in git).
CATALOGUE := translations/en/LC_MESSAGES/messages
$(CATALOGUE).mo: $(CATALOGUE).po $(STAMP)
	@$(VENV)/bin/pybabel -q compile -d translations

install: system-deps $(STAMP) $(CATALOGUE).mo

# run-demo prints the address and the demo accounts once the port is open.
run: install
	@$(FLASK) init-db
	@$(FLASK) seed-demo
	@$(FLASK) run-demo --host 127.0.0.1 --port $(PORT)

# Production-like: gunicorn with 4 workers against DATABASE_URL (SQLite by default).
serve: install
	$(FLASK) init-db
	PORTAL_ENV=$${PORTAL_ENV:-production} $(VENV)/bin/gunicorn -c gunicorn.conf.py wsgi:app

# The browser tests' system parts, never fatal: Debian's Chromium (installed when missing
# and we are root) and axe-core from npm. Without them those tests skip and say why.
e2e-deps:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && { apt-get update -qq && apt-get install -y -qq chromium; } || true; }
	@[ -d tests/e2e/node_modules/axe-core ] || { command -v npm >/dev/null && npm ci --prefix tests/e2e --no-audit --no-fund --silent; } || true

test: install e2e-deps
	$(PY) -m pytest

# The same suite on the local PostgreSQL (the `test` database; each test its own schema).
test-postgres: install e2e-deps
	TEST_DATABASE_URL=$${TEST_DATABASE_URL:-postgresql://127.0.0.1:5432/test} $(PY) -m pytest

# Schemathesis against /api/v1 on a live portal with demo data (fixed seed, bounded);
# on PostgreSQL too with `make fuzz-api DATABASE_URL=postgresql://127.0.0.1:5432/test`.
fuzz-api: install
	VENV=$(VENV) DATABASE_URL=$(DATABASE_URL) tests/api_fuzz.sh

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/bandit -q --severity-level medium -r portal documents workflows search_index wsgi.py
	$(VENV)/bin/mypy  # the files and the strictness per package: [tool.mypy] in pyproject.toml

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# After adding or changing user-facing texts: refresh the catalogue, translate the new
# entries in translations/en/LC_MESSAGES/messages.po, then `make install` (or delete the
# stamp) compiles it. Message ids are the Vietnamese texts.
translations: install
	$(VENV)/bin/pybabel extract -F babel.cfg -k N_ -k lazy_gettext -k _l -o translations/messages.pot \
		--no-location --sort-output --project directive-portal --version 0.1.0 .
	$(VENV)/bin/pybabel update -i translations/messages.pot -d translations -l en --no-fuzzy-matching
	$(VENV)/bin/pybabel compile -d translations

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache

.PHONY: bench
bench: install
	$(PY) bench/search_bench.py

# OCR: pages rendered from the seed and ALQAC articles, clean and worn; CER, header fields,
# found by symbol and by a sentence after import (JSON in bench/results/).
.PHONY: bench-ocr
bench-ocr: install
	$(PY) bench/ocr_bench.py

# Pages against a bare Flask page of the same size, in the same run (issue 19): scaled demo
# data (150 units, 200 directives, 10 years), gunicorn with 2 workers, wrk with 8
# connections as the commission reviewer; SQLite, then PostgreSQL when PAGES_DATABASE_URL
# answers. PAGES_SECONDS per page (10); JSON in bench/results/. wrk comes from Debian.
PAGES_SECONDS ?= 10
PAGES_DATABASE_URL ?= postgresql://127.0.0.1:5432/test
.PHONY: bench-pages
bench-pages: install
	$(PY) bench/pages.py --seconds $(PAGES_SECONDS)
	@if psql "$(PAGES_DATABASE_URL)" -qAtc 'select 1' >/dev/null 2>&1; then \
	  $(PY) bench/pages.py --seconds $(PAGES_SECONDS) --database-url "$(PAGES_DATABASE_URL)"; \
	else echo "PostgreSQL at $(PAGES_DATABASE_URL) does not answer: SQLite only"; fi
