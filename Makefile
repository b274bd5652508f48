# Two entry points for a newcomer: `make run` and `make test`. Each builds .venv when it is missing or older than
# pyproject.toml or requirements.lock, then runs. The venv gets exactly the versions of requirements.lock, each
# checked against its hash, then the project itself without dependencies. After changing the dependencies in
# pyproject.toml, `make lock` writes requirements.lock again (uv, for Python 3.11 and up, every platform, the dev
# extra included) and the next `make` installs from it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements.lock
# The lock tool lives in its own venv inside .venv (never in the locked set it resolves).
UV := $(VENV)/tools/bin/uv

.PHONY: run test lint bench lock clean-venv

$(STAMP): pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

$(UV):
	$(PYTHON) -m venv $(VENV)/tools
	$(VENV)/tools/bin/python -m pip install --quiet uv

lock: $(UV)
	$(UV) pip compile pyproject.toml --extra dev --universal --python-version 3.11 --generate-hashes \
		--custom-compile-command "make lock" --quiet -o $(LOCK)

run: $(STAMP)
	$(BIN)/python -m bot

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -n auto

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	$(BIN)/python -m bench

clean-venv:
	rm -rf $(VENV)
