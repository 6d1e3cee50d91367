# One command per task. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := FLASK_APP=wsgi.py $(VENV)/bin/flask
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 5000
# The suite runs on SQLite unless TEST_DATABASE_URL names a PostgreSQL server.
TEST_DATABASE_URL ?= sqlite://
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/postgres
PYTEST_ARGS ?=

.PHONY: help run test test-postgres install install-dev system-deps db-upgrade db-check demo-accounts \
	i18n-extract i18n-update i18n-compile i18n-check lint format bench postgres-up clean

help: ## List the tasks
	@grep -hE '^[a-zA-Z0-9_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed ## Create the virtual environment and install requirements.txt

install-dev: $(VENV)/.installed-dev ## Install the test and lint tools too

system-deps: ## Install Debian packages: Chromium (browser tests), Noto fonts and poppler (PDFs)
	@missing=""; \
	for pkg in chromium fonts-noto-core poppler-utils; do \
	  dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

i18n-extract: install ## Extract translatable strings into translations/messages.pot
	$(VENV)/bin/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 -k lazy_pgettext:1c,2 --add-comments=Translators: --ignore-dirs=".* __pycache__" --no-location --sort-output --project="Disclosure Response Training" --version=1 --msgid-bugs-address=training@localhost --copyright-holder="the project contributors" -o translations/messages.pot .

i18n-update: i18n-extract ## Merge new strings into every language's messages.po
	$(VENV)/bin/pybabel -q update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete

i18n-compile: install ## Compile the .po catalogues to .mo
	@if ls translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then $(VENV)/bin/pybabel -q compile --use-fuzzy -d translations; fi

i18n-check: install-dev ## Fail when messages.pot is stale or a language is incomplete
	$(VENV)/bin/pytest -q tests/test_translations.py

db-upgrade: install ## Apply migrations to the database (DATABASE_URL, default SQLite in instance/)
	@mkdir -p instance
	$(FLASK) db upgrade

db-check: install ## Fail when the models and the migrations differ
	$(FLASK) db check

demo-accounts: install ## Create the demo accounts (development only) and print them
	$(FLASK) demo accounts

run: install i18n-compile db-upgrade ## Set everything up and serve the app on http://127.0.0.1:5000 (SQLite)
	$(FLASK) content publish
	@$(FLASK) demo accounts
	$(FLASK) run --host $(HOST) --port $(PORT)

postgres-up: ## Start the local PostgreSQL cluster if it is down
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && exit 0; sleep 1; done; echo "PostgreSQL did not start"; exit 1

test: install-dev system-deps i18n-compile ## Set up and run the whole suite (TEST_DATABASE_URL picks the database)
	TEST_DATABASE_URL='$(TEST_DATABASE_URL)' $(VENV)/bin/pytest -q $(PYTEST_ARGS)

test-postgres: postgres-up ## Run the whole suite against PostgreSQL on 127.0.0.1:5432
	$(MAKE) test TEST_DATABASE_URL='$(PG_TEST_URL)'

lint: install-dev ## Check style with ruff
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check app tests bench config.py wsgi.py

format: install-dev ## Format the code with ruff
	$(VENV)/bin/ruff format app tests bench config.py wsgi.py
	$(VENV)/bin/ruff check --fix .

bench: install postgres-up i18n-compile ## Run the benchmarks in bench/ on PostgreSQL and print a summary (BENCH_ARGS="--only lesson_page")
	$(PY) bench/run_all.py $(BENCH_ARGS)

clean: ## Remove the virtual environment, compiled catalogues and the development database
	rm -rf $(VENV) instance translations/*/LC_MESSAGES/*.mo test-output
