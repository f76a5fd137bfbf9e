# Two commands on a fresh machine: `make run` starts pimbot, `make test` runs every check.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test lint check bench clean

$(BIN)/pimbot: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

run: $(BIN)/pimbot
	$(BIN)/pimbot

test: $(BIN)/pimbot
	$(BIN)/ruff check .
	$(BIN)/pytest

lint: $(BIN)/pimbot
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: $(BIN)/pimbot
	$(BIN)/pimbot check

bench: $(BIN)/pimbot
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python -m bench.benchmark

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
