# Two commands on a fresh machine: `make run` starts pimbot, `make test` runs every check.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test lint check bench lock messages clean

# Dependencies come from the lock (exact versions, checked by hash); the project itself is installed on top.
# One line per step: a first run installs for about half a minute, and silence looks like a hang.
$(BIN)/pimbot: pyproject.toml requirements-dev.txt
	@echo "pimbot: [1/4] making a virtual environment in $(VENV) (first run only)"
	@$(PYTHON) -m venv $(VENV)
	@echo "pimbot: [2/4] updating pip"
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@echo "pimbot: [3/4] installing the pinned dependencies (about 30 s)"
	@$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.txt
	@echo "pimbot: [4/4] installing pimbot itself"
	@$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@
	@echo "pimbot: installed"

run: $(BIN)/pimbot
	$(BIN)/pimbot

# Four workers on any machine, idle ones taking queued tests from busy ones (worksteal): part of the suite waits on
# real processes and clocks, and workers beyond the cores overlap the waiting; each worker also costs about 1-2.5 s
# of CPU to start. On this 2-core machine as it is now (a `pimbot serve` is ready after 0.9 s of CPU), 4 workers
# took 35-37 s where 3 took 35-42 s; in earlier sessions, when the same start took 1.8-2.1 s of CPU and the suite
# was CPU-bound, 3 took 76-83 s where 4 took 80-86 s.
# Bytecode is cached even where PYTHONDONTWRITEBYTECODE is set: every pimbot process a test starts reads it.
test: $(BIN)/pimbot
	$(BIN)/ruff check .
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -n 4 --dist worksteal

lint: $(BIN)/pimbot
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: $(BIN)/pimbot
	$(BIN)/pimbot check

bench: $(BIN)/pimbot
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python -m bench.benchmark

# After changing a dependency in pyproject.toml: pin every version again, with hashes, for Python 3.11 and up.
lock: $(BIN)/pimbot
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes \
		--custom-compile-command "make lock" -q -o requirements.txt
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 --generate-hashes \
		--custom-compile-command "make lock" -q -o requirements-dev.txt

messages: $(BIN)/pimbot
	$(BIN)/pybabel extract --no-location --omit-header -k N_ -k N_plural:1,2 -o bot/locale/pimbot.pot \
		bot/messages.py bot/messages_cli.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
