# Each target sets up its own virtual environment in .venv from nothing but Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: all charts test notebooks benchmarks clean

all: charts

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("reserves needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# One stamp per extra, redone when pyproject.toml changes.
$(VENV)/.%-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e ".[$*]"
	touch $@

charts: $(VENV)/.charts-installed
	$(BIN)/reserves validate
	$(BIN)/reserves charts

test: $(VENV)/.test-installed
	$(BIN)/ruff check reserves tests benchmarks
	$(BIN)/python -m pytest

benchmarks: $(VENV)/.bench-installed
	$(BIN)/python benchmarks/run.py

notebooks: $(VENV)/.notebooks-installed
	$(BIN)/jupyter lab notebooks/

clean:
	rm -rf $(VENV)
