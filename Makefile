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
	$(BIN)/quotewatch demo

# the bundled samples as a local news site with an RSS feed, for `quotewatch follow` (README "Monitoring")
serve-samples: install
	$(BIN)/python tools/serve_samples.py --port 8765

# the archive tests start a throwaway PostgreSQL server: install it where the machine lacks it
postgres:
	@command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }

# the browser tests drive Debian's headless Chromium
chromium:
	@command -v chromium >/dev/null || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: install postgres chromium
	$(BIN)/ruff check src tests bench tools
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/extract.py

# renew the README's screenshots (the tests write theirs to a temporary folder)
screenshots: install chromium
	QUOTEWATCH_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest -q tests/test_browser.py

.PHONY: install demo test bench postgres chromium screenshots serve-samples
