# claimtrail: `make run` builds the warehouse from seeds/, `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DAGSTER_HOME := $(CURDIR)/.dagster_home

.PHONY: install run test test-unit docs lint ui validate bench score clean train

$(STAMP): pyproject.toml setup.py pipelines/core/model/_walk.c pipelines/core/clean/_scan.c
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# telemetry off and one run at a time: written by the same code `claimtrail run` uses
$(DAGSTER_HOME)/dagster.yaml: $(STAMP)
	$(BIN)/python -c 'from pipelines import settings; settings.ensure_dagster_home()'

run: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/claimtrail run

# the full tier (what CI runs): every test, end-to-end runs of the job, the gate, Dask and the browser included
test: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/ruff check pipelines tests bench train
	$(BIN)/pytest -q

# the fast tier (under a minute): the pure core and everything that runs no pipeline, warehouse, gate or browser
test-unit: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/pytest -q -m "not e2e"

validate: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/dagster definitions validate -w workspace.yaml

# the UI of the configured warehouse (CLAIMTRAIL_WAREHOUSE, default the project's) with that warehouse's instance
ui: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/claimtrail ui --host 127.0.0.1 --port 3000

# warehouse/comments.sql, WAREHOUSE.md's column tables and the data dictionary page, from pipelines/tables.py
docs: $(STAMP)
	$(BIN)/python -m pipelines.docs

score: $(STAMP)
	$(BIN)/python ../shared/eval/score.py --warehouse warehouse/claimtrail.duckdb --gold ../shared/eval/gold --inputs seeds

bench: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/python -m bench

# the line model's weights (pipelines/core/model/weights_*.json) from the WCXB development split beside the repo
train: $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,train]'
	$(BIN)/python -m train

lint: $(STAMP)
	$(BIN)/ruff check pipelines tests bench train

clean:
	rm -rf $(VENV) .dagster_home .pytest_cache .ruff_cache warehouse/*.duckdb warehouse/*.wal warehouse/reports
