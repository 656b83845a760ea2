# Two commands for a new machine: `make run` and `make test`. Both start from `make setup`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test bench bench-risk lint demo clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

run: setup
	INSPECTION_DATA_DIR=demo-out/data DATABASE_URL=$${DATABASE_URL:-sqlite:///demo-out/inspection.db} $(BIN)/inspection demo --serve

test: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python bench/run.py
	$(BIN)/python bench/scale.py  # the province on Dask (2 workers, 1 worker) and the local pool: several minutes

bench-risk: setup
	$(BIN)/python bench/chicago.py

lint: setup
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache demo-out
