# newsdesk: `make run` serves the API on SQLite with the seed data; `make test` runs every test.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install install-dev install-bench run test lint format bench bench-postgres bench-search bench-extract clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev
install-bench: $(VENV)/.installed-bench

run: install
	$(BIN)/newsdesk migrate
	$(BIN)/newsdesk seed
	$(BIN)/newsdesk serve --host $(HOST) --port $(PORT)

test: install-dev lint
	$(BIN)/pytest

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# HTTP throughput (wrk, from Debian) against the stack's limit and Datasette, 10k articles;
# BENCH_ARGS="--articles 100000" for the large corpus (built once into bench/results/).
bench: install-bench
	@command -v wrk >/dev/null || { echo "make bench needs wrk: apt-get install wrk"; exit 1; }
	$(BIN)/python -m bench.load $(BENCH_ARGS)

# The same HTTP benchmark with the corpus on a throwaway PostgreSQL cluster (no Datasette).
bench-postgres: install-bench
	@command -v wrk >/dev/null || { echo "make bench needs wrk: apt-get install wrk"; exit 1; }
	PG_OPTIONS="-c shared_buffers=1GB" .ci/with-postgres $(BIN)/python -m bench.load \
		--backend postgresql $(BENCH_ARGS)

# Search latency at 10k and 100k articles on SQLite and PostgreSQL (corpora are built once into
# bench/results/; the PostgreSQL ones live only as long as the throwaway cluster).
bench-search: install-bench
	PG_OPTIONS="-c shared_buffers=1GB" .ci/with-postgres $(BIN)/python -m bench.search $(BENCH_ARGS)

bench-extract: install-dev
	$(BIN)/python -m bench.extract $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info newsdesk.db newsdesk.db-*
