# The two commands that matter: `make run` and `make test`. `make help` lists the rest.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Development defaults; anything already set in the environment wins.
export DEBUG ?= True
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: help install run test lint format migrate content seed lock browser-deps compose-check design-shots clean messages compilemessages

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt ".[dev]"
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install the pinned dependencies (only when they changed)

# The translation catalogues: .po files are committed, the compiled .mo files are built here.
MESSAGES_IGNORE := -i .venv -i var -i staticfiles -i node_modules -i tests -i bench -i docs

messages: install ## Extract the marked strings into locale/*/django.po (needs GNU gettext)
	python manage.py makemessages -l de -l es --no-obsolete --add-location=file $(MESSAGES_IGNORE)

compilemessages: install ## Build the .mo catalogues from the .po files (installs GNU gettext when missing and root)
	@command -v msgfmt >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
		echo "Installing gettext with apt-get" && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; }
	python manage.py compilemessages $(MESSAGES_IGNORE)

migrate: install compilemessages ## Apply database migrations
	python manage.py migrate --noinput

content: migrate ## Load the default prompts and practices (adds what is missing, keeps edits)
	python manage.py load_content

seed: content ## Create the demo admin and couple and print their logins
	python manage.py seed_demo

run: seed ## Install, migrate, seed, then serve http://127.0.0.1:8000 with a Celery worker and beat
	@echo "Serving on http://127.0.0.1:8000 with a worker and beat; Ctrl-C stops all three."
	honcho start -f Procfile

lint: install ## ruff (lint and format check) and import-linter (the apps' layers)
	ruff check .
	ruff format --check .
	lint-imports

format: install ## ruff: fix what it can and format
	ruff check --fix .
	ruff format .

browser-deps: ## Install Debian's Chromium (browser tests), Pango (summary PDFs), docker-compose (compose validation) and wrk (load test) when missing and root
	@missing=""; \
	test -x /usr/bin/chromium || missing="$$missing chromium"; \
	command -v docker-compose >/dev/null || docker compose version >/dev/null 2>&1 || missing="$$missing docker-compose"; \
	command -v wrk >/dev/null || missing="$$missing wrk"; \
	ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing$$missing with apt-get"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else \
		echo "Not root or no apt-get: the tests that need$$missing will be skipped."; \
	fi

test: install browser-deps compilemessages lint ## Lint, then run every test (integration ones need DATABASE_URL and REDIS_URL)
	python manage.py makemigrations --check --dry-run
	rm -rf test-results
	# Two workers, one per core of a CI machine; worksteal evens out the few minute-long tests.
	python -m pytest --numprocesses=2 --dist=worksteal --durations=30

design-shots: install browser-deps ## Photograph the design components (docs/design.md) from the phone walk
	python -m pytest -q tests/browser/test_whole_flow.py -k phone
	mkdir -p docs/design && cp test-results/design/*.png docs/design/

lock: install ## Re-pin every transitive dependency into constraints.txt
	head -2 constraints.txt > constraints.txt.new
	$(BIN)/python -m pip freeze | grep -v '^intimacy' >> constraints.txt.new
	mv constraints.txt.new constraints.txt

compose-check: ## Validate docker-compose.yml without a Docker engine
	docker-compose -f docker-compose.yml config --quiet

clean: ## Remove the virtualenv and local runtime files (database, broker, beat state)
	rm -rf $(VENV) var staticfiles
