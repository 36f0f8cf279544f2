# Two entry points for a fresh machine: `make demo` (the main job on the sample data) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

$(BIN)/quotewatch: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/quotewatch

install: $(BIN)/quotewatch

demo: install
	$(BIN)/quotewatch extract

test: install
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/extract.py

.PHONY: install demo test bench
