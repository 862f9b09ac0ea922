# cpfkit — set-up, run, test.  `make run` and `make test` work on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help

export UV_COMPILE_BYTECODE := 1
export UV_LINK_MODE := copy
VENV := .venv
BIN := $(VENV)/bin
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install system-deps python-deps run test check lint typecheck fmt bench docs i18n screenshots clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | column -t -s $$'\t'

system-deps:  ## install the Debian packages cpfkit needs (PostgreSQL, Chromium, Pango, poppler)
	@echo "==> checking the Debian packages cpfkit needs (PostgreSQL, Chromium, Pango, poppler, gcc)"
	@scripts/system-deps.sh

$(UV):
	@command -v uv >/dev/null 2>&1 || echo "==> installing uv 0.13.9 (the installer of cpfkit's Python packages)"
	@command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet --user uv==0.13.9 \
	  || python3 -m pip install --quiet --break-system-packages --user uv==0.13.9

python-deps: $(UV)  ## create .venv from uv.lock (no resolution: the lock is the truth)
	@echo "==> syncing $(VENV) with uv.lock: Python packages, compiled bytecode and the IATI walker"
	@echo "    (about a minute and a half on a fresh machine, a second when nothing changed)"
	@$(UV) sync --frozen --quiet

install: system-deps python-deps  ## everything `run` and `test` need; the CLI is then .venv/bin/cpfkit
	@echo "cpfkit installed: $(BIN)/cpfkit"

run: install  ## create/migrate the database, load the embedded programmes, serve on http://$(HOST):$(PORT)
	@echo "==> cpfkit init: creating or migrating the database, loading the embedded programmes if it is empty"
	@$(BIN)/cpfkit init
	@echo "==> cpfkit serve: starting the server on http://$(HOST):$(PORT) (Ctrl-C stops it)"
	@$(BIN)/cpfkit serve --host $(HOST) --port $(PORT)

test: install  ## the whole test suite, against SQLite and a throwaway PostgreSQL cluster
	@$(BIN)/pytest -n 2 -q --durations=10

lint:
	@$(BIN)/ruff format --check src tests benchmarks
	@$(BIN)/ruff check src tests benchmarks
	@$(BIN)/lint-imports --no-cache --no-logo

typecheck:
	@$(BIN)/mypy --strict src/cpfkit/model src/cpfkit/reference src/cpfkit/language src/cpfkit/plan src/cpfkit/appraise
	@$(BIN)/mypy src/cpfkit

check: install lint typecheck  ## ruff, mypy and the tests
	@$(BIN)/pytest -n 2 -q --durations=10

fmt: python-deps  ## format and fix what ruff can
	@$(BIN)/ruff format src tests benchmarks
	@$(BIN)/ruff check --fix src tests benchmarks

bench: install  ## the benchmarks in benchmarks/ (speed and memory as ratios against a baseline)
	@for b in $$(ls benchmarks/*.py | grep -v -e harness.py -e __init__.py); do echo "== $$b"; $(BIN)/python -m benchmarks.$$(basename $$b .py) || exit 1; done

docs: python-deps  ## regenerate docs/cli.md from the Typer app
	@$(BIN)/python scripts/gen_cli_docs.py > docs/cli.md

LOCALE_DIR := src/cpfkit/language/locale
PYBABEL := $(BIN)/pybabel

i18n: python-deps  ## extract the messages of the pages, reports, CLI and engines to messages.pot; update the ru and kk catalogs
	@$(PYBABEL) -q extract -F babel.cfg -k N_ -k Nn_:1,2 --add-location=file --sort-by-file --width=120 \
	  --project=cpfkit --copyright-holder="cpfkit" --msgid-bugs-address="" -o $(LOCALE_DIR)/messages.pot .
	@for lang in ru kk; do \
	  if [ -f $(LOCALE_DIR)/$$lang/LC_MESSAGES/messages.po ]; then \
	    $(PYBABEL) -q update -i $(LOCALE_DIR)/messages.pot -d $(LOCALE_DIR) -l $$lang --width=120 --ignore-obsolete; \
	  else \
	    $(PYBABEL) -q init -i $(LOCALE_DIR)/messages.pot -d $(LOCALE_DIR) -l $$lang --width=120; \
	  fi; \
	done
	@$(BIN)/python -m cpfkit.language --untranslated

screenshots: install  ## full-page PNGs of every dashboard page in docs/images/ (Debian's Chromium, 1366 px wide)
	@$(BIN)/python -m scripts.screenshots

clean:  ## remove the environment and caches (not the database)
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
