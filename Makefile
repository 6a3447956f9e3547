# The project's interface: `make demo` and `make test` work on a fresh machine with Python 3.11.
SHELL := /bin/bash
export PATH := $(HOME)/.local/bin:$(PATH)
export DBT_SEND_ANONYMOUS_USAGE_STATS := false

PYTEST_WORKERS ?= 2

.PHONY: help setup browser demo test lint format benchmark bench accuracy clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

.venv/.synced: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet --user uv || python3 -m pip install --quiet uv
	uv sync --frozen
	@touch $@

setup: .venv/.synced ## Install uv if missing and create the environment from uv.lock

demo: setup ## Ingest the bundled sample reports, build the marts, validate, print a summary
	uv run xxgk demo

browser: ## Headless Chromium for the Data Docs test (Debian's package; the test skips without it)
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
	  || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
	       && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
	  || echo "make browser: cannot install chromium here; the Data Docs browser test will be skipped"

test: setup browser ## Run the whole test suite
	uv run pytest -n $(PYTEST_WORKERS)

lint: setup ## ruff, sqlfluff and mypy (CI runs it before the tests)
	@mkdir -p warehouse  # sqlfluff's dbt templater opens the profile's database
	uv run ruff check .
	uv run ruff format --check .
	uv run sqlfluff lint models macros
	uv run mypy

format: setup ## Format Python and SQL
	uv run ruff format .
	uv run sqlfluff fix models

benchmark: setup ## Parsing throughput per format (writes numbers to stdout; see BENCHMARKS.md)
	uv run python -m benchmarks.throughput

bench: setup ## Nightly at scale: ingest, full and incremental build, memory, size (BENCH_SIZES, default 1000)
	uv run python -m benchmarks.scale --sizes $(or $(BENCH_SIZES),1000) --nightly $(or $(BENCH_NIGHTLY),100)

accuracy: setup ## Reading accuracy on 350 distorted documents in every format (ingest + dbt build; see BENCHMARKS.md)
	uv run python -m benchmarks.accuracy --docs 350

clean: ## Remove what builds make (the warehouse included)
	rm -rf .venv warehouse target logs .pytest_cache .ruff_cache
